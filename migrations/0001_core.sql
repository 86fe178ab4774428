-- Core tables: node settings and the node's own identity.
-- The migrations runner creates and maintains `schema_migrations` itself.

CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- Secret: never readable through `fazt sql` (SPEC §9). The node's own keys (PEERS.md §1).
CREATE TABLE secret_identity (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  node_id     TEXT NOT NULL,                 -- derived from the first signing key; never changes
  first_key   BLOB NOT NULL,                 -- the first Ed25519 public key (the root of the chain)
  sign_seed   BLOB NOT NULL,                 -- the current Ed25519 seed
  box_secret  BLOB NOT NULL,                 -- the X25519 secret for sealed bodies
  created_at  INTEGER NOT NULL
) STRICT;

-- Secret: identities this data file had before it was found copied to another machine or path and forked
-- a new one (SPEC §11); `fazt node adopt` restores the latest.
CREATE TABLE secret_identity_history (
  seq         INTEGER PRIMARY KEY,
  node_id     TEXT NOT NULL,
  first_key   BLOB NOT NULL,
  sign_seed   BLOB NOT NULL,
  box_secret  BLOB NOT NULL,
  chain       TEXT NOT NULL,                 -- JSON array of its rotation records
  retired_at  INTEGER NOT NULL
) STRICT;

-- Public: the signed key rotation records since the first key, oldest first (PEERS.md).
CREATE TABLE identity_chain (
  seq        INTEGER PRIMARY KEY,
  record     TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- Paired peers (PEERS.md §11). `scopes` is what the peer may do on THIS node; `their_scopes` is what
-- this node was told it may do there (informational: the other node decides).
CREATE TABLE peers (
  node_id        TEXT PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE,
  sign_key       TEXT NOT NULL,                    -- pinned current Ed25519 key (base64url = key id)
  box_key        TEXT NOT NULL,                    -- X25519 key for sealed bodies (base64url)
  record         TEXT NOT NULL,                    -- its last verified signed node record, with its key chain
  urls           TEXT NOT NULL,                    -- JSON array
  scopes         TEXT NOT NULL DEFAULT '[]',       -- JSON array: granted here
  their_scopes   TEXT NOT NULL DEFAULT '[]',       -- JSON array: held there
  status         TEXT NOT NULL CHECK (status IN ('active', 'pending', 'revoked')),
  is_default     INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  last_seen      INTEGER,
  conflict       TEXT,                             -- set when its node id answered from two hosts at once
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX peers_sign_key ON peers (sign_key);

-- Secret: invite codes' one-time secrets (never readable through `fazt sql`).
CREATE TABLE secret_invites (
  id          TEXT PRIMARY KEY,
  secret      BLOB NOT NULL,
  scopes      TEXT NOT NULL,                        -- JSON array granted to whoever redeems it
  uses_left   INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT;

-- Nonces of accepted signed requests, kept until their signature expires so a replay is refused even
-- after a restart (PEERS.md §6).
CREATE TABLE peer_nonces (
  nonce       TEXT PRIMARY KEY,
  expires_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX peer_nonces_expiry ON peer_nonces (expires_at);
