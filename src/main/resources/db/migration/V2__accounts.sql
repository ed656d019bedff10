-- People who sign in (and guests who joined a meeting with a name only).
CREATE TABLE users (
    id             BIGSERIAL PRIMARY KEY,
    username       TEXT UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,39}$'),
    display_name   TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
    position       TEXT NOT NULL DEFAULT '' CHECK (length(position) <= 120),
    password_hash  TEXT,
    is_admin       BOOLEAN NOT NULL DEFAULT false,
    is_guest       BOOLEAN NOT NULL DEFAULT false,
    active         BOOLEAN NOT NULL DEFAULT true,
    -- Raised when a user is deactivated or their password reset: every older session stops working.
    session_epoch  INTEGER NOT NULL DEFAULT 0,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (is_guest OR (username IS NOT NULL AND password_hash IS NOT NULL)),
    CHECK (NOT (is_guest AND is_admin))
);

-- Server-side sessions, kept in the database so they survive restarts and work on every node.
CREATE TABLE http_sessions (
    id          TEXT PRIMARY KEY,
    data        BYTEA NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX http_sessions_expires_idx ON http_sessions (expires_at);
