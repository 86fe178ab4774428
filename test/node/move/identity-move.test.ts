import assert from 'node:assert/strict'
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import Database from 'better-sqlite3'
import { insertApp } from '../../../node/hosting/app-store.js'
import { runCli } from '../../helpers/cli.js'
import { startNode, type TestNode } from '../../helpers/node.js'
import { tempDir } from '../../helpers/paths.js'
import { pair, rawCall, secretsOf } from '../../helpers/peers.js'

// docs/moving.md: copying data.db carries the identity; a copy forks a new one unless `node adopt` makes it a move.
let b: TestNode
before(async () => {
  b = await startNode({ host: '127.0.0.3' })
})
after(async () => {
  await b?.stop()
})

function copyTo(from: string): string {
  const dir = join(tempDir(), 'moved')
  mkdirSync(dir)
  const to = join(dir, 'data.db')
  copyFileSync(from, to)
  return to
}

function addApp(dataPath: string, name: string) {
  const db = new Database(dataPath)
  insertApp(db, { name }, Date.now())
  db.close()
}

const idOf = async (dataPath: string) =>
  (await runCli(['--db', dataPath, 'node', 'id', '--json'])).json<{ node_id: string }>().node_id

test('a copy started elsewhere is a new node that keeps apps and data; its peers must pair again', async () => {
  const a = await startNode({ host: '127.0.0.2' })
  await pair(a, b, 'b')
  const original = await idOf(a.dataPath)
  await a.stop()
  addApp(a.dataPath, 'blog')

  const copy = copyTo(a.dataPath)
  const c = await startNode({ dataPath: copy, host: '127.0.0.4' })
  try {
    assert.match(
      c.output(),
      /^copied +this data file last ran at .*: it is a copy, so it is a new node fz\w+ \(was fz\w+\)/m,
    )
    const forked = await idOf(copy)
    assert.notEqual(forked, original)
    const info = (await c.cli(['server', 'info', '--json'])).json<{ apps: number; peers: number }>()
    assert.equal(info.apps, 1)
    assert.equal(info.peers, 1, 'peer records are kept')
    const denied = await c.cli(['@b', 'node', 'id'])
    assert.equal(denied.code, 77, 'B does not know the new key')
    assert.match(denied.stderr, /UNKNOWN_KEY/)
  } finally {
    await c.stop()
  }
  // The original, restarted where it was, is still the original node.
  assert.equal(await idOf(a.dataPath), original)
})

test('node adopt keeps the identity on the new host, and peers then refuse the old one', async () => {
  const a = await startNode({ host: '127.0.0.2' })
  await pair(a, b, 'b')
  const original = await idOf(a.dataPath)
  const oldSeed = secretsOf(a.dataPath).seed
  await a.stop()

  const moved = copyTo(a.dataPath)
  const adopt = await runCli(['--db', moved, 'node', 'adopt', '--json'])
  assert.equal(adopt.code, 0, adopt.stderr)
  const out = adopt.json<{ node_id: string; announced: { peer: string; ok: boolean }[] }>()
  assert.equal(out.node_id, original)
  assert.deepEqual(out.announced, [{ peer: 'b', ok: true }])

  const m = await startNode({ dataPath: moved, host: '127.0.0.4' })
  try {
    assert.doesNotMatch(m.output(), /^copied/m, 'an adopted file is not a copy')
    const ok = await m.cli(['@b', 'node', 'id'])
    assert.equal(ok.code, 0, ok.stderr)
    // The old host still holds the old key: B refuses it from now on.
    const bId = secretsOf(b.dataPath).nodeId
    const old = await rawCall(b, {
      verb: 'node.id',
      seed: oldSeed,
      recipient: bId,
      localAddress: '127.0.0.2',
    })
    assert.equal(old.code, 'UNKNOWN_KEY', `${old.status} ${old.text()}`)
    assert.equal((await runCli(['--db', a.dataPath, '@b', 'node', 'id'])).code, 77)
  } finally {
    await m.stop()
  }
})

test('adopt after a start already forked restores the old identity', async () => {
  const a = await startNode({ host: '127.0.0.2' })
  const original = await idOf(a.dataPath)
  await a.stop()
  const moved = copyTo(a.dataPath)
  const c = await startNode({ dataPath: moved, host: '127.0.0.4' })
  await c.stop()
  assert.notEqual(await idOf(moved), original)
  const adopt = await runCli(['--db', moved, 'node', 'adopt', '--json'])
  assert.equal(adopt.code, 0, adopt.stderr)
  assert.equal(await idOf(moved), original)
})

test('adopt on a data file that has not moved is refused and changes nothing', async () => {
  const a = await startNode({ host: '127.0.0.2' })
  await a.stop()
  const before = await idOf(a.dataPath)
  const r = await runCli(['--db', a.dataPath, 'node', 'adopt'])
  assert.equal(r.code, 1)
  assert.match(r.stderr, /CONFLICT: this data file has not moved/)
  assert.equal(await idOf(a.dataPath), before)
})

test('one node id calling from two hosts at once is flagged as a conflict', async () => {
  const a = await startNode({ host: '127.0.0.2' })
  try {
    await pair(a, b, 'b')
    const { seed, nodeId } = secretsOf(a.dataPath)
    const bId = secretsOf(b.dataPath).nodeId
    assert.equal(
      (await rawCall(b, { verb: 'node.id', seed, recipient: bId, localAddress: '127.0.0.2' })).status,
      200,
    )
    assert.equal(
      (await rawCall(b, { verb: 'node.id', seed, recipient: bId, localAddress: '127.0.0.9' })).status,
      200,
    )
    const list = (await b.cli(['peer', 'list', '--json', '--no-check'])).json<
      { node_id: string; conflict: string | null }[]
    >()
    const me = list.find((p) => p.node_id === nodeId)
    assert.match(me?.conflict ?? '', /answered from 127\.0\.0\.2 and 127\.0\.0\.9/)
  } finally {
    await a.stop()
  }
})
