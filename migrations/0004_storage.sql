-- App storage (SPEC §4): KV, documents, blobs. Every row starts with its app's id, every statement in
-- node/storage filters on it, and removing an app removes its storage (the cascade is a backstop:
-- node/storage/app-transfer.ts deleteAppStorage does it explicitly inside `app remove`'s transaction).

-- Values are JSON text. Clustered on (app_id, key): a get is one b-tree search, a prefix list one range.
CREATE TABLE app_kv (
  app_id      TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
  key         TEXT NOT NULL,
  value       TEXT NOT NULL,                      -- JSON
  expires_at  INTEGER,                            -- ms since the epoch; NULL: never. Expired rows are
                                                  -- invisible at once and deleted by the sweeper later.
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (app_id, key)
) STRICT, WITHOUT ROWID;

-- The TTL sweeper's range scan; rows without a TTL are not in it.
CREATE INDEX app_kv_expiry ON app_kv (expires_at) WHERE expires_at IS NOT NULL;

-- `data` is the document's JSON object without id/_createdAt/_updatedAt, which live in columns.
-- A rowid table (documents can be large, which WITHOUT ROWID handles poorly).
CREATE TABLE app_docs (
  app_id      TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
  collection  TEXT NOT NULL,
  id          TEXT NOT NULL,
  data        TEXT NOT NULL,                      -- JSON object
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  UNIQUE (app_id, collection, id)
) STRICT;

-- The default order of `find` (oldest first) and sorting by _createdAt.
CREATE INDEX app_docs_created ON app_docs (app_id, collection, created_at, id);

-- Blob bytes inline, last in the row so listing metadata never reads them.
CREATE TABLE app_blobs (
  app_id      TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
  path        TEXT NOT NULL,
  mime        TEXT NOT NULL,
  size        INTEGER NOT NULL CHECK (size >= 0),
  hash        TEXT NOT NULL,                      -- sha256, lower-case hex
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  data        BLOB NOT NULL,
  UNIQUE (app_id, path)
) STRICT;
