-- Minutes (biên bản): what the secretary writes, field by field, every save a revision; the chair's approval.

CREATE TABLE minutes (
    meeting_id        BIGINT PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    status            TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
    -- Goes up each time the chair unlocks approved minutes to change them.
    edition           INTEGER NOT NULL DEFAULT 1 CHECK (edition >= 1),
    approved_by       BIGINT REFERENCES users (id),
    approved_by_name  TEXT,
    approved_at       TIMESTAMPTZ,
    approved_sha256   TEXT CHECK (approved_sha256 ~ '^[0-9a-f]{64}$'),
    CHECK (status <> 'approved' OR (approved_by IS NOT NULL AND approved_at IS NOT NULL AND approved_sha256 IS NOT NULL))
);

-- One row per field (the number, the recipients, and per agenda item the discussion, the conclusion and
-- the tasks): its content now and its version; a save names the version it was based on.
CREATE TABLE minutes_fields (
    meeting_id  BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    field       TEXT NOT NULL CHECK (field ~ '^(general:(number|recipients|opening|closing)|item:[1-9][0-9]{0,17}:(discussion|conclusion|tasks))$'),
    content     JSONB NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    updated_by  BIGINT REFERENCES users (id),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, field)
);

-- Every save (and restore) of a field: nothing typed and saved is ever lost.
CREATE TABLE minutes_revisions (
    id             BIGSERIAL PRIMARY KEY,
    meeting_id     BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    field          TEXT NOT NULL,
    version        INTEGER NOT NULL CHECK (version >= 1),
    content        JSONB NOT NULL,
    author_id      BIGINT REFERENCES users (id),
    author_name    TEXT NOT NULL,
    restored_from  INTEGER,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (meeting_id, field, version)
);

-- Approved minutes cannot change: not by the application, not by a stray UPDATE.
CREATE FUNCTION minutes_fields_unlocked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM minutes WHERE meeting_id = NEW.meeting_id AND status = 'approved') THEN
        RAISE EXCEPTION 'the minutes of meeting % are approved', NEW.meeting_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER minutes_fields_locked BEFORE INSERT OR UPDATE ON minutes_fields
    FOR EACH ROW EXECUTE FUNCTION minutes_fields_unlocked();
