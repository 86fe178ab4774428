import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import Database from 'better-sqlite3'
import { runCli } from '../helpers/cli.js'
import { tempDb, tempDir } from '../helpers/paths.js'

test('FAZT_DB and FAZT_HOME choose the data file', async () => {
  const db = tempDb()
  const a = await runCli(['server', 'info', '--json'], { env: { FAZT_DB: db } })
  assert.equal(a.json<{ data_file: string }>().data_file, db)
  const home = tempDir()
  const b = await runCli(['server', 'info', '--json'], { env: { FAZT_DB: '', FAZT_HOME: home } })
  assert.equal(b.json<{ data_file: string }>().data_file, join(home, 'data.db'))
})

test('a corrupt data file gives a clear error and is not changed', async () => {
  const db = tempDb()
  const junk = Buffer.alloc(8192, 7)
  writeFileSync(db, junk)
  const r = await runCli(['--db', db, 'server', 'info'])
  assert.equal(r.code, 1)
  assert.match(r.stderr, /error: DB_CORRUPT: .* is not a fazt data file or is damaged/)
  assert.match(r.stderr, /hint: restore it from a backup/)
  assert.ok(readFileSync(db).equals(junk))
})

test('a data file from a newer fazt is refused with exit 1 and left as it was', async () => {
  const db = tempDb()
  await runCli(['--db', db, 'server', 'info'])
  const raw = new Database(db)
  raw.prepare("INSERT INTO schema_migrations VALUES (500, 'from_the_future', 0)").run()
  raw.close()
  const before = readFileSync(db)
  const r = await runCli(['--db', db, 'server', 'info'])
  assert.equal(r.code, 1)
  assert.match(r.stderr, /error: DB_TOO_NEW: .*version 500/)
  assert.match(r.stderr, /hint: upgrade fazt/)
  assert.ok(readFileSync(db).equals(before))
})

test('a data file path that is a folder gives a clear error and changes nothing', async () => {
  const dir = tempDir()
  const r = await runCli(['--db', dir, 'server', 'info'])
  assert.equal(r.code, 1)
  assert.match(r.stderr, /^error: DB_UNREADABLE: cannot open /m)
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/)
})

test('a data file in a folder that cannot be created is a clear error', async () => {
  const file = join(tempDir(), 'plain-file')
  writeFileSync(file, 'x')
  const r = await runCli(['--db', join(file, 'data.db'), 'server', 'info'])
  assert.equal(r.code, 1)
  assert.match(r.stderr, /^error: [A-Z_]+: /m)
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/)
})
