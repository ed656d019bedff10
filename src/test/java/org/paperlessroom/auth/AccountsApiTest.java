package org.paperlessroom.auth;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.TestApp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccountsApiTest {

  private static long count(String sql) {
    return TestApp.get().database().pool().query(sql).execute().await().iterator().next().getLong(0);
  }

  @Test
  void notSignedInGets401AndNothingChanges() {
    Api anonymous = Api.forTestApp();
    anonymous.get("/api/session");
    HttpResponse<Buffer> r = anonymous.get("/api/meetings");
    assertEquals(401, r.statusCode());
    assertEquals("not_signed_in", r.bodyAsJsonObject().getString("error"));
    long meetings = count("SELECT count(*) FROM meetings");
    HttpResponse<Buffer> create = anonymous.post("/api/meetings", new JsonObject().put("title", "x")
        .put("startsAt", "2026-12-01T08:00:00Z"));
    assertEquals(401, create.statusCode());
    assertEquals(meetings, count("SELECT count(*) FROM meetings"));
    assertNull(anonymous.get("/api/session").bodyAsJsonObject().getValue("user"));
  }

  @Test
  void signInSignOutAndTheCookieIsHttpOnlyAndLax() {
    Api admin = Api.admin();
    JsonObject user = admin.createUser("Nguyễn Văn An", "password-1");
    Api api = Api.forTestApp();
    api.get("/api/session");
    HttpResponse<Buffer> r = api.post("/api/session", new JsonObject().put("username", user.getString("username"))
        .put("password", "password-1"));
    assertEquals(200, r.statusCode(), r::bodyAsString);
    String setCookie = String.join("\n", r.headers().getAll("Set-Cookie"));
    assertTrue(setCookie.contains("paperless.session="), setCookie);
    assertTrue(setCookie.toLowerCase().contains("httponly"), setCookie);
    assertTrue(setCookie.contains("SameSite=Lax"), setCookie);
    assertFalse(setCookie.contains("Secure"), "plain http in tests: no Secure flag");
    api.get("/api/session");
    assertEquals("Nguyễn Văn An", api.get("/api/session").bodyAsJsonObject().getJsonObject("user").getString("displayName"));
    assertEquals(204, api.delete("/api/session").statusCode());
    assertNull(api.get("/api/session").bodyAsJsonObject().getValue("user"));
    assertEquals(401, api.get("/api/meetings").statusCode());
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameAnswer() {
    Api admin = Api.admin();
    JsonObject user = admin.createUser("Trần Thị Bình", "password-2");
    Api api = Api.forTestApp();
    api.get("/api/session");
    HttpResponse<Buffer> wrong = api.post("/api/session", new JsonObject().put("username", user.getString("username"))
        .put("password", "nope-nope"));
    HttpResponse<Buffer> unknown = api.post("/api/session", new JsonObject().put("username", "nobody-" + System.nanoTime())
        .put("password", "nope-nope"));
    assertEquals(401, wrong.statusCode());
    assertEquals(wrong.statusCode(), unknown.statusCode());
    assertEquals(wrong.bodyAsString(), unknown.bodyAsString(), "no username enumeration");
  }

  @Test
  void tooManyFailuresAreThrottledWithRetryAfter() {
    Api admin = Api.admin();
    JsonObject user = admin.createUser("Lê Văn Cường", "password-3");
    Api api = Api.forTestApp();
    api.get("/api/session");
    JsonObject wrong = new JsonObject().put("username", user.getString("username")).put("password", "wrong-password");
    for (int i = 0; i < 10; i++) {
      assertEquals(401, api.post("/api/session", wrong).statusCode());
    }
    HttpResponse<Buffer> throttled = api.post("/api/session",
        new JsonObject().put("username", user.getString("username")).put("password", "password-3"));
    assertEquals(429, throttled.statusCode(), "even the right password waits");
    assertEquals("too_many_attempts", throttled.bodyAsJsonObject().getString("error"));
    assertNotNull(throttled.getHeader("Retry-After"));
    assertTrue(Integer.parseInt(throttled.getHeader("Retry-After")) > 0);
  }

  @Test
  void missingOrWrongCsrfTokenIsRefusedAndNothingChanges() {
    Api admin = Api.admin();
    long users = count("SELECT count(*) FROM users");
    JsonObject body = new JsonObject().put("username", "csrf-" + System.nanoTime()).put("displayName", "X")
        .put("password", "password-x");
    Api noToken = Api.admin().withoutCsrf();
    HttpResponse<Buffer> r = noToken.post("/api/users", body);
    assertEquals(403, r.statusCode(), r::bodyAsString);
    assertEquals("csrf_invalid", r.bodyAsJsonObject().getString("error"));
    HttpResponse<Buffer> forged = Api.admin().withCsrfToken("forged.123.abc").post("/api/users", body);
    assertEquals(403, forged.statusCode());
    assertEquals(users, count("SELECT count(*) FROM users"));
    assertEquals(201, admin.post("/api/users", body).statusCode(), "with the token it works");
  }

  @Test
  void aDeactivatedUsersOldSessionStopsWorking() {
    Api admin = Api.admin();
    JsonObject user = admin.createUser("Phạm Thị Dung", "password-4");
    Api session = Api.forTestApp().signIn(user.getString("username"), "password-4");
    assertEquals(200, session.get("/api/meetings").statusCode());
    HttpResponse<Buffer> off = admin.patch("/api/users/" + user.getLong("id"), new JsonObject().put("active", false));
    assertEquals(200, off.statusCode(), off::bodyAsString);
    assertEquals(401, session.get("/api/meetings").statusCode());
    Api again = Api.forTestApp();
    again.get("/api/session");
    assertEquals(401, again.post("/api/session", new JsonObject().put("username", user.getString("username"))
        .put("password", "password-4")).statusCode(), "cannot sign in while deactivated");
  }

  @Test
  void adminResetsAPasswordAndUsersChangeTheirOwn() {
    Api admin = Api.admin();
    JsonObject user = admin.createUser("Hoàng Văn Em", "password-5");
    Api old = Api.forTestApp().signIn(user.getString("username"), "password-5");
    assertEquals(204, admin.post("/api/users/" + user.getLong("id") + "/password",
        new JsonObject().put("password", "reset-password")).statusCode());
    assertEquals(401, old.get("/api/meetings").statusCode(), "a reset signs the user out everywhere");
    Api me = Api.forTestApp().signIn(user.getString("username"), "reset-password");
    assertEquals(403, me.post("/api/me/password", new JsonObject().put("currentPassword", "bad")
        .put("newPassword", "my-own-password")).statusCode());
    HttpResponse<Buffer> tooShort = me.post("/api/me/password", new JsonObject().put("currentPassword", "reset-password")
        .put("newPassword", "short"));
    assertEquals(400, tooShort.statusCode());
    assertEquals("invalid_newPassword", tooShort.bodyAsJsonObject().getString("error"));
    assertEquals(204, me.post("/api/me/password", new JsonObject().put("currentPassword", "reset-password")
        .put("newPassword", "my-own-password")).statusCode());
    assertEquals(200, me.get("/api/meetings").statusCode(), "this device stays signed in");
    Api.forTestApp().signIn(user.getString("username"), "my-own-password");
  }

  @Test
  void onlyAdminsManageUsers() {
    Api admin = Api.admin();
    JsonObject user = admin.createUser("Vũ Thị Giang", "password-6");
    Api api = Api.forTestApp().signIn(user.getString("username"), "password-6");
    long users = count("SELECT count(*) FROM users");
    HttpResponse<Buffer> r = api.post("/api/users", new JsonObject().put("username", "sneaky-" + System.nanoTime())
        .put("displayName", "S").put("password", "password-s").put("admin", true));
    assertEquals(403, r.statusCode());
    assertEquals(users, count("SELECT count(*) FROM users"));
    assertEquals(403, api.patch("/api/users/" + user.getLong("id"), new JsonObject().put("admin", true)).statusCode());
    assertEquals(403, api.get("/api/audit").statusCode());
    JsonObject listed = api.get("/api/users").bodyAsJsonObject().getJsonArray("users").getJsonObject(0);
    assertFalse(listed.containsKey("username"), "non-admins see names, not usernames");
  }

  @Test
  void malformedInputIs400NamingTheField() {
    Api admin = Api.admin();
    HttpResponse<Buffer> badJson = admin.send(io.vertx.core.http.HttpMethod.POST, "/api/users", null);
    assertEquals(400, badJson.statusCode());
    HttpResponse<Buffer> badName = admin.post("/api/users", new JsonObject().put("username", "Bad Name!")
        .put("displayName", "x").put("password", "password-x"));
    assertEquals(400, badName.statusCode());
    assertEquals("invalid_username", badName.bodyAsJsonObject().getString("error"));
    HttpResponse<Buffer> wrongType = admin.post("/api/users", new JsonObject().put("username", "okname" + System.nanoTime())
        .put("displayName", 42).put("password", "password-x"));
    assertEquals("invalid_displayName", wrongType.bodyAsJsonObject().getString("error"));
    HttpResponse<Buffer> badPath = admin.patch("/api/users/abc", new JsonObject());
    assertEquals(400, badPath.statusCode());
    assertEquals("invalid_userId", badPath.bodyAsJsonObject().getString("error"));
    HttpResponse<Buffer> notFound = admin.get("/api/nothing-here");
    assertEquals(404, notFound.statusCode());
    assertEquals("not_found", notFound.bodyAsJsonObject().getString("error"));
  }

  @Test
  void textIsStoredAsNfc() {
    Api admin = Api.admin();
    String decomposed = java.text.Normalizer.normalize("Nguyễn Thị Hường", java.text.Normalizer.Form.NFD);
    JsonObject user = admin.createUser(decomposed, "password-7");
    assertEquals("Nguyễn Thị Hường", user.getString("displayName"));
    assertTrue(java.text.Normalizer.isNormalized(user.getString("displayName"), java.text.Normalizer.Form.NFC));
  }
}
