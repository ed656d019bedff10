package org.paperlessroom.meeting;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.paperlessroom.auth.Role;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** SQL for meetings and their participants. */
final class MeetingRepository {
  private static final String INSERT = "INSERT INTO meetings (title, starts_at, location, description, org_parent,"
      + " org_name, join_code, guests_allowed, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING "
      + Meeting.COLUMNS;
  private static final String BY_ID = "SELECT " + Meeting.COLUMNS + " FROM meetings WHERE id = $1";
  private static final String BY_ID_FOR_UPDATE = BY_ID + " FOR UPDATE";
  private static final String BY_CODE = "SELECT " + Meeting.COLUMNS + " FROM meetings WHERE join_code = $1";
  private static final String UPDATE = """
      UPDATE meetings SET title = $2, starts_at = $3, location = $4, description = $5, status = $6,
        guests_allowed = $7 WHERE id = $1""";
  private static final String FOR_USER = "SELECT " + Meeting.COLUMNS.replaceAll("(\\w+)", "m.$1")
      + ", p.roles FROM meetings m LEFT JOIN participants p ON p.meeting_id = m.id AND p.user_id = $1"
      + " WHERE p.user_id IS NOT NULL OR $2 ORDER BY m.starts_at DESC LIMIT 1000";
  private static final String PARTICIPANTS = """
      SELECT p.user_id, p.roles, u.display_name, u.position, u.is_guest
      FROM participants p JOIN users u ON u.id = p.user_id
      WHERE p.meeting_id = $1 ORDER BY p.added_at, u.display_name""";
  private static final String UPSERT_PARTICIPANT = """
      INSERT INTO participants (meeting_id, user_id, roles) VALUES ($1, $2, $3)
      ON CONFLICT (meeting_id, user_id) DO UPDATE SET roles = EXCLUDED.roles""";
  private static final String DELETE_PARTICIPANT = "DELETE FROM participants WHERE meeting_id = $1 AND user_id = $2";
  private static final String DROP_PRESENTER = """
      UPDATE participants SET roles = CASE
          WHEN cardinality(array_remove(roles, 'presenter')) = 0 THEN ARRAY['observer']::TEXT[]
          ELSE array_remove(roles, 'presenter') END
      WHERE meeting_id = $1 AND 'presenter' = ANY (roles) AND user_id <> $2""";
  private static final String ADD_PRESENTER = """
      UPDATE participants SET roles = array_append(roles, 'presenter')
      WHERE meeting_id = $1 AND user_id = $2 AND NOT ('presenter' = ANY (roles))""";

  private MeetingRepository() {
  }

  static Future<Meeting> insert(SqlClient sql, Meeting m, long createdBy) {
    return sql.preparedQuery(INSERT).execute(Tuple.from(new Object[] {m.title(), utc(m), m.location(),
            m.description(), m.orgParent(), m.orgName(), m.joinCode(), m.guestsAllowed(), createdBy}))
        .map(rows -> Meeting.from(rows.iterator().next()));
  }

  static Future<Optional<Meeting>> byId(SqlClient sql, long id, boolean forUpdate) {
    return sql.preparedQuery(forUpdate ? BY_ID_FOR_UPDATE : BY_ID).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Meeting.from(rows.iterator().next())));
  }

  static Future<Optional<Meeting>> byJoinCode(SqlClient sql, String code) {
    return sql.preparedQuery(BY_CODE).execute(Tuple.of(code))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Meeting.from(rows.iterator().next())));
  }

  static Future<Void> update(SqlClient sql, Meeting m) {
    return sql.preparedQuery(UPDATE).execute(Tuple.from(new Object[] {m.id(), m.title(), utc(m), m.location(),
        m.description(), m.status().code(), m.guestsAllowed()})).mapEmpty();
  }

  record MyMeeting(Meeting meeting, Set<Role> roles) {
  }

  /** The meetings a user takes part in (every meeting for an administrator), newest first. */
  static Future<List<MyMeeting>> forUser(SqlClient sql, long userId, boolean all) {
    return sql.preparedQuery(FOR_USER).execute(Tuple.of(userId, all)).map(rows -> {
      List<MyMeeting> out = new ArrayList<>();
      rows.forEach(row -> {
        Set<Role> roles = java.util.EnumSet.noneOf(Role.class);
        String[] codes = row.getArrayOfStrings("roles");
        if (codes != null) {
          for (String c : codes) {
            Role.fromCode(c).ifPresent(roles::add);
          }
        }
        out.add(new MyMeeting(Meeting.from(row), roles));
      });
      return out;
    });
  }

  static Future<List<Participant>> participants(SqlClient sql, long meetingId) {
    return sql.preparedQuery(PARTICIPANTS).execute(Tuple.of(meetingId)).map(rows -> {
      List<Participant> out = new ArrayList<>();
      rows.forEach(row -> out.add(Participant.from(row)));
      return out;
    });
  }

  static Future<Void> putParticipant(SqlClient sql, long meetingId, long userId, Set<Role> roles) {
    return sql.preparedQuery(UPSERT_PARTICIPANT)
        .execute(Tuple.of(meetingId, userId, Participant.codeArray(roles))).mapEmpty();
  }

  static Future<Boolean> removeParticipant(SqlClient sql, long meetingId, long userId) {
    return sql.preparedQuery(DELETE_PARTICIPANT).execute(Tuple.of(meetingId, userId)).map(r -> r.rowCount() == 1);
  }

  /** Makes {@code userId} the one presenter of the meeting. */
  static Future<Void> handOverPresenter(SqlClient sql, long meetingId, long userId) {
    return sql.preparedQuery(DROP_PRESENTER).execute(Tuple.of(meetingId, userId))
        .compose(v -> sql.preparedQuery(ADD_PRESENTER).execute(Tuple.of(meetingId, userId)))
        .mapEmpty();
  }

  private static OffsetDateTime utc(Meeting m) {
    return OffsetDateTime.ofInstant(m.startsAt(), ZoneOffset.UTC);
  }
}
