-- Every state change in the system leaves a row here: who, what, when, in which meeting.
CREATE TABLE audit_log (
    id          BIGSERIAL PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor_id    BIGINT,
    actor_name  TEXT,
    action      TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
    meeting_id  BIGINT,
    detail      JSONB NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_meeting_idx ON audit_log (meeting_id, at);
CREATE INDEX audit_log_at_idx ON audit_log (at);

-- Facts about this installation (first start time, schema notes), one row per key.
CREATE TABLE installation (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
INSERT INTO installation (key, value) VALUES ('created_at', now()::text);
