-- A session is written back only over the version it was read at: a request still in flight when
-- the user signed out cannot bring the deleted session back.
ALTER TABLE http_sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
