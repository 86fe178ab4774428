import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { TestNode } from '../../helpers/node.js'
import { closeAll, connect } from '../realtime/ws-helpers.js'
import { call, deploy, startWithSettings } from './fixture.js'

let node: TestNode
before(async () => {
  node = await startWithSettings()
  await deploy(node, 'live', {
    'api/pub.js': `module.exports = (req) => ({
  seq: fazt.realtime.broadcast('news', req.body),
  count: fazt.realtime.count('news'),
  clients: fazt.realtime.count(),
  subscribers: fazt.realtime.subscribers('news').length,
})`,
    'api/all.js': "module.exports = () => fazt.realtime.broadcastAll({ hello: 'everyone' })",
    'api/kick.js':
      "module.exports = (req) => fazt.realtime.kick(fazt.realtime.subscribers('news')[0], 'bye')",
    'api/bad.js':
      "module.exports = () => { try { fazt.realtime.broadcast('', 1) } catch (e) { return e.code } }",
  })
  await deploy(node, 'quiet', { 'api/count.js': "module.exports = () => fazt.realtime.count('news')" })
})
after(() => node.stop())

test('fazt.realtime reaches the live broker: broadcast, counts, subscribers, kick', async () => {
  const a = await connect(node.url, 'live.localhost')
  const b = await connect(node.url, 'live.localhost')
  try {
    a.send({ type: 'subscribe', channel: 'news' })
    await a.next((f) => f.type === 'subscribed')
    const r = await call(node, 'live', '/api/pub', { method: 'POST', json: { headline: 'hi' } })
    assert.equal(r.status, 200, r.text())
    const out = r.json<{ seq: number; count: number; clients: number; subscribers: number }>()
    assert.equal(typeof out.seq, 'number')
    assert.deepEqual({ ...out, seq: 0 }, { seq: 0, count: 1, clients: 2, subscribers: 1 })
    const msg = await a.next((f) => f.type === 'message')
    assert.deepEqual(msg.data, { headline: 'hi' })
    assert.equal(msg.channel, 'news')
    assert.equal(Number((await call(node, 'live', '/api/all')).text()), 2)
    await b.next((f) => f.type === 'message' && f.data?.hello === 'everyone')
    assert.equal((await call(node, 'live', '/api/bad')).text(), 'INVALID_ARGUMENT')
    // Another app sees only its own clients.
    assert.equal((await call(node, 'quiet', '/api/count')).text(), '0')
    assert.equal((await call(node, 'live', '/api/kick')).text(), 'true')
    await a.closed
  } finally {
    await closeAll(a, b)
  }
})
