package org.paperlessroom.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.paperlessroom.Application;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.Meetings;
import org.paperlessroom.support.TestApp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** scripts/run --demo: a demo meeting on an empty database, never twice, never over real data. */
class DemoSeedTest {
  private static final Map<String, String> DEMO = Map.of("PAPERLESS_DEMO", "true");

  private static JsonArray meetings(Api admin) {
    JsonObject d = Meetings.ok(admin.get("/api/meetings"));
    JsonArray all = new JsonArray();
    for (String group : List.of("inProgress", "upcoming", "past")) {
      d.getJsonArray(group).forEach(all::add);
    }
    return all;
  }

  private static long demoUsers(Api admin) {
    return Meetings.ok(admin.get("/api/users")).getJsonArray("users").stream()
        .filter(u -> ((JsonObject) u).getString("username").startsWith("demo.")).count();
  }

  @Test
  void anEmptyDatabaseGetsADemoMeetingOnceAndNothingIsDuplicated() {
    Path dataDir = TestApp.tempDir("paperless-demo");
    long meetingId;
    Application first = TestApp.start(dataDir, DEMO);
    try {
      Api admin = new Api(first.port()).signIn("admin", TestApp.ADMIN_PASSWORD);
      JsonArray all = meetings(admin);
      assertEquals(1, all.size(), all::encode);
      meetingId = all.getJsonObject(0).getLong("id");
      assertTrue(all.getJsonObject(0).getString("title").contains("bản trình diễn"));
      assertEquals(6, demoUsers(admin), "chair, secretary, presenter and three members");
      JsonObject agenda = Meetings.ok(admin.get("/api/meetings/" + meetingId + "/agenda"));
      assertEquals(4, agenda.getJsonArray("items").size());
      long deck = agenda.getJsonArray("items").getJsonObject(1).getJsonArray("documents").getJsonObject(0).getLong("id");
      JsonObject rendered = admin.awaitRendered(deck, Duration.ofSeconds(60));
      assertEquals(6, rendered.getInteger("pageCount"));
      JsonObject detail = Meetings.ok(admin.get("/api/meetings/" + meetingId)).getJsonObject("meeting");
      assertEquals(6, detail.getJsonArray("participants").size());
      JsonObject minutes = Meetings.ok(admin.get("/api/meetings/" + meetingId + "/minutes"));
      assertEquals("01/BB-VKS", minutes.getJsonObject("fields").getJsonObject("general:number").getJsonObject("content").getString("text"));
    } finally {
      first.stop().await();
    }
    Application again = TestApp.start(dataDir, DEMO);
    try {
      Api admin = new Api(again.port()).signIn("admin", TestApp.ADMIN_PASSWORD);
      assertEquals(1, meetings(admin).size(), "run again: nothing duplicated");
      assertEquals(6, demoUsers(admin));
    } finally {
      again.stop().await();
    }
  }

  @Test
  void theDemoIsCreatedBehindAnHttpsAddressToo() {
    // With an https public URL the cookies are Secure; the seeding still talks to the server directly.
    Path dataDir = TestApp.tempDir("paperless-demo-https");
    Application app = TestApp.start(dataDir, Map.of("PAPERLESS_DEMO", "true", "PAPERLESS_PUBLIC_URL", "https://meet.example.org"));
    try {
      long count = app.database().pool().query("SELECT count(*) FROM meetings").execute().await().iterator().next().getLong(0);
      assertEquals(1, count);
    } finally {
      app.stop().await();
    }
  }

  @Test
  void aDatabaseWithRealMeetingsIsLeftAlone() {
    Path dataDir = TestApp.tempDir("paperless-demo-real");
    String title = "Họp thật " + System.nanoTime();
    Application plain = TestApp.start(dataDir, Map.of());
    try {
      Api admin = new Api(plain.port()).signIn("admin", TestApp.ADMIN_PASSWORD);
      JsonObject chair = admin.createUser("Chủ trì thật", "password-real");
      assertEquals(201, admin.post("/api/meetings", new JsonObject().put("title", title).put("startsAt", "2026-12-01T01:00:00Z")
          .put("participants", new JsonArray().add(new JsonObject().put("userId", chair.getLong("id"))
              .put("roles", new JsonArray().add("chair"))))).statusCode());
    } finally {
      plain.stop().await();
    }
    Application demo = TestApp.start(dataDir, DEMO);
    try {
      Api admin = new Api(demo.port()).signIn("admin", TestApp.ADMIN_PASSWORD);
      JsonArray all = meetings(admin);
      assertEquals(1, all.size());
      assertEquals(title, all.getJsonObject(0).getString("title"));
      assertEquals(0, demoUsers(admin));
    } finally {
      demo.stop().await();
    }
  }
}
