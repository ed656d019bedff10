package org.paperlessroom.vote;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.paperlessroom.web.ApiException;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** SQL for votes and ballots. The database holds the invariants: one ballot per eligible voter, only while open. */
final class VoteRepository {
  private static final String INSERT = """
      INSERT INTO votes (meeting_id, agenda_item_id, question, kind, options, max_choices, secret, rule,
        chair_breaks_tie, quorum_required, allow_change, countdown_seconds, created_by)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING\s""" + Vote.COLUMNS;
  private static final String UPDATE_DRAFT = """
      UPDATE votes SET agenda_item_id = $2, question = $3, kind = $4, options = $5, max_choices = $6, secret = $7,
        rule = $8, chair_breaks_tie = $9, quorum_required = $10, allow_change = $11, countdown_seconds = $12
      WHERE id = $1 AND status = 'draft' RETURNING\s""" + Vote.COLUMNS;
  private static final String BY_ID = "SELECT " + Vote.COLUMNS + " FROM votes WHERE id = $1";
  private static final String FOR_MEETING = "SELECT " + Vote.COLUMNS + " FROM votes WHERE meeting_id = $1 ORDER BY id";
  private static final String OPEN_WITH_DEADLINE = "SELECT " + Vote.COLUMNS + " FROM votes WHERE status = 'open'";
  private static final String DELETE_DRAFT = "DELETE FROM votes WHERE id = $1 AND status = 'draft'";
  private static final String ELIGIBLE = """
      INSERT INTO vote_eligible (vote_id, user_id)
      SELECT $1, p.user_id FROM participants p
      JOIN attendance a ON a.meeting_id = p.meeting_id AND a.user_id = p.user_id
      WHERE p.meeting_id = $2 AND 'member' = ANY (p.roles) AND a.status IN ('in_person', 'online')""";
  private static final String MEMBERS = """
      SELECT count(*) AS total, count(*) FILTER (WHERE a.status IN ('in_person', 'online')) AS present
      FROM participants p LEFT JOIN attendance a ON a.meeting_id = p.meeting_id AND a.user_id = p.user_id
      WHERE p.meeting_id = $1 AND 'member' = ANY (p.roles)""";
  private static final String MARK_OPEN = """
      UPDATE votes SET status = 'open', opened_at = $2, closes_at = $3, members_total = $4, members_present = $5,
        eligible_count = $6 WHERE id = $1 RETURNING\s""" + Vote.COLUMNS;
  private static final String TALLIES = """
      INSERT INTO secret_tallies (vote_id, option_index) SELECT $1, i FROM generate_series(0, $2 - 1) AS i""";
  private static final String INSERT_NAMED = """
      INSERT INTO named_ballots (vote_id, user_id, choices, client_id)
      SELECT $1, b.u, b.c, b.k FROM unnest($2::BIGINT[], $3::INTEGER[], $4::UUID[]) AS b(u, c, k)
      WHERE EXISTS (SELECT 1 FROM vote_eligible e WHERE e.vote_id = $1 AND e.user_id = b.u)
      ON CONFLICT (vote_id, user_id) DO NOTHING RETURNING user_id""";
  private static final String INSERT_SECRET = """
      INSERT INTO secret_voters (vote_id, user_id, client_id)
      SELECT $1, b.u, b.k FROM unnest($2::BIGINT[], $3::UUID[]) AS b(u, k)
      WHERE EXISTS (SELECT 1 FROM vote_eligible e WHERE e.vote_id = $1 AND e.user_id = b.u)
      ON CONFLICT (vote_id, user_id) DO NOTHING RETURNING user_id""";
  /** Every option's row is written by every batch, so that no row's version tells which options a batch chose. */
  private static final String ADD_TO_TALLIES = """
      UPDATE secret_tallies SET ballots = ballots + ($2::INTEGER[])[option_index + 1] WHERE vote_id = $1""";
  private static final String EXISTING_NAMED = """
      SELECT user_id, client_id, superseded_client_ids FROM named_ballots WHERE vote_id = $1 AND user_id = ANY ($2)""";
  private static final String EXISTING_SECRET = """
      SELECT user_id, client_id FROM secret_voters WHERE vote_id = $1 AND user_id = ANY ($2)""";
  private static final String CHANGE_NAMED = """
      UPDATE named_ballots SET choices = $3, client_id = $4, cast_at = now(),
        superseded_client_ids = array_append(superseded_client_ids, client_id) WHERE vote_id = $1 AND user_id = $2""";
  private static final String VOTED_NAMED = "SELECT count(*) FROM named_ballots WHERE vote_id = $1";
  private static final String VOTED_SECRET = "SELECT count(*) FROM secret_voters WHERE vote_id = $1";
  private static final String COUNT_NAMED = """
      SELECT i, count(b.user_id) AS n FROM generate_series(0, $2 - 1) AS i
      LEFT JOIN named_ballots b ON b.vote_id = $1 AND (b.choices & (1 << i)) <> 0
      GROUP BY i ORDER BY i""";
  private static final String COUNT_SECRET = "SELECT option_index AS i, ballots AS n FROM secret_tallies WHERE vote_id = $1 ORDER BY option_index";
  private static final String CHAIR_CHOICES = """
      SELECT bit_or(b.choices) FROM named_ballots b JOIN participants p ON p.user_id = b.user_id
      JOIN votes v ON v.id = b.vote_id AND p.meeting_id = v.meeting_id
      WHERE b.vote_id = $1 AND 'chair' = ANY (p.roles)""";
  private static final String NAMED_LIST = """
      SELECT b.user_id, u.display_name, b.choices FROM named_ballots b JOIN users u ON u.id = b.user_id
      WHERE b.vote_id = $1 ORDER BY u.display_name, b.user_id""";
  private static final String NOT_VOTED_NAMED = """
      SELECT u.display_name FROM vote_eligible e JOIN users u ON u.id = e.user_id
      WHERE e.vote_id = $1 AND NOT EXISTS (SELECT 1 FROM named_ballots b WHERE b.vote_id = e.vote_id AND b.user_id = e.user_id)
      ORDER BY u.display_name""";
  private static final String CLOSE = """
      UPDATE votes SET status = 'closed', closed_at = now(), result = $2 WHERE id = $1 AND status = 'open'
      RETURNING\s""" + Vote.COLUMNS;
  private static final String CANCEL = """
      UPDATE votes SET status = 'cancelled', cancel_reason = $2, closed_at = now()
      WHERE id = $1 AND status IN ('draft', 'open') RETURNING\s""" + Vote.COLUMNS;
  private static final String LOCK = "SELECT " + Vote.COLUMNS + " FROM votes WHERE id = $1 FOR UPDATE";
  private static final String MINE_NAMED = "SELECT choices, client_id FROM named_ballots WHERE vote_id = $1 AND user_id = $2";
  private static final String MINE_SECRET = "SELECT client_id FROM secret_voters WHERE vote_id = $1 AND user_id = $2";
  private static final String IS_ELIGIBLE = "SELECT 1 FROM vote_eligible WHERE vote_id = $1 AND user_id = $2";

  private VoteRepository() {
  }

  /** The fields of a draft. */
  record Draft(Long itemId, String question, VoteKind kind, List<String> options, int maxChoices, boolean secret,
               VoteRule rule, boolean chairBreaksTie, boolean quorumRequired, boolean allowChange, Integer countdownSeconds) {
    Tuple tuple(Object first) {
      return Tuple.from(new Object[] {first, itemId, question, kind.code(), options.toArray(String[]::new), maxChoices,
          secret, rule.code(), chairBreaksTie, quorumRequired, allowChange, countdownSeconds});
    }
  }

  static Future<Vote> insert(SqlClient sql, long meetingId, Draft d, long createdBy) {
    return sql.preparedQuery(INSERT).execute(d.tuple(meetingId).addLong(createdBy)).map(rows -> Vote.from(rows.iterator().next()));
  }

  static Future<Optional<Vote>> updateDraft(SqlClient sql, long voteId, Draft d) {
    return sql.preparedQuery(UPDATE_DRAFT).execute(d.tuple(voteId)).map(VoteRepository::first);
  }

  static Future<Boolean> deleteDraft(SqlClient sql, long voteId) {
    return sql.preparedQuery(DELETE_DRAFT).execute(Tuple.of(voteId)).map(rows -> rows.rowCount() == 1);
  }

  static Future<Optional<Vote>> byId(SqlClient sql, long voteId) {
    return sql.preparedQuery(BY_ID).execute(Tuple.of(voteId)).map(VoteRepository::first);
  }

  static Future<Vote> lock(SqlClient sql, long voteId) {
    return sql.preparedQuery(LOCK).execute(Tuple.of(voteId))
        .map(rows -> first(rows).orElseThrow(() -> ApiException.notFound("The vote")));
  }

  static Future<List<Vote>> forMeeting(SqlClient sql, long meetingId) {
    return sql.preparedQuery(FOR_MEETING).execute(Tuple.of(meetingId)).map(VoteRepository::all);
  }

  static Future<List<Vote>> allOpen(SqlClient sql) {
    return sql.preparedQuery(OPEN_WITH_DEADLINE).execute().map(VoteRepository::all);
  }

  /** Voting members of the meeting: [total, checked in now]. */
  static Future<int[]> members(SqlClient sql, long meetingId) {
    return sql.preparedQuery(MEMBERS).execute(Tuple.of(meetingId)).map(rows -> {
      Row r = rows.iterator().next();
      return new int[] {r.getLong("total").intValue(), r.getLong("present").intValue()};
    });
  }

  /** Opens a draft: the voting members checked in now become its voters. */
  static Future<Vote> open(SqlClient sql, Vote v, int[] members, Instant now) {
    Instant closes = v.countdownSeconds() == null ? null : now.plusSeconds(v.countdownSeconds());
    return sql.preparedQuery(ELIGIBLE).execute(Tuple.of(v.id(), v.meetingId()))
        .compose(inserted -> {
          if (inserted.rowCount() == 0) {
            return Future.failedFuture(ApiException.conflict("no_voters",
                "No voting member is checked in: check people in before opening the vote."));
          }
          return (v.secret() ? sql.preparedQuery(TALLIES).execute(Tuple.of(v.id(), v.options().size())).<Void>mapEmpty()
              : Future.<Void>succeededFuture())
              .compose(x -> sql.preparedQuery(MARK_OPEN).execute(Tuple.of(v.id(), utc(now), utc(closes), members[0],
                  members[1], inserted.rowCount())));
        })
        .map(rows -> Vote.from(rows.iterator().next()));
  }

  /**
   * Writes a batch of ballots (at most one per person) in the caller's transaction, which holds the
   * vote's lock; what became of each, by person.
   */
  static Future<Map<Long, Ballot.Outcome>> write(SqlClient sql, Vote v, List<Ballot> batch) {
    Long[] users = batch.stream().map(Ballot::userId).toArray(Long[]::new);
    UUID[] clients = batch.stream().map(Ballot::clientId).toArray(UUID[]::new);
    Future<Set<Long>> inserted = v.secret()
        ? sql.preparedQuery(INSERT_SECRET).execute(Tuple.tuple().addLong(v.id()).addArrayOfLong(users)
            .addArrayOfUUID(clients)).map(VoteRepository::userIds)
        : sql.preparedQuery(INSERT_NAMED).execute(Tuple.tuple().addLong(v.id()).addArrayOfLong(users)
            .addArrayOfInteger(batch.stream().map(Ballot::choices).toArray(Integer[]::new)).addArrayOfUUID(clients))
            .map(VoteRepository::userIds);
    return inserted.compose(done -> {
      Map<Long, Ballot.Outcome> outcomes = new HashMap<>();
      List<Ballot> rest = new ArrayList<>();
      int[] delta = new int[v.options().size()];
      for (Ballot b : batch) {
        if (done.contains(b.userId())) {
          outcomes.put(b.userId(), Ballot.Outcome.RECORDED);
          for (int i : VoteResults.indexes(b.choices())) {
            delta[i]++;
          }
        } else {
          rest.add(b);
        }
      }
      Future<Void> tallies = !v.secret() || done.isEmpty() ? Future.succeededFuture()
          : sql.preparedQuery(ADD_TO_TALLIES).execute(Tuple.tuple().addLong(v.id()).addArrayOfInteger(java.util.Arrays.stream(delta).boxed().toArray(Integer[]::new))).mapEmpty();
      return tallies.compose(x -> rest.isEmpty() ? Future.succeededFuture(outcomes) : explain(sql, v, rest, outcomes));
    });
  }

  /** The ballots not inserted: a retry of the counted one, a change (where allowed), a second ballot, or not a voter. */
  private static Future<Map<Long, Ballot.Outcome>> explain(SqlClient sql, Vote v, List<Ballot> rest, Map<Long, Ballot.Outcome> outcomes) {
    Long[] users = rest.stream().map(Ballot::userId).toArray(Long[]::new);
    return sql.preparedQuery(v.secret() ? EXISTING_SECRET : EXISTING_NAMED).execute(Tuple.tuple().addLong(v.id()).addArrayOfLong(users)).compose(rows -> {
      Map<Long, UUID> existing = new HashMap<>();
      Map<Long, List<UUID>> superseded = new HashMap<>();
      rows.forEach(r -> {
        existing.put(r.getLong("user_id"), r.getUUID("client_id"));
        if (!v.secret()) {
          UUID[] old = r.getArrayOfUUIDs("superseded_client_ids");
          superseded.put(r.getLong("user_id"), old == null ? List.of() : List.of(old));
        }
      });
      List<Tuple> changes = new ArrayList<>();
      for (Ballot b : rest) {
        UUID counted = existing.get(b.userId());
        if (counted == null) {
          outcomes.put(b.userId(), Ballot.Outcome.NOT_ELIGIBLE);
        } else if (counted.equals(b.clientId()) || superseded.getOrDefault(b.userId(), List.of()).contains(b.clientId())) {
          // The counted ballot again, or a late copy of one it replaced: nothing changes.
          outcomes.put(b.userId(), Ballot.Outcome.ALREADY_RECORDED);
        } else if (v.allowChange() && !v.secret()) {
          outcomes.put(b.userId(), Ballot.Outcome.CHANGED);
          changes.add(Tuple.of(v.id(), b.userId(), b.choices(), b.clientId()));
        } else {
          outcomes.put(b.userId(), Ballot.Outcome.ALREADY_VOTED);
        }
      }
      return changes.isEmpty() ? Future.succeededFuture(outcomes)
          : sql.preparedQuery(CHANGE_NAMED).executeBatch(changes).map(outcomes);
    });
  }

  static Future<Integer> voted(SqlClient sql, Vote v) {
    return sql.preparedQuery(v.secret() ? VOTED_SECRET : VOTED_NAMED).execute(Tuple.of(v.id()))
        .map(rows -> rows.iterator().next().getLong(0).intValue());
  }

  /** Ballots per option, counted by the database. */
  static Future<int[]> counts(SqlClient sql, Vote v) {
    Future<io.vertx.sqlclient.RowSet<Row>> rows = v.secret()
        ? sql.preparedQuery(COUNT_SECRET).execute(Tuple.of(v.id()))
        : sql.preparedQuery(COUNT_NAMED).execute(Tuple.of(v.id(), v.options().size()));
    return rows.map(rs -> {
      int[] counts = new int[v.options().size()];
      rs.forEach(r -> counts[r.getInteger("i")] = r.getLong("n").intValue());
      return counts;
    });
  }

  /** The chair's choices in a named vote (bit set; 0 when the chair did not vote). */
  static Future<Integer> chairChoices(SqlClient sql, Vote v) {
    if (v.secret()) {
      return Future.succeededFuture(0);
    }
    return sql.preparedQuery(CHAIR_CHOICES).execute(Tuple.of(v.id())).map(rows -> {
      Integer bits = rows.iterator().next().getInteger(0);
      return bits == null ? 0 : bits;
    });
  }

  /** A named vote's ballots: who chose what, and who did not vote. */
  static Future<JsonObject> named(SqlClient sql, Vote v) {
    return sql.preparedQuery(NAMED_LIST).execute(Tuple.of(v.id())).compose(rows -> {
      JsonArray ballots = new JsonArray();
      rows.forEach(r -> ballots.add(new JsonObject().put("userId", r.getLong("user_id")).put("name", r.getString("display_name"))
          .put("choices", new JsonArray(VoteResults.indexes(r.getInteger("choices"))))));
      return sql.preparedQuery(NOT_VOTED_NAMED).execute(Tuple.of(v.id())).map(missing -> {
        JsonArray names = new JsonArray();
        missing.forEach(r -> names.add(r.getString(0)));
        return new JsonObject().put("ballots", ballots).put("notVoted", names);
      });
    });
  }

  static Future<Vote> close(SqlClient sql, long voteId, JsonObject result) {
    return sql.preparedQuery(CLOSE).execute(Tuple.of(voteId, result))
        .map(rows -> first(rows).orElseThrow(() -> ApiException.conflict("vote_not_open", "The vote is not open.")));
  }

  static Future<Optional<Vote>> cancel(SqlClient sql, long voteId, String reason) {
    return sql.preparedQuery(CANCEL).execute(Tuple.of(voteId, reason)).map(VoteRepository::first);
  }

  /** My ballot: {voted, eligible, choices (named only)}. */
  static Future<JsonObject> mine(SqlClient sql, Vote v, long userId) {
    return sql.preparedQuery(IS_ELIGIBLE).execute(Tuple.of(v.id(), userId)).compose(eligible ->
        sql.preparedQuery(v.secret() ? MINE_SECRET : MINE_NAMED).execute(Tuple.of(v.id(), userId)).map(rows -> {
          JsonObject mine = new JsonObject().put("eligible", eligible.size() > 0).put("voted", rows.size() > 0);
          if (rows.size() > 0) {
            Row r = rows.iterator().next();
            mine.put("clientId", r.getUUID("client_id").toString());
            if (!v.secret()) {
              mine.put("choices", new JsonArray(VoteResults.indexes(r.getInteger("choices"))));
            }
          }
          return mine;
        }));
  }

  private static Set<Long> userIds(io.vertx.sqlclient.RowSet<Row> rows) {
    Set<Long> ids = new HashSet<>();
    rows.forEach(r -> ids.add(r.getLong(0)));
    return ids;
  }

  private static Optional<Vote> first(io.vertx.sqlclient.RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(Vote.from(rows.iterator().next()));
  }

  private static List<Vote> all(io.vertx.sqlclient.RowSet<Row> rows) {
    List<Vote> out = new ArrayList<>();
    rows.forEach(r -> out.add(Vote.from(r)));
    return out;
  }

  private static java.time.OffsetDateTime utc(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }
}
