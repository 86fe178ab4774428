import assert from 'node:assert/strict'
import { test } from 'node:test'
import { insertApp } from '../../../node/hosting/app-store.js'
import { copyAppStorage, deleteAppStorage, storageStats } from '../../../node/storage/app-lifecycle.js'
import { exportAppStorage, importAppStorage } from '../../../node/storage/app-transfer.js'
import { type Fixture, fixture } from './helpers.js'

function fill(fx: Fixture, appId: string): void {
  const s = fx.storage.app(appId)
  s.kv.set('k1', { v: 1 })
  s.kv.set('k2', 'two', 60_000)
  s.docs.insert('posts', { id: 'p1', title: 'hello' })
  s.docs.insert('posts', { id: 'p2', title: 'world', tags: ['x'] })
  s.docs.insert('users', { id: 'u1', name: 'al' })
  s.blobs.put('f/a.bin', Buffer.from([1, 2, 3]), 'application/x-test')
}

const content = (fx: Fixture, appId: string) => {
  const { app, exportedAt, ...rest } = exportAppStorage(fx.db, appId, fx.clock.now())
  return rest
}

test('copyAppStorage (fork) copies everything exactly, inside the caller’s transaction', () => {
  const fx = fixture()
  fill(fx, fx.apps.a)
  const fork = fx.db.transaction(() => {
    const app = insertApp(fx.db, { name: 'fork' }, fx.clock.now())
    return { id: app.id, counts: copyAppStorage(fx.db, fx.apps.a, app.id) }
  })()
  assert.deepEqual(fork.counts, { kv: 2, docs: 3, blobs: 1 })
  assert.deepEqual(content(fx, fork.id), content(fx, fx.apps.a))
  // The copy is independent of the original.
  fx.storage.app(fork.id).kv.set('k1', 'changed')
  assert.deepEqual(fx.storage.app(fx.apps.a).kv.get('k1'), { v: 1 })
  // Copying into an app that already has storage is refused, and the caller's transaction rolls back.
  assert.throws(() => fx.db.transaction(() => copyAppStorage(fx.db, fx.apps.a, fork.id))(), {
    code: 'CONFLICT',
  })
  fx.db.close()
})

test('a rolled-back fork leaves no copied storage', () => {
  const fx = fixture()
  fill(fx, fx.apps.a)
  let forkId = ''
  assert.throws(() =>
    fx.db.transaction(() => {
      forkId = insertApp(fx.db, { name: 'fork' }, fx.clock.now()).id
      copyAppStorage(fx.db, fx.apps.a, forkId)
      throw new Error('fork failed later')
    })(),
  )
  const rows = fx.db
    .prepare(
      'SELECT (SELECT count(*) FROM app_kv WHERE app_id = ?) + (SELECT count(*) FROM app_docs WHERE app_id = ?)',
    )
    .pluck()
  assert.equal(rows.get(forkId, forkId), 0)
  fx.db.close()
})

test('deleteAppStorage removes one app’s storage only; removing the app row cascades too', () => {
  const fx = fixture()
  fill(fx, fx.apps.a)
  fill(fx, fx.apps.b)
  const before = content(fx, fx.apps.b)
  assert.deepEqual(deleteAppStorage(fx.db, fx.apps.a), { kv: 2, docs: 3, blobs: 1 })
  assert.deepEqual(content(fx, fx.apps.a), { format: 'fazt.storage/1', kv: [], docs: [], blobs: [] })
  assert.deepEqual(content(fx, fx.apps.b), before)
  fx.db.prepare('DELETE FROM apps WHERE id = ?').run(fx.apps.b)
  const left = fx.db
    .prepare(
      'SELECT (SELECT count(*) FROM app_kv) + (SELECT count(*) FROM app_docs) + (SELECT count(*) FROM app_blobs)',
    )
    .pluck()
  assert.equal(left.get(), 0)
  fx.db.close()
})

test('storageStats counts live keys, documents and blobs with their bytes', () => {
  const fx = fixture()
  fill(fx, fx.apps.a)
  fx.storage.app(fx.apps.a).kv.set('gone', 1, 10)
  fx.clock.advance(10)
  assert.deepEqual(storageStats(fx.db, fx.apps.a, fx.clock.now()), [
    { kind: 'kv', count: 2, bytes: 'k1'.length + '{"v":1}'.length + 'k2'.length + '"two"'.length },
    {
      kind: 'docs',
      count: 3,
      bytes:
        3 * 'posts'.length -
        'posts'.length +
        'users'.length +
        6 +
        '{"title":"hello"}{"title":"world","tags":["x"]}{"name":"al"}'.length,
    },
    { kind: 'blobs', count: 1, bytes: 3 },
  ])
  assert.deepEqual(
    storageStats(fx.db, fx.apps.b, fx.clock.now()).map((s) => s.count),
    [0, 0, 0],
  )
  fx.db.close()
})

test('import skips keys that expired since the export and counts them', () => {
  const fx = fixture()
  fill(fx, fx.apps.a)
  const data = exportAppStorage(fx.db, fx.apps.a, fx.clock.now())
  fx.clock.advance(60_000)
  assert.deepEqual(importAppStorage(fx.db, fx.apps.b, data, { now: fx.clock.now() }), {
    kv: 1,
    docs: 3,
    blobs: 1,
    expired: 1,
  })
  assert.deepEqual(
    fx.storage
      .app(fx.apps.b)
      .kv.list()
      .map((e) => e.key),
    ['k1'],
  )
  fx.db.close()
})
