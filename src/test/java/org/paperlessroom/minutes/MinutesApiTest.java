package org.paperlessroom.minutes;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.paperlessroom.support.Api;
import org.paperlessroom.support.Meetings;
import org.paperlessroom.support.Rooms;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperlessroom.support.Meetings.audited;

/** Saving the minutes: versions, conflicts that lose nothing, revisions, approval and unlocking. */
class MinutesApiTest {

  static HttpResponse<Buffer> save(Api who, long meetingId, String field, Object content, int base) {
    return who.put("/api/meetings/" + meetingId + "/minutes/fields/" + field,
        new JsonObject().put("content", content).put("baseVersion", base));
  }

  @Test
  void twoSecretariesSavingTheSameTextGetOneConflictAndNothingIsLost() {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    Meetings.Person lan = Meetings.addPerson(room, "Thư ký Nguyễn Thị Lan", "secretary");
    Meetings.Person minh = Meetings.addPerson(room, "Thư ký Trần Văn Minh", "secretary");
    long item = Meetings.addItem(room.chair(), id, new JsonObject().put("title", "Báo cáo tình hình"));
    String field = "item:" + item + ":discussion";

    // Both start from nothing (version 0) at the same moment: exactly one wins, the other gets both texts.
    List<Future<HttpResponse<Buffer>>> both = List.of(
        lan.api().sendAsync(HttpMethod.PUT, "/api/meetings/" + id + "/minutes/fields/" + field,
            new JsonObject().put("content", "Đ/c An: nhất trí với báo cáo.").put("baseVersion", 0)),
        minh.api().sendAsync(HttpMethod.PUT, "/api/meetings/" + id + "/minutes/fields/" + field,
            new JsonObject().put("content", "Đ/c Bình: đề nghị bổ sung số liệu.").put("baseVersion", 0)));
    Future.all(both).await();
    List<Integer> statuses = both.stream().map(f -> f.result().statusCode()).sorted().toList();
    assertEquals(List.of(200, 409), statuses, "one save, one conflict");
    HttpResponse<Buffer> conflict = both.stream().map(Future::result).filter(r -> r.statusCode() == 409).findFirst().orElseThrow();
    JsonObject details = conflict.bodyAsJsonObject().getJsonObject("details");
    assertEquals("edit_conflict", conflict.bodyAsJsonObject().getString("error"));
    String current = details.getJsonObject("current").getJsonObject("content").getString("text");
    String yours = details.getJsonObject("yours").getString("text");
    assertNotEquals(current, yours, "both texts come back to merge");
    Api loser = conflict == both.get(0).result() ? lan.api() : minh.api();

    // The loser merges on top of version 1.
    String merged = current + "\n\n" + yours;
    assertEquals(2, Meetings.ok(save(loser, id, field, merged, 1)).getInteger("version"));
    assertEquals(409, save(loser, id, field, "cũ", 1).statusCode(), "a save on an old version never overwrites");
    JsonObject minutes = Meetings.ok(room.chair().get("/api/meetings/" + id + "/minutes"));
    assertEquals(merged, minutes.getJsonObject("fields").getJsonObject(field).getJsonObject("content").getString("text"));

    // History, and restoring the first revision (a new revision; nothing disappears).
    JsonArray revisions = Meetings.ok(lan.api().get("/api/meetings/" + id + "/minutes/fields/" + field + "/revisions"))
        .getJsonArray("revisions");
    assertEquals(2, revisions.size());
    assertEquals(current, revisions.getJsonObject(1).getJsonObject("content").getString("text"));
    JsonObject restored = Meetings.ok(lan.api().post("/api/meetings/" + id + "/minutes/fields/" + field + "/restore",
        new JsonObject().put("version", 1).put("baseVersion", 2)));
    assertEquals(3, restored.getInteger("version"));
    JsonArray after = Meetings.ok(lan.api().get("/api/meetings/" + id + "/minutes/fields/" + field + "/revisions"))
        .getJsonArray("revisions");
    assertEquals(3, after.size());
    assertEquals(1, after.getJsonObject(0).getInteger("restoredFrom"));
    assertEquals(merged, after.getJsonObject(1).getJsonObject("content").getString("text"));

    // Only the secretary writes; a draft is not for members to read.
    assertEquals(403, save(room.member(), id, field, "x", 3).statusCode());
    assertEquals(403, save(room.chair(), id, field, "x", 3).statusCode(), "the chair approves, the secretary writes");
    assertEquals(403, room.member().get("/api/meetings/" + id + "/minutes").statusCode());
    assertEquals(400, save(lan.api(), id, "item:" + item + ":gossip", "x", 0).statusCode());
    assertEquals(400, save(lan.api(), id, "item:" + item + ":tasks", "not a list", 0).statusCode());
    assertEquals(400, save(lan.api(), id, "item:999999999:discussion", "x", 0).statusCode(), "not on this agenda");
    assertEquals(400, lan.api().put("/api/meetings/" + id + "/minutes/fields/general:number",
        new JsonObject().put("baseVersion", 0)).statusCode(), "content is required");
    assertEquals(2, audited(id, "minutes.save"), "the winner and the merge; the refused saves left nothing");
    assertEquals(1, audited(id, "minutes.restore"));
  }

  @Test
  void approvedMinutesAreLockedAndUnlockingStartsANewEdition() {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    Meetings.Person secretary = Meetings.addPerson(room, "Thư ký Phạm Hà", "secretary");
    long item = Meetings.addItem(room.chair(), id, new JsonObject().put("title", "Kết luận"));
    Meetings.ok(save(secretary.api(), id, "item:" + item + ":conclusion", "Thống nhất **thông qua** báo cáo.", 0));
    Meetings.ok(save(secretary.api(), id, "item:" + item + ":tasks", new JsonArray().add(new JsonObject()
        .put("task", "Hoàn thiện báo cáo").put("who", "Phòng Tổng hợp").put("deadline", "15/12/2026")), 0));
    assertEquals(403, room.member().post("/api/meetings/" + id + "/minutes/approve", new JsonObject()).statusCode());
    assertEquals(403, secretary.api().post("/api/meetings/" + id + "/minutes/approve", new JsonObject()).statusCode());

    JsonObject approved = Meetings.ok(room.chair().post("/api/meetings/" + id + "/minutes/approve", new JsonObject()))
        .getJsonObject("state");
    assertEquals("approved", approved.getString("status"));
    String sha = approved.getString("sha256");
    assertTrue(sha.matches("[0-9a-f]{64}"), sha);
    var locked = save(secretary.api(), id, "item:" + item + ":conclusion", "Sửa sau khi duyệt", 1);
    assertEquals(409, locked.statusCode());
    assertEquals("minutes_approved", locked.bodyAsJsonObject().getString("error"));
    // Members read approved minutes, with the text rendered safely.
    JsonObject read = Meetings.ok(room.member().get("/api/meetings/" + id + "/minutes"));
    assertEquals("<p>Thống nhất <strong>thông qua</strong> báo cáo.</p>\n",
        read.getJsonObject("fields").getJsonObject("item:" + item + ":conclusion").getString("html"));

    // What was approved stays as approved: the agenda changing later does not change the minutes.
    Meetings.ok(room.chair().patch("/api/meetings/" + id + "/agenda/" + item, new JsonObject().put("title", "Tên đổi sau khi duyệt")));
    JsonObject still = Meetings.ok(room.member().get("/api/meetings/" + id + "/minutes"));
    assertEquals("Kết luận", still.getJsonObject("report").getJsonArray("agenda").getJsonObject(0).getString("title"));
    assertEquals(sha, still.getJsonObject("state").getString("sha256"));
    JsonObject unlocked = Meetings.ok(room.chair().post("/api/meetings/" + id + "/minutes/unlock", new JsonObject()))
        .getJsonObject("state");
    assertEquals("draft", unlocked.getString("status"));
    assertEquals(2, unlocked.getInteger("edition"));
    Meetings.ok(save(secretary.api(), id, "item:" + item + ":conclusion", "Thống nhất thông qua báo cáo, có bổ sung.", 1));
    String second = Meetings.ok(room.chair().post("/api/meetings/" + id + "/minutes/approve", new JsonObject()))
        .getJsonObject("state").getString("sha256");
    assertNotEquals(sha, second, "the approved text changed");
    assertEquals(2, audited(id, "minutes.approve"));
    assertEquals(1, audited(id, "minutes.unlock"));
  }

  @Test
  void noHtmlGetsThroughTheFormatting() {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    Meetings.Person secretary = Meetings.addPerson(room, "Thư ký Đỗ Mai", "secretary");
    long item = Meetings.addItem(room.chair(), id, new JsonObject().put("title", "An toàn"));
    String field = "item:" + item + ":discussion";
    Meetings.ok(save(secretary.api(), id, field,
        "<script>alert(1)</script> [bấm vào](javascript:alert(2)) ![ảnh](http://evil.example/x.png)\n\n- một\n- **hai**", 0));
    String html = Meetings.ok(room.chair().get("/api/meetings/" + id + "/minutes")).getJsonObject("fields")
        .getJsonObject(field).getString("html");
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    assertTrue(!html.contains("<script") && !html.contains("href") && !html.contains("<img"), html);
    assertTrue(html.contains("bấm vào") && html.contains("ảnh") && html.contains("<li><strong>hai</strong></li>"), html);
  }
}
