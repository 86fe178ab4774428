import assert from 'node:assert/strict'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import Database from 'better-sqlite3'
import { resolveDataPath } from '../../../node/core/data-path.js'
import { knownVersion } from '../../../node/core/db-migrate.js'
import { openDatabase } from '../../../node/core/db-open.js'
import { AppError } from '../../../sdk/contract/errors.js'
import { tempDb, tempDir } from '../../helpers/paths.js'

test('the data path follows --db > FAZT_DB > FAZT_HOME > ~/.fazt', () => {
  const home = () => '/home/u'
  assert.deepEqual(resolveDataPath('x.db', { FAZT_DB: '/a.db', FAZT_HOME: '/h' }, home).source, 'flag')
  assert.deepEqual(resolveDataPath(undefined, { FAZT_DB: '/a.db', FAZT_HOME: '/h' }, home), {
    path: '/a.db',
    source: 'FAZT_DB',
  })
  assert.deepEqual(resolveDataPath(undefined, { FAZT_HOME: '/h' }, home), {
    path: '/h/data.db',
    source: 'FAZT_HOME',
  })
  assert.deepEqual(resolveDataPath(undefined, {}, home), { path: '/home/u/.fazt/data.db', source: 'default' })
})

test('a new data file is created with mode 0600, in WAL mode, at the latest schema', () => {
  const path = join(tempDir(), 'nested', 'data.db')
  const db = openDatabase(path)
  assert.equal(statSync(path).mode & 0o777, 0o600)
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal')
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1)
  const v = db.prepare('SELECT max(version) v FROM schema_migrations').get() as { v: number }
  assert.equal(v.v, knownVersion())
  db.close()
})

test('opening twice applies each migration once', () => {
  const path = tempDb()
  openDatabase(path).close()
  const db = openDatabase(path)
  const rows = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()
  assert.deepEqual(
    rows,
    Array.from({ length: knownVersion() }, (_, i) => i + 1),
  )
  db.close()
})

test('a data file from a newer fazt is refused and left unchanged', () => {
  const path = tempDb()
  openDatabase(path).close()
  const raw = new Database(path)
  raw.prepare("INSERT INTO schema_migrations VALUES (999, 'future', 0)").run()
  raw.close()
  const before = statSync(path).mtimeMs
  assert.throws(
    () => openDatabase(path),
    (e: unknown) => e instanceof AppError && e.code === 'DB_TOO_NEW' && /999/.test(e.message),
  )
  assert.equal(statSync(path).mtimeMs, before)
})

test('a file that is not SQLite is refused as DB_CORRUPT and not overwritten', () => {
  const path = tempDb()
  const junk = Buffer.from('this is not a database, just some text '.repeat(200))
  writeFileSync(path, junk)
  assert.throws(
    () => openDatabase(path),
    (e: unknown) => e instanceof AppError && e.code === 'DB_CORRUPT',
  )
  assert.ok(readFileSync(path).equals(junk))
})

test('a missing file is refused when creation is not allowed', () => {
  assert.throws(
    () => openDatabase(join(tempDir(), 'none.db'), { create: false }),
    (e: unknown) => e instanceof AppError && e.code === 'NOT_FOUND',
  )
})
