package org.paperlessroom.minutes;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import org.paperlessroom.agenda.Agenda;
import org.paperlessroom.agenda.AgendaItem;
import org.paperlessroom.attendance.Attendance;
import org.paperlessroom.attendance.Attendee;
import org.paperlessroom.meeting.Meeting;
import org.paperlessroom.meeting.MeetingFacts;
import org.paperlessroom.vote.Vote;
import org.paperlessroom.vote.VoteRecords;

import java.util.List;
import java.util.Map;

/**
 * Everything the minutes say, gathered: the meeting's facts and times, chair and secretary, who was
 * present, absent (with reasons) and guests (from attendance), and per agenda item its presenter,
 * documents, speakers, votes with their results, and what the secretary wrote. The same report feeds
 * the page and the PDF, in both languages.
 */
final class MinutesReport {
  private MinutesReport() {
  }

  static Future<JsonObject> of(SqlClient sql, long meetingId, MinutesRepository.State state, Map<String, MinutesRepository.Field> fields) {
    return MeetingFacts.of(sql, meetingId).compose(meeting -> MeetingFacts.times(sql, meetingId)
        .compose(times -> Attendance.people(sql, meetingId)
            .compose(people -> Agenda.items(sql, meetingId)
                .compose(items -> Agenda.speakers(sql, meetingId)
                    .compose(speakers -> VoteRecords.closed(sql, meetingId)
                        .map(votes -> build(meeting, times, people, items, speakers, votes, state, fields)))))));
  }

  private static JsonObject build(Meeting m, MeetingFacts.Times times, List<Attendee> people, List<AgendaItem> items,
                                  JsonArray speakers, List<Vote> votes, MinutesRepository.State state,
                                  Map<String, MinutesRepository.Field> fields) {
    JsonArray chairs = new JsonArray();
    JsonArray secretaries = new JsonArray();
    JsonArray present = new JsonArray();
    JsonArray absent = new JsonArray();
    JsonArray guests = new JsonArray();
    int members = 0;
    int membersPresent = 0;
    for (Attendee a : people) {
      JsonObject person = new JsonObject().put("name", a.name()).put("position", a.position());
      if (a.roles().contains("chair")) {
        chairs.add(person.copy());
      }
      if (a.roles().contains("secretary")) {
        secretaries.add(person.copy());
      }
      boolean here = a.status() != null && a.status().present();
      if (a.votingMember()) {
        members++;
        membersPresent += here ? 1 : 0;
      }
      if (a.guest() || a.roles().contains("guest")) {
        if (here) {
          guests.add(person);
        }
      } else if (here) {
        present.add(person.put("how", a.status().code()));
      } else {
        absent.add(person.put("reason", a.reason()).put("status", a.status() == null ? null : a.status().code()));
      }
    }
    JsonArray agenda = new JsonArray();
    for (AgendaItem item : items) {
      JsonArray docs = new JsonArray();
      item.documents().forEach(d -> docs.add(new JsonObject().put("name", d.name()).put("classified", d.classified())));
      JsonArray itemSpeakers = new JsonArray();
      for (Object o : speakers) {
        JsonObject s = (JsonObject) o;
        if (Long.valueOf(item.id()).equals(s.getLong("itemId")) && s.getString("startedAt") != null) {
          itemSpeakers.add(new JsonObject().put("name", s.getString("name")).put("startedAt", s.getString("startedAt"))
              .put("endedAt", s.getString("endedAt")));
        }
      }
      JsonArray itemVotes = new JsonArray();
      votes.stream().filter(v -> Long.valueOf(item.id()).equals(v.itemId())).forEach(v -> itemVotes.add(v.toJson()));
      agenda.add(new JsonObject().put("id", item.id()).put("position", item.position()).put("title", item.title())
          .put("presenter", item.presenterName()).put("documents", docs).put("speakers", itemSpeakers)
          .put("votes", itemVotes)
          .put("discussion", text(fields, "item:" + item.id() + ":discussion"))
          .put("conclusion", text(fields, "item:" + item.id() + ":conclusion"))
          .put("tasks", tasks(fields, "item:" + item.id() + ":tasks")));
    }
    JsonArray otherVotes = new JsonArray();
    votes.stream().filter(v -> v.itemId() == null || items.stream().noneMatch(i -> i.id() == v.itemId()))
        .forEach(v -> otherVotes.add(v.toJson()));
    return new JsonObject()
        .put("meeting", new JsonObject().put("id", m.id()).put("title", m.title()).put("orgParent", m.orgParent())
            .put("orgName", m.orgName()).put("location", m.location()).put("startsAt", m.startsAt().toString())
            .put("startedAt", times.startedAt() == null ? null : times.startedAt().toString())
            .put("endedAt", times.endedAt() == null ? null : times.endedAt().toString()).put("status", m.status().code()))
        .put("number", text(fields, "general:number")).put("recipients", text(fields, "general:recipients"))
        .put("opening", text(fields, "general:opening")).put("closing", text(fields, "general:closing"))
        .put("chairs", chairs).put("secretaries", secretaries).put("present", present).put("absent", absent)
        .put("guests", guests).put("members", members).put("membersPresent", membersPresent)
        .put("agenda", agenda).put("otherVotes", otherVotes).put("state", state.toJson());
  }

  private static String text(Map<String, MinutesRepository.Field> fields, String key) {
    MinutesRepository.Field f = fields.get(key);
    return f == null ? "" : f.content().getString("text", "");
  }

  private static JsonArray tasks(Map<String, MinutesRepository.Field> fields, String key) {
    MinutesRepository.Field f = fields.get(key);
    return f == null ? new JsonArray() : f.content().getJsonArray("tasks", new JsonArray());
  }
}
