-- Running a meeting: its agenda, who is there (attendance and quorum) and who asks to speak.

ALTER TABLE meetings
    ADD COLUMN quorum_rule    TEXT NOT NULL DEFAULT 'majority'
                              CHECK (quorum_rule IN ('majority', 'two_thirds', 'count')),
    ADD COLUMN quorum_count   INTEGER CHECK (quorum_count BETWEEN 1 AND 1000),
    ADD COLUMN check_in_mode  TEXT NOT NULL DEFAULT 'in_person' CHECK (check_in_mode IN ('in_person', 'online')),
    ADD COLUMN started_at     TIMESTAMPTZ,
    ADD COLUMN ended_at       TIMESTAMPTZ,
    ADD COLUMN agenda_version BIGINT NOT NULL DEFAULT 0,
    ADD CONSTRAINT meetings_count_rule_has_count CHECK (quorum_rule <> 'count' OR quorum_count IS NOT NULL);

-- The agenda: items in order (positions 1..n, unique per meeting once a transaction ends).
CREATE TABLE agenda_items (
    id               BIGSERIAL PRIMARY KEY,
    meeting_id       BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL CHECK (position >= 1),
    title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    description      TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    presenter_id     BIGINT REFERENCES users (id),
    planned_minutes  INTEGER NOT NULL DEFAULT 0 CHECK (planned_minutes BETWEEN 0 AND 1440),
    -- Time spent on the item so far (the timer while it was current), and when it was first and last current.
    elapsed_ms       BIGINT NOT NULL DEFAULT 0 CHECK (elapsed_ms >= 0),
    started_at       TIMESTAMPTZ,
    ended_at         TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT agenda_items_position_unique UNIQUE (meeting_id, position) DEFERRABLE INITIALLY DEFERRED
);

-- The documents of an item, in order. A document belongs to the item's meeting (checked by the application).
CREATE TABLE agenda_item_documents (
    item_id      BIGINT NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    document_id  BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL CHECK (position >= 1),
    PRIMARY KEY (item_id, document_id)
);
CREATE INDEX agenda_item_documents_document_idx ON agenda_item_documents (document_id);

-- Attendance (điểm danh): one row per participant once checked in, out or marked absent.
CREATE TABLE attendance (
    meeting_id     BIGINT NOT NULL,
    user_id        BIGINT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('in_person', 'online', 'left', 'absent')),
    reason         TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
    checked_in_at  TIMESTAMPTZ,
    automatic      BOOLEAN NOT NULL DEFAULT false,
    updated_by     BIGINT REFERENCES users (id),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, user_id),
    FOREIGN KEY (meeting_id, user_id) REFERENCES participants (meeting_id, user_id) ON DELETE CASCADE
);

-- What happened to attendance, in order: devices connecting and leaving, and check-ins by hand.
CREATE TABLE attendance_events (
    id          BIGSERIAL PRIMARY KEY,
    meeting_id  BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL CHECK (kind IN ('connected', 'disconnected', 'in_person', 'online', 'left', 'absent', 'cleared')),
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    by_user     BIGINT REFERENCES users (id)
);
CREATE INDEX attendance_events_meeting_idx ON attendance_events (meeting_id, user_id, at);

-- Requests to speak (đăng ký phát biểu): waiting in order, then speaking (one at a time), then done.
CREATE TABLE speaker_requests (
    id              BIGSERIAL PRIMARY KEY,
    meeting_id      BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id         BIGINT NOT NULL REFERENCES users (id),
    agenda_item_id  BIGINT REFERENCES agenda_items (id) ON DELETE SET NULL,
    status          TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'speaking', 'done', 'withdrawn')),
    requested_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    started_at      TIMESTAMPTZ,
    ended_at        TIMESTAMPTZ,
    CHECK (status = 'waiting' OR status = 'withdrawn' OR started_at IS NOT NULL),
    CHECK (status NOT IN ('done') OR ended_at IS NOT NULL)
);
CREATE UNIQUE INDEX speaker_requests_one_open ON speaker_requests (meeting_id, user_id) WHERE status IN ('waiting', 'speaking');
CREATE UNIQUE INDEX speaker_requests_one_speaker ON speaker_requests (meeting_id) WHERE status = 'speaking';
CREATE INDEX speaker_requests_meeting_idx ON speaker_requests (meeting_id, requested_at);
