import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { test } from 'node:test'
import Database from 'better-sqlite3'
import { SqlSession } from '../../../node/sql/sql-exec.js'
import { AppError } from '../../../sdk/contract/errors.js'
import type { SqlResult } from '../../../sdk/contract/verbs/sql.js'
import { countRows, fileDigest, refusedReads, seededDb, sneakySecretReads } from './fixture.js'

// The checks of `fazt sql` in-process, on a real data file: one session, as inside the sql worker.

function attempt(s: SqlSession, query: string, write = false, limit = 1000): SqlResult | AppError {
  try {
    return s.run({ query, write, limit })
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
}

function codeOf(r: SqlResult | AppError): string {
  return r instanceof AppError ? r.code : 'OK'
}

test('statements that change anything are refused without --write, and the file stays byte for byte', () => {
  const path = seededDb()
  const dir = dirname(path)
  const s = new SqlSession(path)
  const before = fileDigest(path)
  const got = refusedReads(dir).map(([q]) => [q, codeOf(attempt(s, q))])
  assert.deepEqual(got, refusedReads(dir))
  s.close()
  assert.equal(fileDigest(path), before)
  assert.equal(existsSync(`${dir}/copy.db`), false, 'VACUUM INTO wrote no file')
  assert.equal(existsSync(`${dir}/x.db`), false, 'ATTACH created no file')
  assert.equal(countRows(path, 'settings'), 2)
})

test('a write refused without --write says to add --write', () => {
  const s = new SqlSession(seededDb())
  const e = attempt(s, "-- c\nINSERT INTO settings VALUES ('x', 'y', 1)")
  assert.ok(e instanceof AppError)
  assert.equal(e.code, 'READ_ONLY')
  assert.match(e.hint ?? '', /--write/)
  s.close()
})

test('secret tables cannot be reached through subqueries, CTEs, unions, joins, indexes or case tricks', () => {
  const s = new SqlSession(seededDb())
  for (const q of sneakySecretReads) {
    const r = attempt(s, q)
    assert.ok(r instanceof AppError, `${q} was answered: ${JSON.stringify(r)}`)
    assert.equal(r.code, 'PERMISSION_DENIED', q)
    assert.match(r.message, /secret_(identity|invites) holds secrets/, q)
  }
  s.close()
})

test('the schema of secret tables stays readable, their rows do not', () => {
  const s = new SqlSession(seededDb())
  const cols = s.run({
    query: "SELECT name FROM pragma_table_info('secret_identity')",
    write: false,
    limit: 100,
  })
  assert.deepEqual(cols.rows?.flat(), ['id', 'node_id', 'first_key', 'sign_seed', 'box_secret', 'created_at'])
  const pragma = s.run({ query: 'PRAGMA table_info(secret_invites)', write: false, limit: 100 })
  assert.equal(pragma.row_count, 6)
  const ddl = s.run({
    query: "SELECT sql FROM sqlite_schema WHERE name = 'secret_identity'",
    write: false,
    limit: 1,
  })
  assert.match(String(ddl.rows?.[0]?.[0]), /CREATE TABLE secret_identity/)
  const plan = s.run({ query: 'EXPLAIN QUERY PLAN SELECT * FROM secret_identity', write: false, limit: 10 })
  assert.ok((plan.row_count ?? 0) > 0, 'a plan lists, it never reads')
  s.close()
})

test('a view, renamed table or copy made with --write does not open a way to the secrets', () => {
  const path = seededDb()
  const s = new SqlSession(path)
  assert.equal(codeOf(attempt(s, 'CREATE VIEW v AS SELECT * FROM secret_identity', true)), 'OK')
  assert.equal(codeOf(attempt(s, 'SELECT sign_seed FROM v')), 'PERMISSION_DENIED')
  assert.equal(codeOf(attempt(s, 'SELECT * FROM v', true)), 'PERMISSION_DENIED')
  const refusedWrites = [
    'CREATE TABLE loot AS SELECT * FROM secret_identity',
    "INSERT INTO settings SELECT 'k', hex(sign_seed), 0 FROM secret_identity",
    "UPDATE settings SET value = (SELECT hex(secret) FROM secret_invites) WHERE key = 'colour'",
    "INSERT INTO secret_invites VALUES ('inv-2', x'00', '[]', 1, 0, 0)",
    "UPDATE secret_identity SET node_id = 'x'",
    'DELETE FROM secret_identity',
    'DROP TABLE secret_invites',
    'ALTER TABLE secret_identity RENAME TO ident',
    'ALTER TABLE secret_identity ADD COLUMN extra TEXT',
    'ALTER TABLE settings RENAME TO secret_settings',
    'CREATE TABLE secret_mine (x)',
    'CREATE INDEX seed_idx ON secret_identity (sign_seed)',
    'CREATE TRIGGER t AFTER INSERT ON secret_invites BEGIN INSERT INTO settings VALUES (NEW.id, hex(NEW.secret), 0); END',
    'CREATE TEMP TRIGGER t AFTER INSERT ON settings BEGIN SELECT 1; END',
    'CREATE TABLE temp.scratch (x)',
    "CREATE VIRTUAL TABLE f USING fts5(sign_seed, content='secret_identity', content_rowid='id')",
    'PRAGMA writable_schema = 1',
    `ATTACH DATABASE '${dirname(path)}/x.db' AS x`,
    'VACUUM',
    'BEGIN',
  ]
  for (const q of refusedWrites) assert.equal(codeOf(attempt(s, q, true)), 'PERMISSION_DENIED', q)
  s.close()
  const raw = new Database(path, { readonly: true })
  const names = raw
    .prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'trigger') ORDER BY name")
    .pluck()
    .all()
  assert.ok(
    names.includes('secret_identity') && names.includes('secret_invites') && names.includes('settings'),
  )
  assert.ok(
    !names.some((n) => ['ident', 'loot', 'secret_settings', 'secret_mine', 't', 'f'].includes(String(n))),
  )
  assert.equal(raw.prepare('SELECT count(*) FROM secret_invites').pluck().get(), 1)
  assert.equal(raw.prepare("SELECT value FROM settings WHERE key = 'colour'").pluck().get(), 'blue')
  raw.close()
})

test('--write runs ordinary writes and reports changes and the inserted rowid', () => {
  const path = seededDb()
  const s = new SqlSession(path)
  const ins = s.run({ query: "INSERT INTO settings VALUES ('x', 'y', 1)", write: true, limit: 10 })
  assert.equal(ins.changes, 1)
  assert.equal(typeof ins.last_insert_rowid, 'number')
  assert.equal(ins.columns, undefined)
  const upd = s.run({
    query: "UPDATE settings SET value = 'z' WHERE key IN ('x', 'colour')",
    write: true,
    limit: 10,
  })
  assert.deepEqual(upd, { changes: 2, last_insert_rowid: upd.last_insert_rowid })
  const ddl = s.run({
    query: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)',
    write: true,
    limit: 10,
  })
  assert.deepEqual(ddl, { changes: 0, last_insert_rowid: null })
  const ret = s.run({
    query: "INSERT INTO notes (body) VALUES ('a'), ('b'), ('c') RETURNING id",
    write: true,
    limit: 2,
  })
  assert.deepEqual(ret.rows, [[1], [2]])
  assert.equal(ret.truncated, true)
  assert.equal(ret.changes, 3)
  assert.equal(ret.last_insert_rowid, 3)
  assert.equal(codeOf(attempt(s, 'CREATE INDEX notes_body ON notes (body)', true)), 'OK')
  assert.equal(codeOf(attempt(s, 'CREATE TABLE copy AS SELECT * FROM notes', true)), 'OK')
  assert.equal(codeOf(attempt(s, 'DROP TABLE copy', true)), 'OK')
  assert.equal(codeOf(attempt(s, "INSERT INTO settings VALUES ('x', 'dup', 1)", true)), 'CONFLICT')
  s.close()
  assert.equal(countRows(path, 'notes'), 3)
  assert.equal(countRows(path, 'settings'), 3)
})

test('exactly one statement: trailing comments and semicolons are fine, a second statement is not', () => {
  const s = new SqlSession(seededDb())
  for (const q of ['SELECT 1;', 'SELECT 1 -- done', 'SELECT 1; /* done */ ; ', 'SELECT 1;;\n\n']) {
    assert.deepEqual(s.run({ query: q, write: false, limit: 1 }).rows, [[1]], q)
  }
  for (const q of ['SELECT 1; SELECT 2', 'SELECT 1; -- x\nDELETE FROM settings']) {
    const e = attempt(s, q, true)
    assert.ok(e instanceof AppError && e.code === 'INVALID_ARGUMENT', q)
    assert.match(e.message, /exactly one statement/)
  }
  assert.equal(codeOf(attempt(s, ' -- only a comment')), 'INVALID_ARGUMENT')
  s.close()
})

test('syntax errors carry SQLite message and nothing of the machine', () => {
  const path = seededDb()
  const s = new SqlSession(path)
  const cases: [string, RegExp][] = [
    ['SELEC 1', /^near "SELEC": syntax error$/],
    ['SELECT * FROM nope', /^no such table: nope$/],
    ['SELECT ?', /parameters/],
    ['SELECT 1 +', /^incomplete input$/],
    ['"SELECT" 1', /syntax error/],
  ]
  for (const [q, msg] of cases) {
    const e = attempt(s, q)
    assert.ok(e instanceof AppError, q)
    assert.equal(e.code, 'INVALID_ARGUMENT', q)
    assert.match(e.message, msg, q)
    assert.ok(!e.message.includes(dirname(path)), q)
  }
  s.close()
})

test('load_extension is refused by the check and, beneath it, by the engine itself', () => {
  const s = new SqlSession(seededDb())
  const e = attempt(s, "SELECT load_extension('/tmp/x.so')")
  assert.ok(e instanceof AppError && e.code === 'PERMISSION_DENIED')
  s.close()
  // better-sqlite3 enables only the C API for extensions; the SQL function stays off.
  const raw = new Database(':memory:')
  assert.throws(() => raw.prepare("SELECT load_extension('/tmp/x.so')").get(), /not authorized/)
  raw.close()
})

test("ANALYZE's index samples count as secret, its row counts do not", () => {
  const path = seededDb()
  const raw = new Database(path)
  raw.exec('ANALYZE') // as the node itself might one day run it
  raw.close()
  const s = new SqlSession(path)
  assert.equal(codeOf(attempt(s, 'SELECT * FROM sqlite_stat4')), 'PERMISSION_DENIED')
  assert.equal(codeOf(attempt(s, "SELECT stat FROM sqlite_stat1 WHERE tbl = 'secret_invites'")), 'OK')
  assert.equal(codeOf(attempt(s, 'ANALYZE', true)), 'PERMISSION_DENIED')
  s.close()
})
