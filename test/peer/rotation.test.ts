import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { startNode, type TestNode } from '../helpers/node.js'
import { pair, rawCall, secretsOf } from '../helpers/peers.js'

let a: TestNode
let b: TestNode

before(async () => {
  ;[a, b] = await Promise.all([startNode({ host: '127.0.0.2' }), startNode({ host: '127.0.0.3' })])
  await pair(a, b, 'b', 'read')
})
after(async () => {
  await Promise.all([a?.stop(), b?.stop()])
})

test('rotating a key keeps the node id, tells peers, and the old key works only for its grace period', async () => {
  const before = (await a.cli(['node', 'id', '--json'])).json<{ node_id: string; fingerprint: string }>()
  const oldSeed = secretsOf(a.dataPath).seed
  const bId = secretsOf(b.dataPath).nodeId

  const r = await a.cli(['node', 'rotate-key', '--grace', '3s', '--json'])
  assert.equal(r.code, 0, r.stderr)
  const rot = r.json<{
    node_id: string
    fingerprint: string
    old_fingerprint: string
    announced: { peer: string; ok: boolean }[]
  }>()
  assert.equal(rot.node_id, before.node_id)
  assert.equal(rot.old_fingerprint, before.fingerprint)
  assert.notEqual(rot.fingerprint, before.fingerprint)
  assert.deepEqual(rot.announced, [{ peer: 'b', ok: true }])

  // The running node serves the new record at once (the CLI wrote the rotation in another process).
  const rec = (await a.http('/.well-known/fazt-node')).json<{
    record: { node_id: string; key_chain: unknown[] }
  }>()
  assert.equal(rec.record.node_id, before.node_id)
  assert.equal(rec.record.key_chain.length, 1)

  // B accepts the new key...
  const viaNew = await a.cli(['@b', 'node', 'id'])
  assert.equal(viaNew.code, 0, viaNew.stderr)
  // ...and the old one during the grace period...
  const during = await rawCall(b, { verb: 'node.id', seed: oldSeed, recipient: bId })
  assert.equal(during.status, 200, during.text())
  // ...then never.
  await new Promise((res) => setTimeout(res, 4200))
  const afterGrace = await rawCall(b, { verb: 'node.id', seed: oldSeed, recipient: bId })
  assert.equal(afterGrace.code, 'UNKNOWN_KEY')
  assert.equal((await a.cli(['@b', 'node', 'id'])).code, 0)
})

test('a peer cannot announce a record of another node as its rotation', async () => {
  const aSeed = secretsOf(a.dataPath).seed
  const bId = secretsOf(b.dataPath).nodeId
  const bRecord = (await b.http('/.well-known/fazt-node')).json()
  const r = await rawCall(b, { verb: 'peer.rotated', params: { node: bRecord }, seed: aSeed, recipient: bId })
  assert.equal(r.code, 'NODE_RECORD_INVALID')
})
