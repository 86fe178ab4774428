import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { startNode, type TestNode } from '../../helpers/node.js'
import { writeSite } from '../hosting/site-fixture.js'
import { closeAll, connect } from './ws-helpers.js'

// Realtime on a deployed app: the Host goes through the alias table, and manifest.json opens channels.
let node: TestNode

before(async () => {
  node = await startNode()
  const site = writeSite(
    { 'index.html': 'chat', 'manifest.json': JSON.stringify({ realtime: { publish: ['chat:*'] } }) },
    'chatapp',
  )
  assert.equal((await node.cli(['app', 'deploy', site])).code, 0)
  assert.equal((await node.cli(['app', 'link', 'talk', 'chatapp'])).code, 0)
})
after(async () => {
  await node?.stop()
})

test("clients publish only where the app's manifest.json allows, and an alias reaches the same hub", async () => {
  const a = await connect(node.url, 'chatapp.localhost')
  const b = await connect(node.url, 'talk.localhost')
  b.send({ type: 'subscribe', channel: 'chat:room' })
  assert.equal((await b.next()).type, 'subscribed')
  a.send({ type: 'publish', channel: 'chat:room', data: 'hello' })
  const m = await b.next((f) => f.type === 'message')
  assert.equal(m.data, 'hello')
  a.send({ type: 'publish', channel: 'news', data: 'nope' })
  const err = await a.next((f) => f.type === 'error')
  assert.equal(err.code, 'PUBLISH_DENIED')
  await closeAll(a, b)
})

test('a host that names no app is refused at the handshake', async () => {
  await assert.rejects(connect(node.url, 'nothing-here.localhost'), /404/)
})
