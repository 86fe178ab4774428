// A migrated data file with rows in the secret tables, for `fazt sql` tests.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { openNodeContext } from '../../../node/core/context.js'
import { tempDb } from '../../helpers/paths.js'

export const SIGN_SEED = Buffer.from('5e'.repeat(32), 'hex')
export const INVITE_SECRET = Buffer.from('1c'.repeat(32), 'hex')

export function seededDb(path = tempDb()): string {
  openNodeContext(path).close()
  const db = new Database(path)
  db.prepare(
    `INSERT INTO secret_identity (id, node_id, first_key, sign_seed, box_secret, created_at)
     VALUES (1, 'node-1', x'01', ?, x'02', 0)`,
  ).run(SIGN_SEED)
  db.prepare(
    `INSERT INTO secret_invites (id, secret, scopes, uses_left, expires_at, created_at)
     VALUES ('inv-1', ?, '["read"]', 1, 0, 0)`,
  ).run(INVITE_SECRET)
  db.prepare(
    "INSERT INTO settings (key, value, updated_at) VALUES ('greeting', 'hello', 0), ('colour', 'blue', 0)",
  ).run()
  db.close()
  return path
}

/** A digest of the data file and its WAL: equal digests mean nothing was written. */
export function fileDigest(path: string): string {
  const h = createHash('sha256')
  h.update(readFileSync(path))
  if (existsSync(`${path}-wal`)) h.update(readFileSync(`${path}-wal`))
  return h.digest('hex')
}

export function countRows(path: string, table: string): number {
  const db = new Database(path, { readonly: true })
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  } finally {
    db.close()
  }
}

/** Every statement that must be refused without --write, with the code it is refused with. */
export function refusedReads(dir: string): [string, string][] {
  return [
    ['WITH x AS (SELECT 1) DELETE FROM settings', 'READ_ONLY'],
    ["REPLACE INTO settings (key, value, updated_at) VALUES ('greeting', 'evil', 1)", 'READ_ONLY'],
    ["/* c */ INSERT INTO settings (key, value, updated_at) VALUES ('x', 'y', 1)", 'READ_ONLY'],
    ["-- c\nINSERT INTO settings (key, value, updated_at) VALUES ('x', 'y', 1)", 'READ_ONLY'],
    ["UPDATE settings SET value = 'evil'", 'READ_ONLY'],
    ['CREATE TABLE t (x)', 'READ_ONLY'],
    ['DROP TABLE settings', 'READ_ONLY'],
    ['PRAGMA writable_schema=1', 'PERMISSION_DENIED'],
    ['PRAGMA query_only = 0', 'PERMISSION_DENIED'],
    ['PRAGMA user_version = 7', 'PERMISSION_DENIED'],
    ['EXPLAIN PRAGMA writable_schema = 1', 'PERMISSION_DENIED'],
    [`ATTACH DATABASE '${dir}/x.db' AS x`, 'PERMISSION_DENIED'],
    [`VACUUM INTO '${dir}/copy.db'`, 'PERMISSION_DENIED'],
    ['VACUUM', 'PERMISSION_DENIED'],
    ['BEGIN IMMEDIATE', 'PERMISSION_DENIED'],
    ['SELECT 1; DELETE FROM settings', 'INVALID_ARGUMENT'],
    ["SELECT load_extension('x')", 'PERMISSION_DENIED'],
    ['SELECT * FROM secret_identity', 'PERMISSION_DENIED'],
    ['SELECT * FROM secret_invites', 'PERMISSION_DENIED'],
  ]
}

/** Reads that try to reach a secret table some other way; all refused. */
export const sneakySecretReads: string[] = [
  'SELECT sign_seed FROM (SELECT * FROM secret_identity)',
  'WITH s AS (SELECT * FROM secret_identity) SELECT sign_seed FROM s',
  'SELECT key FROM settings UNION SELECT hex(sign_seed) FROM secret_identity',
  'SELECT (SELECT hex(secret) FROM secret_invites LIMIT 1) AS s',
  "SELECT key FROM settings WHERE EXISTS (SELECT 1 FROM secret_invites WHERE secret > x'00')",
  'SELECT s.key, i.node_id FROM settings s JOIN secret_identity i',
  'SELECT count(*) FROM secret_identity',
  'SELECT id FROM secret_invites', // answered from the primary-key index alone
  "SELECT id FROM secret_invites WHERE id = 'inv-1'",
  'SELECT * FROM "SECRET_IDENTITY"',
  'SELECT * FROM main.secret_identity',
  'select sign_seed from secret_identity as x where x.id in (select 1)',
  'SELECT value FROM json_each((SELECT json_group_array(hex(sign_seed)) FROM secret_identity))',
  'SELECT * FROM settings WHERE value IN (SELECT secret FROM secret_invites)',
]
