-- The live state of each meeting (what is presented), written right after each broadcast so that a
-- restarted server resumes on the same page with the next sequence number.
CREATE TABLE live_states (
    meeting_id  BIGINT PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    seq         BIGINT NOT NULL CHECK (seq >= 0),
    state       JSONB NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
