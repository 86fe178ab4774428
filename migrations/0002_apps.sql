-- Apps: permanent ids, names (DNS labels), lineage. Everything else is keyed by apps.id (SPEC §3.1).
CREATE TABLE apps (
  id              TEXT PRIMARY KEY,                 -- app_ + 12 base62 chars, never reused
  name            TEXT NOT NULL UNIQUE,             -- a DNS label
  original_id     TEXT NOT NULL,                    -- root of the fork tree (itself when not a fork)
  forked_from_id  TEXT,                             -- the app this one was forked from, if any
  spa             INTEGER NOT NULL DEFAULT 0 CHECK (spa IN (0, 1)),
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
) STRICT;

CREATE INDEX apps_original ON apps (original_id);
CREATE INDEX apps_forked_from ON apps (forked_from_id);
