package org.paperlessroom.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.paperlessroom.live.LiveAddresses;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.BridgeClient;
import org.paperlessroom.support.Meetings;
import org.paperlessroom.support.Rooms;
import org.paperlessroom.support.TestApp;
import org.paperlessroom.support.TestPdfs;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperlessroom.support.Meetings.audited;

/** The administrator's view of the installation, taking documents off a meeting, clearing unused files. */
class AdminApiTest {

  @Test
  void aDocumentLeavesAMeetingOnlyWhenNotShownNorOnTheAgendaAndItsFileIsClearedLater() {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    JsonObject uploaded = room.chair().uploadReady(id, "se-xoa.pdf", TestPdfs.slides(2, Api.unique("xoa")), false);
    long doc = uploaded.getLong("id");
    String sha = uploaded.getString("hash");

    assertEquals(403, room.member().delete("/api/documents/" + doc).statusCode(), "a member did not upload it");
    // An uploader who became an observer acts no more.
    Meetings.Person secretary = Meetings.addPerson(room, "Thư ký sẽ thành người theo dõi", "secretary");
    long theirs = secretary.api().uploadReady(id, "cua-thu-ky.pdf", TestPdfs.slides(1, Api.unique("tk")), false).getLong("id");
    Meetings.ok(room.chair().put("/api/meetings/" + id + "/participants/" + secretary.id(),
        new JsonObject().put("roles", new JsonArray().add("observer"))));
    assertEquals(403, secretary.api().delete("/api/documents/" + theirs).statusCode());
    try (BridgeClient chair = BridgeClient.connect(room.chair())) {
      chair.request(LiveAddresses.command(id), new JsonObject().put("op", "show").put("documentId", doc).put("page", 1));
      var presented = room.chair().delete("/api/documents/" + doc);
      assertEquals(409, presented.statusCode());
      assertEquals("presented", presented.bodyAsJsonObject().getString("error"));
      chair.request(LiveAddresses.command(id), new JsonObject().put("op", "stop"));
    }
    long item = Meetings.addItem(room.chair(), id, new JsonObject().put("title", "Có tài liệu").put("documentIds", new JsonArray().add(doc)));
    var listed = room.chair().delete("/api/documents/" + doc);
    assertEquals(409, listed.statusCode());
    assertEquals("on_agenda", listed.bodyAsJsonObject().getString("error"));
    Meetings.ok(room.chair().patch("/api/meetings/" + id + "/agenda/" + item, new JsonObject().put("documentIds", new JsonArray())));
    Meetings.ok(room.chair().delete("/api/documents/" + doc));
    assertEquals(404, room.chair().get("/api/documents/" + doc).statusCode());
    assertEquals(1, audited(id, "document.delete"));

    // The file stays until an administrator clears unused files (an hour after it came, to spare uploads on their way).
    Api admin = room.admin();
    assertEquals(403, room.chair().get("/api/admin/status").statusCode());
    var pool = TestApp.get().database().pool();
    pool.preparedQuery("UPDATE files SET created_at = now() - interval '2 hours' WHERE sha256 = $1").execute(Tuple.of(sha)).await();
    JsonObject status = Meetings.ok(admin.get("/api/admin/status"));
    assertTrue(status.getLong("unusedFiles") >= 1, status::encode);
    assertTrue(status.getLong("documentsBytes") > 0);
    assertTrue(status.getLong("meetings") >= 1);
    assertTrue(status.containsKey("connectedClients") && status.containsKey("lastBackup") && status.containsKey("version"));
    Path original = TestApp.get().config().documentsDir().resolve("originals").resolve(sha.substring(0, 2)).resolve(sha);
    assertTrue(Files.exists(original));
    assertEquals(400, admin.post("/api/admin/unused-files/delete", new JsonObject()).statusCode(), "needs the confirmation");
    assertEquals(403, room.chair().post("/api/admin/unused-files/delete", new JsonObject().put("confirm", true)).statusCode());
    JsonObject cleaned = Meetings.ok(admin.post("/api/admin/unused-files/delete", new JsonObject().put("confirm", true)));
    assertTrue(cleaned.getInteger("removedFiles") >= 1);
    assertTrue(cleaned.getLong("freedBytes") > 0);
    assertFalse(Files.exists(original), "the stored file is gone");
    long rows = pool.preparedQuery("SELECT count(*) FROM files WHERE sha256 = $1").execute(Tuple.of(sha)).await()
        .iterator().next().getLong(0);
    assertEquals(0, rows);
    long logged = pool.preparedQuery("SELECT count(*) FROM audit_log WHERE action = 'admin.cleanup'").execute().await()
        .iterator().next().getLong(0);
    assertTrue(logged >= 1);
  }
}
