-- Votes (biểu quyết): named or secret ballots, one per eligible voter, counted exactly.

CREATE TABLE votes (
    id                 BIGSERIAL PRIMARY KEY,
    meeting_id         BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agenda_item_id     BIGINT REFERENCES agenda_items (id) ON DELETE SET NULL,
    question           TEXT NOT NULL CHECK (length(question) BETWEEN 1 AND 1000),
    kind               TEXT NOT NULL CHECK (kind IN ('yes_no', 'choice')),
    options            TEXT[] NOT NULL CHECK (cardinality(options) BETWEEN 2 AND 20),
    max_choices        INTEGER NOT NULL DEFAULT 1 CHECK (max_choices >= 1),
    secret             BOOLEAN NOT NULL DEFAULT false,
    rule               TEXT NOT NULL CHECK (rule IN ('majority_cast', 'majority_members', 'two_thirds_members')),
    chair_breaks_tie   BOOLEAN NOT NULL DEFAULT false,
    quorum_required    BOOLEAN NOT NULL DEFAULT true,
    allow_change       BOOLEAN NOT NULL DEFAULT false,
    countdown_seconds  INTEGER CHECK (countdown_seconds BETWEEN 10 AND 86400),
    status             TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed', 'cancelled')),
    cancel_reason      TEXT CHECK (length(cancel_reason) <= 500),
    members_total      INTEGER CHECK (members_total >= 0),
    members_present    INTEGER CHECK (members_present >= 0),
    eligible_count     INTEGER CHECK (eligible_count >= 0),
    opened_at          TIMESTAMPTZ,
    closes_at          TIMESTAMPTZ,
    closed_at          TIMESTAMPTZ,
    result             JSONB,
    created_by         BIGINT NOT NULL REFERENCES users (id),
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (max_choices <= cardinality(options)),
    CHECK (kind <> 'yes_no' OR (cardinality(options) = 3 AND max_choices = 1)),
    -- A secret ballot can be neither changed nor tie-broken by the chair: nobody knows whose it is.
    CHECK (NOT (secret AND (allow_change OR chair_breaks_tie))),
    CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL),
    CHECK (status <> 'closed' OR result IS NOT NULL),
    CHECK (status = 'draft' OR opened_at IS NOT NULL OR status = 'cancelled')
);
CREATE INDEX votes_meeting_idx ON votes (meeting_id, id);
-- One open vote per meeting at a time.
CREATE UNIQUE INDEX votes_one_open ON votes (meeting_id) WHERE status = 'open';

-- Who may vote: the voting members checked in when the vote opened.
CREATE TABLE vote_eligible (
    vote_id  BIGINT NOT NULL REFERENCES votes (id) ON DELETE CASCADE,
    user_id  BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (vote_id, user_id)
);

-- Named ballots: who chose what (the choices as a bit set of option indexes).
CREATE TABLE named_ballots (
    vote_id    BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    choices    INTEGER NOT NULL CHECK (choices > 0),
    client_id  UUID NOT NULL,
    cast_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (vote_id, user_id),
    FOREIGN KEY (vote_id, user_id) REFERENCES vote_eligible (vote_id, user_id) ON DELETE CASCADE
);

-- Secret ballots are kept as two things that share nothing: who has voted (no time, no choice) and
-- the running totals per option (no voter, no ballot rows at all). Nothing pairs a voter with a choice.
CREATE TABLE secret_voters (
    vote_id    BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    client_id  UUID NOT NULL,
    PRIMARY KEY (vote_id, user_id),
    FOREIGN KEY (vote_id, user_id) REFERENCES vote_eligible (vote_id, user_id) ON DELETE CASCADE
);
CREATE TABLE secret_tallies (
    vote_id       BIGINT NOT NULL REFERENCES votes (id) ON DELETE CASCADE,
    option_index  INTEGER NOT NULL CHECK (option_index BETWEEN 0 AND 19),
    ballots       INTEGER NOT NULL DEFAULT 0 CHECK (ballots >= 0),
    PRIMARY KEY (vote_id, option_index)
);

-- A ballot is taken only while its vote is open, whatever the application does.
CREATE FUNCTION ballot_requires_open_vote() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM votes WHERE id = NEW.vote_id AND status = 'open') THEN
        RAISE EXCEPTION 'vote % is not open', NEW.vote_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER named_ballots_open BEFORE INSERT OR UPDATE ON named_ballots
    FOR EACH ROW EXECUTE FUNCTION ballot_requires_open_vote();
CREATE TRIGGER secret_voters_open BEFORE INSERT OR UPDATE ON secret_voters
    FOR EACH ROW EXECUTE FUNCTION ballot_requires_open_vote();
CREATE TRIGGER secret_tallies_open BEFORE UPDATE ON secret_tallies
    FOR EACH ROW EXECUTE FUNCTION ballot_requires_open_vote();
