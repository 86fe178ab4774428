import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { controlTransport } from '../../../node/control/control-client.js'
import type { Transport } from '../../../sdk/transport.js'
import { startNode, type TestNode } from '../../helpers/node.js'
import { tempDb } from '../../helpers/paths.js'
import { type Client, closeAll, connect, prepareData } from './ws-helpers.js'

// The protocol of docs/realtime.md over real sockets, against a real node process.
let node: TestNode
let control: Transport
const HOST = 'chat.localhost'

before(async () => {
  const dataPath = tempDb()
  prepareData(dataPath, ['chat'])
  node = await startNode({ dataPath })
  control = controlTransport(dataPath)
})
after(async () => {
  control.close?.()
  await node.stop()
})

const publish = (channel: string, data: unknown) =>
  control.call('realtime.publish', { app: 'chat', channel, data }) as Promise<{ seq: number }>

async function assertNodeHealthy(): Promise<void> {
  assert.equal((await node.http('/_fazt/health')).status, 200)
  const c = await connect(node.url, HOST)
  c.send({ type: 'ping' })
  assert.deepEqual(await c.next(), { type: 'pong' })
  await closeAll(c)
}

test('subscribe, receive in order, unsubscribe, ping and pong over a real socket', async () => {
  const c = await connect(node.url, HOST)
  c.send({ type: 'subscribe', channel: 'room' })
  const sub = await c.next()
  assert.equal(sub.type, 'subscribed')
  assert.equal(sub.channel, 'room')
  assert.ok(Number.isSafeInteger(sub.seq))
  const { seq } = await publish('room', { text: 'one' })
  await publish('room', { text: 'two' })
  const m1 = await c.next()
  const m2 = await c.next()
  assert.equal(seq, sub.seq + 1)
  assert.deepEqual([m1.type, m1.channel, m1.seq, m1.data], ['message', 'room', sub.seq + 1, { text: 'one' }])
  assert.deepEqual([m2.seq, m2.data], [sub.seq + 2, { text: 'two' }])
  assert.ok(Math.abs(m1.timestamp - Date.now()) < 60_000)
  c.send({ type: 'unsubscribe', channel: 'room' })
  assert.deepEqual(await c.next(), { type: 'unsubscribed', channel: 'room' })
  await publish('room', 'not for you')
  c.send({ type: 'ping' })
  assert.deepEqual(await c.next(), { type: 'pong' }, 'nothing arrives after unsubscribing')
  c.send({ type: 'pong' })
  await closeAll(c)
})

test('bad JSON, unknown types, binary frames and publishing to a closed channel are error frames', async () => {
  const c: Client = await connect(node.url, HOST)
  const rows: [string | Buffer, string][] = [
    ['{"type":', 'BAD_JSON'],
    ['"just a string"', 'BAD_MESSAGE'],
    ['{"type":"teleport"}', 'UNKNOWN_TYPE'],
    ['{"type":"subscribe","channel":""}', 'BAD_MESSAGE'],
    ['{"type":"publish","channel":"room","data":1}', 'PUBLISH_DENIED'],
    [Buffer.from([1, 2, 3]), 'BINARY_UNSUPPORTED'],
  ]
  for (const [frame, code] of rows) {
    c.ws.send(frame)
    const f = await c.next()
    assert.equal(f.type, 'error', String(frame))
    assert.equal(f.code, code, String(frame))
  }
  c.send({ type: 'ping' })
  assert.deepEqual(await c.next(), { type: 'pong' }, 'the connection survives every mistake')
  await closeAll(c)
  await assertNodeHealthy()
})

test('the 101st channel of one client is refused', async () => {
  const c = await connect(node.url, HOST)
  for (let i = 0; i < 100; i++) c.send({ type: 'subscribe', channel: `ch${i}` })
  for (let i = 0; i < 100; i++) assert.equal((await c.next()).type, 'subscribed')
  c.send({ type: 'subscribe', channel: 'ch100' })
  const f = await c.next()
  assert.deepEqual([f.type, f.code, f.channel], ['error', 'TOO_MANY_CHANNELS', 'ch100'])
  await closeAll(c)
})

test('a frame over 64 KiB closes the socket with 1009 and the node keeps serving', async () => {
  const c = await connect(node.url, HOST)
  c.send({ type: 'publish', channel: 'room', data: 'x'.repeat(64 * 1024) })
  const { code } = await c.closed
  assert.equal(code, 1009)
  const ok = await connect(node.url, HOST)
  ok.send({ type: 'publish', channel: 'room', data: 'x'.repeat(60 * 1024) })
  assert.equal((await ok.next()).code, 'PUBLISH_DENIED', 'a frame under the limit is read')
  await closeAll(ok)
  await assertNodeHealthy()
})

test('resubscribing with since replays what was missed on the same node', async () => {
  const a = await connect(node.url, HOST)
  a.send({ type: 'subscribe', channel: 'resume' })
  const { seq } = await a.next()
  await closeAll(a)
  for (let i = 1; i <= 5; i++) await publish('resume', i)
  const b = await connect(node.url, HOST)
  b.send({ type: 'subscribe', channel: 'resume', since: seq + 2 })
  assert.deepEqual(await b.next(), { type: 'subscribed', channel: 'resume', seq: seq + 5 })
  assert.deepEqual([(await b.next()).data, (await b.next()).data, (await b.next()).data], [3, 4, 5])
  b.send({ type: 'subscribe', channel: 'resume', since: 1 })
  const gap = await b.next()
  assert.deepEqual([gap.type, gap.code, gap.channel], ['error', 'GAP_TOO_OLD', 'resume'])
  await closeAll(b)
})
