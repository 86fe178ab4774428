import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { controlTransport } from '../../../node/control/control-client.js'
import type { Transport } from '../../../sdk/transport.js'
import { startNode, type TestNode } from '../../helpers/node.js'
import { tempDb } from '../../helpers/paths.js'
import { closeAll, connect, prepareData } from './ws-helpers.js'

// docs/realtime.md#isolation: realtime of one app is invisible to every other app, whatever the channel names.
let node: TestNode
let control: Transport

before(async () => {
  const dataPath = tempDb()
  prepareData(dataPath, ['alpha', 'beta'])
  node = await startNode({ dataPath })
  control = controlTransport(dataPath)
})
after(async () => {
  control.close?.()
  await node.stop()
})

test("clients of one app never see another app's channel of the same name", async () => {
  const a = await connect(node.url, 'alpha.localhost')
  const b = await connect(node.url, 'beta.localhost')
  a.send({ type: 'subscribe', channel: 'chat' })
  b.send({ type: 'subscribe', channel: 'chat' })
  await Promise.all([a.next(), b.next()])
  await control.call('realtime.publish', { app: 'alpha', channel: 'chat', data: 'for alpha' })
  await control.call('realtime.publish', { app: 'beta', channel: 'chat', data: 'for beta' })
  await control.call('realtime.publish', { app: 'alpha', channel: 'chat', data: 'alpha again' })
  assert.equal((await a.next()).data, 'for alpha')
  assert.equal((await a.next()).data, 'alpha again')
  assert.equal((await b.next()).data, 'for beta')
  for (const c of [a, b]) c.send({ type: 'ping' })
  assert.deepEqual(await a.next(), { type: 'pong' }, 'nothing else reached alpha')
  assert.deepEqual(await b.next(), { type: 'pong' }, 'nothing else reached beta')
  await closeAll(a, b)
})

test("resuming with another app's position replays nothing of that app", async () => {
  const { seq } = (await control.call('realtime.publish', {
    app: 'beta',
    channel: 'secret',
    data: 's1',
  })) as {
    seq: number
  }
  await control.call('realtime.publish', { app: 'beta', channel: 'secret', data: 's2' })
  const a = await connect(node.url, 'alpha.localhost')
  a.send({ type: 'subscribe', channel: 'secret', since: seq - 1 })
  const f = await a.next()
  assert.deepEqual([f.type, f.code], ['error', 'GAP_TOO_OLD'])
  const sub = await a.next()
  assert.equal(sub.type, 'subscribed')
  a.send({ type: 'ping' })
  assert.deepEqual(await a.next(), { type: 'pong' })
  const stats = (await control.call('realtime.stats', { app: 'alpha' })) as { published: number }
  assert.equal(stats.published, 2, "alpha's own two messages from the test before")
  await closeAll(a)
})
