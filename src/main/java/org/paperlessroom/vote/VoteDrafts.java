package org.paperlessroom.vote;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.paperlessroom.web.ApiException;
import org.paperlessroom.web.RequestBody;

import java.util.ArrayList;
import java.util.List;

/** What the chair may set on a vote, checked; and a ballot's choices checked against the vote. */
final class VoteDrafts {
  private static final int MAX_OPTIONS = 20;

  private VoteDrafts() {
  }

  /** A new draft from the body, or {@code before} changed by the fields the body has. */
  static VoteRepository.Draft parse(RequestBody body, Vote before) {
    String question = before == null ? body.requiredText("question", 1, 1000)
        : body.optionalText("question", 1, 1000).orElse(before.question());
    VoteKind kind = body.optionalText("kind", 1, 20).map(k -> VoteKind.fromCode(k).orElseThrow(() ->
        ApiException.invalidField("kind", "kind must be yes_no or choice."))).orElse(before == null ? VoteKind.YES_NO : before.kind());
    List<String> options = body.has("options") ? labels(body.optionalArray("options").orElseThrow())
        : before != null && before.kind() == kind ? before.options()
        : kind == VoteKind.YES_NO ? VoteKind.DEFAULT_LABELS : null;
    if (options == null) {
      throw ApiException.invalidField("options", "A choice vote needs its options (2 to " + MAX_OPTIONS + ").");
    }
    if (kind == VoteKind.YES_NO && options.size() != 3) {
      throw ApiException.invalidField("options", "A yes/no vote has three labels: in favour, against, abstain.");
    }
    int maxChoices = body.optionalInt("maxChoices", 1, MAX_OPTIONS).orElse(before == null || kind == VoteKind.YES_NO ? 1 : before.maxChoices());
    if (kind == VoteKind.YES_NO && maxChoices != 1 || maxChoices > options.size()) {
      throw ApiException.invalidField("maxChoices", "maxChoices must be 1 for a yes/no vote and at most the number of options.");
    }
    boolean secret = body.optionalBoolean("secret").orElse(before != null && before.secret());
    VoteRule rule = body.optionalText("rule", 1, 40).map(r -> VoteRule.fromCode(r).orElseThrow(() ->
            ApiException.invalidField("rule", "rule must be majority_cast, majority_members or two_thirds_members.")))
        .orElse(before == null ? VoteRule.MAJORITY_MEMBERS : before.rule());
    boolean chairBreaksTie = body.optionalBoolean("chairBreaksTie").orElse(before != null && before.chairBreaksTie());
    boolean quorum = body.optionalBoolean("quorumRequired").orElse(before == null || before.quorumRequired());
    boolean allowChange = body.optionalBoolean("allowChange").orElse(before != null && before.allowChange());
    Integer countdown = body.isNull("countdownSeconds") ? null
        : body.optionalInt("countdownSeconds", 10, 86_400).orElse(before == null ? null : before.countdownSeconds());
    Long itemId = body.isNull("itemId") ? null : body.optionalId("itemId").orElse(before == null ? null : before.itemId());
    if (secret && allowChange) {
      throw ApiException.invalidField("allowChange", "A secret ballot cannot be changed: nobody, not even the server, knows which one was yours.");
    }
    if (secret && chairBreaksTie) {
      throw ApiException.invalidField("chairBreaksTie", "In a secret ballot nobody knows the chair's side, so it cannot break a tie.");
    }
    return new VoteRepository.Draft(itemId, question, kind, options, maxChoices, secret, rule, chairBreaksTie, quorum,
        allowChange, countdown);
  }

  private static List<String> labels(JsonArray array) {
    if (array.size() < 2 || array.size() > MAX_OPTIONS) {
      throw ApiException.invalidField("options", "A vote has 2 to " + MAX_OPTIONS + " options.");
    }
    List<String> out = new ArrayList<>();
    for (Object o : array) {
      String label = o instanceof String s ? RequestBody.nfc(s).strip() : "";
      if (label.isEmpty() || label.length() > 200 || label.chars().anyMatch(c -> c < 0x20) || out.contains(label)) {
        throw ApiException.invalidField("options", "Each option is a distinct text of 1 to 200 characters.");
      }
      out.add(label);
    }
    return out;
  }

  /** The vote's agenda item must be one of its meeting's. */
  static Future<Void> checkItem(SqlClient sql, long meetingId, Long itemId) {
    if (itemId == null) {
      return Future.succeededFuture();
    }
    return sql.preparedQuery("SELECT 1 FROM agenda_items WHERE id = $1 AND meeting_id = $2").execute(Tuple.of(itemId, meetingId))
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture()
            : Future.failedFuture(ApiException.invalidField("itemId", "The vote's agenda item must be an item of this meeting.")));
  }

  /** The choices as a bit set, checked: one for yes/no, 1..maxChoices of the options for a choice vote. */
  static int ballotBits(Vote v, List<Integer> choices) {
    if (choices.isEmpty() || choices.size() > v.maxChoices()) {
      throw ApiException.invalidField("choices", v.maxChoices() == 1 ? "Choose exactly one option."
          : "Choose from 1 to " + v.maxChoices() + " options.");
    }
    int bits = 0;
    for (int c : choices) {
      if (c >= v.options().size()) {
        throw ApiException.invalidField("choices", "There is no option " + c + ": the options are numbered 0 to " + (v.options().size() - 1) + ".");
      }
      bits |= 1 << c;
    }
    return bits;
  }
}
