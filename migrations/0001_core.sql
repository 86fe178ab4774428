-- Core tables: node settings and the node's own identity.
-- The migrations runner creates and maintains `schema_migrations` itself.

CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- Secret: never readable through `fazt sql` (SPEC §9).
CREATE TABLE secret_identity (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  node_id     TEXT NOT NULL,
  sign_public BLOB NOT NULL,
  sign_secret BLOB NOT NULL,
  box_public  BLOB NOT NULL,
  box_secret  BLOB NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT;
