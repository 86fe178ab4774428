-- Hosting (SPEC §3): content-addressed file bodies, immutable releases, the current-release pointer,
-- aliases. Everything is keyed by apps.id, never by a subdomain name.

-- One row per complete, verified body. A body is stored once however many releases and apps use it.
CREATE TABLE bodies (
  hash        TEXT PRIMARY KEY,                   -- sha256, lower-case hex
  size        INTEGER NOT NULL CHECK (size >= 0),
  chunks      INTEGER NOT NULL CHECK (chunks >= 0),
  created_at  INTEGER NOT NULL
) STRICT;

-- Body bytes in 1 MiB chunks (frozen: node/hosting/limits.ts CHUNK), so a large file is streamed and
-- ranged without loading it whole. Chunks whose hash has no `bodies` row are an upload in progress (or
-- an abandoned one, swept after a grace period); they are never served.
CREATE TABLE body_chunks (
  hash        TEXT NOT NULL,
  seq         INTEGER NOT NULL CHECK (seq >= 0),
  data        BLOB NOT NULL,
  created_at  INTEGER NOT NULL,
  UNIQUE (hash, seq)
) STRICT;

-- A release is immutable once created: its number and manifest never change.
CREATE TABLE releases (
  app_id      TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
  number      INTEGER NOT NULL CHECK (number >= 1),
  digest      TEXT NOT NULL,                      -- sha256 of the canonical manifest (identical redeploys)
  files       INTEGER NOT NULL,
  bytes       INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (app_id, number)
) STRICT;

CREATE TABLE release_files (
  app_id      TEXT NOT NULL,
  release     INTEGER NOT NULL,
  path        TEXT NOT NULL,
  hash        TEXT NOT NULL REFERENCES bodies (hash),
  size        INTEGER NOT NULL,
  type        TEXT NOT NULL,
  PRIMARY KEY (app_id, release, path),
  FOREIGN KEY (app_id, release) REFERENCES releases (app_id, number) ON DELETE CASCADE
) STRICT;

-- Garbage collection asks "does any release still use this body?".
CREATE INDEX release_files_hash ON release_files (hash);

-- The pointer a deploy or rollback moves, in one transaction with the release it names.
ALTER TABLE apps ADD COLUMN current_release INTEGER;

-- sub -> target. `app_id` is set for type app (so removing an app finds its aliases by index);
-- `target` is JSON: redirect {"url"}, split {"targets":[{"app_id","weight"}]}, others {}.
CREATE TABLE aliases (
  sub         TEXT PRIMARY KEY,
  type        TEXT NOT NULL CHECK (type IN ('app', 'redirect', 'reserved', 'split')),
  app_id      TEXT REFERENCES apps (id) ON DELETE CASCADE,
  target      TEXT NOT NULL DEFAULT '{}',
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  CHECK ((type = 'app') = (app_id IS NOT NULL))
) STRICT;

CREATE INDEX aliases_app ON aliases (app_id);

-- Reserved by default (SPEC §3.4). `admin` is taken by the router itself and can never be aliased.
INSERT INTO aliases (sub, type, created_at, updated_at) VALUES
  ('admin', 'reserved', 0, 0),
  ('api', 'reserved', 0, 0),
  ('www', 'reserved', 0, 0);
