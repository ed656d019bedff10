-- Several server nodes: which node writes each meeting's live state, for how long (a lease it keeps
-- renewing), and which generation of ownership that is (a node whose lease was taken over can no
-- longer save: every save names its epoch).
CREATE TABLE live_owners (
    meeting_id   BIGINT PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    node_id      TEXT NOT NULL,
    epoch        BIGINT NOT NULL CHECK (epoch >= 1),
    lease_until  TIMESTAMPTZ NOT NULL
);
CREATE INDEX live_owners_node ON live_owners (node_id);

-- Which node renders a file (a lease renewed with every page): one rendering per file, and a file whose
-- node died is picked up by another.
ALTER TABLE files ADD COLUMN render_node TEXT, ADD COLUMN render_lease_until TIMESTAMPTZ;
