package org.paperlessroom.vote;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/** A vote of a meeting: the question and how it is decided, where it stands, and its result once closed. */
public record Vote(long id, long meetingId, Long itemId, String question, VoteKind kind, List<String> options,
                   int maxChoices, boolean secret, VoteRule rule, boolean chairBreaksTie, boolean quorumRequired,
                   boolean allowChange, Integer countdownSeconds, String status, String cancelReason,
                   Integer membersTotal, Integer membersPresent, Integer eligibleCount, Instant openedAt,
                   Instant closesAt, Instant closedAt, JsonObject result) {

  static final String COLUMNS = """
      id, meeting_id, agenda_item_id, question, kind, options, max_choices, secret, rule, chair_breaks_tie,
      quorum_required, allow_change, countdown_seconds, status, cancel_reason, members_total, members_present,
      eligible_count, opened_at, closes_at, closed_at, result""";

  static Vote from(Row r) {
    Object result = r.getValue("result");
    return new Vote(r.getLong("id"), r.getLong("meeting_id"), r.getLong("agenda_item_id"), r.getString("question"),
        VoteKind.fromCode(r.getString("kind")).orElseThrow(), Arrays.asList(r.getArrayOfStrings("options")),
        r.getInteger("max_choices"), r.getBoolean("secret"), VoteRule.fromCode(r.getString("rule")).orElseThrow(),
        r.getBoolean("chair_breaks_tie"), r.getBoolean("quorum_required"), r.getBoolean("allow_change"),
        r.getInteger("countdown_seconds"), r.getString("status"), r.getString("cancel_reason"),
        r.getInteger("members_total"), r.getInteger("members_present"), r.getInteger("eligible_count"),
        instant(r.getOffsetDateTime("opened_at")), instant(r.getOffsetDateTime("closes_at")),
        instant(r.getOffsetDateTime("closed_at")), result instanceof JsonObject json ? json : null);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  public boolean open() {
    return "open".equals(status);
  }

  public boolean draft() {
    return "draft".equals(status);
  }

  /** What everybody may know of the vote: never a running tally, never who chose what in a secret vote. */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("meetingId", meetingId).put("itemId", itemId).put("question", question)
        .put("kind", kind.code()).put("options", new JsonArray(options)).put("maxChoices", maxChoices)
        .put("secret", secret).put("rule", rule.code()).put("chairBreaksTie", chairBreaksTie)
        .put("quorumRequired", quorumRequired).put("allowChange", allowChange).put("countdownSeconds", countdownSeconds)
        .put("status", status).put("cancelReason", cancelReason).put("membersTotal", membersTotal)
        .put("membersPresent", membersPresent).put("eligible", eligibleCount)
        .put("openedAt", text(openedAt)).put("closesAt", text(closesAt)).put("closedAt", text(closedAt))
        .put("result", result);
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
