-- Functions (SPEC §5): environment variables and logs per app. Removing an app removes both.

-- `fazt app env set APP KEY VALUE`; read by fazt.env.get/has in the app's functions. Values are often
-- provider secrets (API keys), so the table is `secret_`: `fazt sql` never reads it (SPEC §9) and no verb
-- prints a value (`app env list` shows names and sizes).
CREATE TABLE secret_app_env (
  app_id      TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
  key         TEXT NOT NULL,
  value       TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (app_id, key)
) STRICT, WITHOUT ROWID;

-- console.* and fazt.log.* lines and uncaught errors, newest last. Bounded per app: the runtime trims the
-- oldest beyond setting functions.log_keep (default 1000).
CREATE TABLE app_logs (
  id          INTEGER PRIMARY KEY,
  app_id      TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
  at          INTEGER NOT NULL,                   -- ms since the epoch
  level       TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
  request     TEXT NOT NULL,                      -- e.g. "GET /api/items"
  message     TEXT NOT NULL
) STRICT;

CREATE INDEX app_logs_app ON app_logs (app_id, id);
