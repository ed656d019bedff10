-- Uploaded files, stored once per content (SHA-256) however often and wherever they are uploaded.
CREATE TABLE files (
    sha256         TEXT PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes     BIGINT NOT NULL CHECK (size_bytes > 0),
    kind           TEXT NOT NULL CHECK (kind IN ('pdf', 'image', 'office')),
    page_count     INTEGER CHECK (page_count >= 1),
    status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'ready', 'failed')),
    pages_done     INTEGER NOT NULL DEFAULT 0 CHECK (pages_done >= 0),
    error_message  TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (page_count IS NULL OR pages_done <= page_count)
);

-- A file as a document of one meeting, under the name it was uploaded with.
CREATE TABLE documents (
    id           BIGSERIAL PRIMARY KEY,
    meeting_id   BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    file_sha256  TEXT NOT NULL REFERENCES files (sha256),
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    classified   BOOLEAN NOT NULL DEFAULT false,
    uploaded_by  BIGINT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX documents_meeting_idx ON documents (meeting_id);
CREATE INDEX documents_file_idx ON documents (file_sha256);

-- One row per rendered (or failed) page, with its text for search.
CREATE TABLE pages (
    file_sha256  TEXT NOT NULL REFERENCES files (sha256) ON DELETE CASCADE,
    page_no      INTEGER NOT NULL CHECK (page_no >= 1),
    status       TEXT NOT NULL CHECK (status IN ('ready', 'failed')),
    error        TEXT,
    width        INTEGER,
    height       INTEGER,
    text         TEXT NOT NULL DEFAULT '',
    text_folded  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (file_sha256, page_no)
);
