-- Approved minutes keep what they said when approved (the agenda, attendance and votes may change later).
ALTER TABLE minutes ADD COLUMN approved_report JSONB;

-- A named ballot that was changed remembers the client ids it replaced: a late resend of an older
-- ballot is recognised as already counted, never as a new change.
ALTER TABLE named_ballots ADD COLUMN superseded_client_ids UUID[] NOT NULL DEFAULT '{}';
