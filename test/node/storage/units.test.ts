import assert from 'node:assert/strict'
import { test } from 'node:test'
import { openDatabase } from '../../../node/core/db-open.js'
import type { AppStorage } from '../../../node/storage/app-storage.js'
import { exportAppStorage } from '../../../node/storage/app-transfer.js'
import { createStorage } from '../../../node/storage/storage.js'
import { codeOf, fixture } from './helpers.js'

function writeSome(tx: AppStorage, tag: string): void {
  tx.kv.set(`k-${tag}`, tag)
  tx.kv.delete('existing')
  tx.docs.insert('c', { id: `d-${tag}`, tag })
  tx.docs.update('c', { id: 'base' }, { $inc: { n: 1 } })
  tx.docs.delete('c', { id: 'doomed' })
  tx.blobs.put(`b-${tag}`, tag)
}

function seed(s: AppStorage): void {
  s.kv.set('existing', 1)
  s.docs.insert('c', { id: 'base', n: 0 })
  s.docs.insert('c', { id: 'doomed' })
}

test('a unit that throws after several writes of every kind leaves no trace', () => {
  const fx = fixture()
  const a = fx.storage.app(fx.apps.a)
  seed(a)
  const before = exportAppStorage(fx.db, fx.apps.a, fx.clock.now())
  assert.throws(
    () =>
      a.unit((tx) => {
        writeSome(tx, 'x')
        throw new Error('the function failed')
      }),
    /the function failed/,
  )
  assert.deepEqual(exportAppStorage(fx.db, fx.apps.a, fx.clock.now()), before)
  // A limit hit inside the unit, not caught by the app, also discards everything.
  assert.equal(
    codeOf(() =>
      a.unit((tx) => {
        writeSome(tx, 'y')
        tx.kv.set('too-big', 'x'.repeat(2 * 1024 * 1024))
      }),
    ),
    'LIMIT_EXCEEDED',
  )
  assert.deepEqual(exportAppStorage(fx.db, fx.apps.a, fx.clock.now()), before)
  assert.equal(fx.db.inTransaction, false)
  fx.db.close()
})

test('a unit that returns commits all its writes and returns its value', () => {
  const fx = fixture()
  const a = fx.storage.app(fx.apps.a)
  seed(a)
  assert.equal(
    a.unit((tx) => {
      writeSome(tx, 'z')
      return 'done'
    }),
    'done',
  )
  assert.equal(a.kv.get('k-z'), 'z')
  assert.equal(a.kv.get('existing'), undefined)
  assert.equal(a.docs.findOne('c', 'base')?.n, 1)
  assert.equal(a.docs.findOne('c', 'doomed'), null)
  assert.equal(a.blobs.get('b-z')?.data.toString(), 'z')
  fx.db.close()
})

test('an operation that fails inside a unit changes nothing; the unit goes on if the app catches it', () => {
  const fx = fixture()
  const a = fx.storage.app(fx.apps.a)
  for (let i = 0; i < 4; i++) a.docs.insert('c', { id: `d${i}`, n: i === 2 ? 'text' : i })
  a.unit((tx) => {
    tx.kv.set('before', 1)
    assert.equal(
      codeOf(() => tx.docs.update('c', {}, { $inc: { n: 10 } })),
      'INVALID_ARGUMENT',
    )
    assert.equal(
      codeOf(() => tx.docs.insert('c', { id: 'd0' })),
      'CONFLICT',
    )
    tx.kv.set('after', 2)
  })
  assert.deepEqual(
    a.docs.find('c').map((d) => d.n),
    [0, 1, 'text', 3],
  )
  assert.equal(a.kv.get('before'), 1)
  assert.equal(a.kv.get('after'), 2)
  fx.db.close()
})

test('nested units are savepoints: an inner failure undoes only the inner writes', () => {
  const fx = fixture()
  const a = fx.storage.app(fx.apps.a)
  a.unit((tx) => {
    tx.kv.set('outer', 1)
    assert.throws(() =>
      tx.unit((inner) => {
        inner.kv.set('inner', 1)
        throw new Error('inner fails')
      }),
    )
    tx.unit((inner) => inner.kv.set('inner2', 2))
  })
  assert.deepEqual(
    a.kv.list().map((e) => e.key),
    ['inner2', 'outer'],
  )
  fx.db.close()
})

test('a unit function must be synchronous; an async one is refused and its writes discarded', () => {
  const fx = fixture()
  const a = fx.storage.app(fx.apps.a)
  assert.equal(
    codeOf(() =>
      a.unit(((tx: AppStorage) => {
        tx.kv.set('sync-part', 1)
        return Promise.resolve()
      }) as never),
    ),
    'INVALID_ARGUMENT',
  )
  assert.equal(a.kv.get('sync-part'), undefined)
  fx.db.close()
})

test('begin/commit/rollback: while a unit is open only it may use the connection', () => {
  const fx = fixture()
  const a = fx.storage.app(fx.apps.a)
  const b = fx.storage.app(fx.apps.b)
  const unit = a.begin()
  unit.kv.set('u', 1)
  assert.equal(
    codeOf(() => a.kv.get('u')),
    'CONFLICT',
  )
  assert.equal(
    codeOf(() => b.kv.set('x', 1)),
    'CONFLICT',
  )
  assert.equal(
    codeOf(() => a.begin()),
    'CONFLICT',
  )
  assert.equal(
    codeOf(() => fx.storage.app(fx.apps.a).unit(() => 1)),
    'CONFLICT',
  )
  assert.equal(unit.open, true)
  unit.rollback()
  unit.rollback()
  assert.equal(unit.open, false)
  assert.equal(a.kv.get('u'), undefined)
  assert.equal(
    codeOf(() => unit.kv.set('late', 1)),
    'CONFLICT',
  )
  assert.equal(
    codeOf(() => unit.commit()),
    'CONFLICT',
  )
  const second = a.begin()
  second.kv.set('v', 2)
  second.commit()
  assert.equal(a.kv.get('v'), 2)
  fx.db.close()
})

test('another connection never sees a unit’s uncommitted writes, and waits out its lock as UNAVAILABLE', () => {
  const fx = fixture()
  const other = openDatabase(fx.path)
  other.pragma('busy_timeout = 20')
  const otherStorage = createStorage(other, {
    clock: fx.clock,
    busy: { retries: 2, baseDelayMs: 5, maxDelayMs: 10 },
  })
  const a = fx.storage.app(fx.apps.a)
  const a2 = otherStorage.app(fx.apps.a)
  a.kv.set('seen', 'committed')
  const unit = a.begin()
  unit.kv.set('seen', 'uncommitted')
  unit.docs.insert('c', { id: 'half' })
  assert.equal(a2.kv.get('seen'), 'committed')
  assert.equal(a2.docs.findOne('c', 'half'), null)
  // The writer holds the lock: the other connection retries, then reports UNAVAILABLE, never SQLITE_BUSY.
  const started = Date.now()
  let err: unknown
  try {
    a2.kv.set('blocked', 1)
  } catch (e) {
    err = e
  }
  assert.equal((err as { code?: string }).code, 'UNAVAILABLE')
  assert.doesNotMatch((err as Error).message, /SQLITE/)
  assert.ok(Date.now() - started < 2000)
  assert.equal(
    codeOf(() => a2.unit(() => 1)),
    'UNAVAILABLE',
  )
  unit.commit()
  assert.equal(a2.kv.get('seen'), 'uncommitted')
  a2.kv.set('blocked', 1)
  other.close()
  fx.db.close()
})

test('a connection closed with its unit open (a killed worker) keeps none of the unit’s writes', () => {
  const fx = fixture()
  const conn = openDatabase(fx.path)
  const unit = createStorage(conn, { clock: fx.clock }).app(fx.apps.a).begin()
  unit.kv.set('ghost', 1)
  unit.docs.insert('c', { id: 'ghost' })
  conn.close()
  const a = fx.storage.app(fx.apps.a)
  assert.equal(a.kv.get('ghost'), undefined)
  assert.equal(a.docs.count('c'), 0)
  fx.db.close()
})
