package org.paperlessroom.agenda;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.paperlessroom.live.LiveAddresses;
import org.paperlessroom.support.BridgeClient;
import org.paperlessroom.support.Meetings;
import org.paperlessroom.support.Rooms;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperlessroom.support.Meetings.addItem;
import static org.paperlessroom.support.Meetings.agenda;
import static org.paperlessroom.support.Meetings.audited;
import static org.paperlessroom.support.Meetings.titles;

/** The agenda's items and order: who may change them, what is checked, what is audited and pushed. */
class AgendaApiTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void theSecretaryAndTheChairEditTheAgendaAndNobodyElseMay() {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    String base = "/api/meetings/" + id + "/agenda";
    Meetings.Person secretary = Meetings.addPerson(room, "Thư ký Lê Thị Hoa", "secretary");
    long deck = Rooms.readyDeck(room, 2, false);

    long report = addItem(secretary.api(), id, new JsonObject().put("title", "Báo cáo công tác tháng 11")
        .put("presenterId", room.memberId()).put("plannedMinutes", 20).put("documentIds", new JsonArray().add(deck)));
    long plan = addItem(room.chair(), id, new JsonObject().put("title", "Kế hoạch tháng 12").put("plannedMinutes", 15));
    long other = addItem(secretary.api(), id, new JsonObject().put("title", "Việc khác").put("position", 1));
    assertEquals(List.of("Việc khác", "Báo cáo công tác tháng 11", "Kế hoạch tháng 12"), titles(agenda(room.member(), id)));
    JsonObject first = agenda(room.member(), id).getJsonArray("items").getJsonObject(1);
    assertEquals("Thành viên", first.getString("presenterName"));
    assertEquals(deck, first.getJsonArray("documents").getJsonObject(0).getLong("id"));
    assertEquals(2, first.getJsonArray("documents").getJsonObject(0).getInteger("pageCount"));

    // A member, an observer and an outsider cannot change it; the outsider cannot even read it.
    long version = agenda(room.member(), id).getLong("version");
    assertEquals(403, room.member().post(base, new JsonObject().put("title", "Của thành viên")).statusCode());
    assertEquals(403, room.observer().patch(base + "/" + plan, new JsonObject().put("title", "Đổi")).statusCode());
    assertEquals(403, room.member().delete(base + "/" + plan).statusCode());
    assertEquals(403, room.member().put(base + "/order", new JsonObject().put("itemIds", new JsonArray().add(plan).add(report).add(other))).statusCode());
    assertEquals(403, room.outsider().get(base).statusCode());
    JsonObject unchanged = agenda(room.chair(), id);
    assertEquals(version, unchanged.getLong("version"));
    assertEquals(List.of("Việc khác", "Báo cáo công tác tháng 11", "Kế hoạch tháng 12"), titles(unchanged));
    assertTrue(unchanged.getJsonObject("can").getBoolean("edit"));
    assertTrue(!agenda(room.member(), id).getJsonObject("can").getBoolean("edit"));

    // Bad input: clear errors, nothing stored.
    assertEquals(400, secretary.api().post(base, new JsonObject().put("title", "  ")).statusCode());
    assertEquals(400, secretary.api().post(base, new JsonObject().put("title", "X").put("plannedMinutes", -5)).statusCode());
    var outsiderPresenter = secretary.api().post(base, new JsonObject().put("title", "X").put("presenterId", 999999));
    assertEquals(400, outsiderPresenter.statusCode());
    assertTrue(outsiderPresenter.bodyAsString().contains("participant"), outsiderPresenter::bodyAsString);
    Rooms.Room elsewhere = Rooms.create();
    long foreignDeck = Rooms.readyDeck(elsewhere, 1, false);
    assertEquals(400, secretary.api().post(base, new JsonObject().put("title", "X")
        .put("documentIds", new JsonArray().add(foreignDeck))).statusCode());
    assertEquals(404, secretary.api().patch(base + "/999999999", new JsonObject().put("title", "X")).statusCode());
    assertEquals(3, agenda(room.chair(), id).getJsonArray("items").size());

    // Edit, reorder, delete.
    Meetings.ok(secretary.api().patch(base + "/" + plan, new JsonObject().put("title", "Kế hoạch công tác tháng 12")
        .put("presenterId", secretary.id()).put("description", "Dự thảo kế hoạch")));
    JsonObject reordered = Meetings.ok(room.chair().put(base + "/order",
        new JsonObject().put("itemIds", new JsonArray().add(plan).add(report).add(other))));
    assertEquals(List.of("Kế hoạch công tác tháng 12", "Báo cáo công tác tháng 11", "Việc khác"), titles(reordered));
    assertEquals("Thư ký Lê Thị Hoa", reordered.getJsonArray("items").getJsonObject(0).getString("presenterName"));
    var stale = room.chair().put(base + "/order", new JsonObject().put("itemIds", new JsonArray().add(plan).add(report)));
    assertEquals(409, stale.statusCode(), "an order that leaves an item out is stale");
    assertEquals("agenda_changed", stale.bodyAsJsonObject().getString("error"));
    JsonObject afterDelete = Meetings.ok(secretary.api().delete(base + "/" + report));
    assertEquals(List.of("Kế hoạch công tác tháng 12", "Việc khác"), titles(afterDelete));
    assertEquals(List.of(1, 2), afterDelete.getJsonArray("items").stream().map(i -> ((JsonObject) i).getInteger("position")).toList());
    assertEquals(404, secretary.api().delete(base + "/" + report).statusCode());
    Meetings.ok(secretary.api().patch(base + "/" + plan, new JsonObject().putNull("presenterId")));
    assertNull(agenda(room.member(), id).getJsonArray("items").getJsonObject(0).getLong("presenterId"));

    assertEquals(3, audited(id, "agenda.item.create"));
    assertEquals(2, audited(id, "agenda.item.update"));
    assertEquals(1, audited(id, "agenda.reorder"));
    assertEquals(1, audited(id, "agenda.item.delete"));
  }

  @Test
  void everyAgendaChangeReachesTheFollowersAtOnce() {
    Rooms.Room room = Rooms.create();
    long id = room.meetingId();
    String live = LiveAddresses.live(id);
    try (BridgeClient member = BridgeClient.connect(room.member())) {
      member.register(live);
      JsonObject snapshot = member.await(f -> live.equals(f.getString("address")), WAIT).getJsonObject("body");
      long version = snapshot.getJsonObject("state").getJsonObject("meeting").getLong("agendaVersion");
      long item = addItem(room.chair(), id, new JsonObject().put("title", "Nội dung mới"));
      JsonObject pushed = member.await(f -> live.equals(f.getString("address")), WAIT).getJsonObject("body");
      assertEquals(version + 1, pushed.getJsonObject("state").getJsonObject("meeting").getLong("agendaVersion"));
      assertTrue(pushed.getLong("seq") > snapshot.getLong("seq"));
      Meetings.ok(room.chair().delete("/api/meetings/" + id + "/agenda/" + item));
      JsonObject again = member.await(f -> live.equals(f.getString("address")), WAIT).getJsonObject("body");
      assertEquals(version + 2, again.getJsonObject("state").getJsonObject("meeting").getLong("agendaVersion"));
      assertEquals(version + 2, agenda(room.member(), id).getLong("version"));
    }
  }
}
