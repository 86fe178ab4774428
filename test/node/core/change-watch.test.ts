import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { test } from 'node:test'
import { ChangeWatch, cached } from '../../../node/core/change-watch.js'
import { openDatabase } from '../../../node/core/db-open.js'
import { tempDb } from '../../helpers/paths.js'

const require = createRequire(import.meta.url)

test('a commit from another process is noticed at once; reads alone are not', () => {
  const path = tempDb()
  const db = openDatabase(path)
  const watch = new ChangeWatch(db)
  let computed = 0
  const domain = cached(watch, () => {
    computed++
    return (db.prepare("SELECT value FROM settings WHERE key = 'domain'").pluck().get() as string) ?? null
  })
  assert.equal(domain(), null)
  assert.equal(domain(), null)
  assert.equal(computed, 1)

  // Another process writes through its own connection.
  const script = `const D=require(${JSON.stringify(require.resolve('better-sqlite3'))});const d=new D(process.argv[1]);d.pragma('busy_timeout=5000');d.prepare("INSERT INTO settings VALUES ('domain','zyt.app',0)").run();d.close()`
  execFileSync(process.execPath, ['-e', script, path])
  assert.equal(domain(), 'zyt.app')
  assert.equal(computed, 2)
  assert.equal(domain(), 'zyt.app')
  assert.equal(computed, 2)
  db.close()
})

test('writes through the same connection need bump()', () => {
  const db = openDatabase(tempDb())
  const watch = new ChangeWatch(db)
  const g = watch.generation()
  db.prepare("INSERT INTO settings VALUES ('k','v',0)").run()
  assert.equal(watch.generation(), g)
  watch.bump()
  assert.notEqual(watch.generation(), g)
  db.close()
})
