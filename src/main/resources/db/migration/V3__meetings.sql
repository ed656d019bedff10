CREATE TABLE meetings (
    id              BIGSERIAL PRIMARY KEY,
    title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    starts_at       TIMESTAMPTZ NOT NULL,
    location        TEXT NOT NULL DEFAULT '' CHECK (length(location) <= 300),
    description     TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    org_parent      TEXT NOT NULL DEFAULT '' CHECK (length(org_parent) <= 200),
    org_name        TEXT NOT NULL DEFAULT '' CHECK (length(org_name) <= 200),
    status          TEXT NOT NULL DEFAULT 'draft'
                    CHECK (status IN ('draft', 'scheduled', 'in_progress', 'ended')),
    join_code       TEXT NOT NULL UNIQUE CHECK (join_code ~ '^[A-Z2-9]{6,12}$'),
    guests_allowed  BOOLEAN NOT NULL DEFAULT false,
    created_by      BIGINT NOT NULL REFERENCES users (id),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX meetings_starts_idx ON meetings (starts_at);

CREATE TABLE participants (
    meeting_id  BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    roles       TEXT[] NOT NULL CHECK (
                    cardinality(roles) >= 1
                    AND roles <@ ARRAY['chair', 'presenter', 'secretary', 'member', 'observer', 'guest']::TEXT[]),
    added_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, user_id)
);
CREATE INDEX participants_user_idx ON participants (user_id);
