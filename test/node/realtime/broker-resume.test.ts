import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CLOSE } from '../../../sdk/realtime-frames.js'
import { rig } from './fakes.js'

const A = { id: 'app_AAAAAAAAAAAA', name: 'a' }

test('subscribe with since replays exactly the missed messages, then live ones follow', () => {
  const r = rig()
  const api = r.broker.forApp(A)
  const first = r.connect()
  first.send({ type: 'subscribe', channel: 'c' })
  const base = first.c.take()[0].seq as number
  for (let i = 1; i <= 10; i++) api.broadcast('c', i)
  const seen = first.c.take().map((f) => f.seq as number)
  const last = seen[3] as number // this client got 4 messages, then its connection was cut
  r.broker.closed(first.s)
  const again = r.connect()
  again.send({ type: 'subscribe', channel: 'c', since: last })
  api.broadcast('c', 11)
  const frames = again.c.take()
  assert.deepEqual(frames[0], { type: 'subscribed', channel: 'c', seq: base + 10 })
  assert.deepEqual(
    frames.slice(1).map((f) => f.data),
    [5, 6, 7, 8, 9, 10, 11],
  )
  again.send({ type: 'subscribe', channel: 'c', since: base + 11 })
  assert.deepEqual(
    again.c.take().map((f) => f.type),
    ['subscribed'],
  )
})

test('a since older than the retained history is answered GAP_TOO_OLD, then the client carries on live', () => {
  const r = rig({ historyMessages: 5 })
  const api = r.broker.forApp(A)
  const base = api.broadcast('c', 0) - 1
  for (let i = 1; i < 20; i++) api.broadcast('c', i)
  const k = r.connect()
  k.send({ type: 'subscribe', channel: 'c', since: base + 15 })
  assert.deepEqual(
    k.c.take().map((f) => f.data ?? f.type),
    ['subscribed', 15, 16, 17, 18, 19],
  )
  k.send({ type: 'subscribe', channel: 'c', since: base + 14 })
  const frames = k.c.take()
  assert.equal(frames[0].type, 'error')
  assert.equal(frames[0].code, 'GAP_TOO_OLD')
  assert.equal(frames[0].channel, 'c')
  assert.deepEqual(frames[1], { type: 'subscribed', channel: 'c', seq: base + 20 })
  assert.equal(frames.length, 2)
})

test('a since from another life of the channel is never mistaken for a recent position', () => {
  const r = rig({ historyMs: 1000 })
  const api = r.broker.forApp(A)
  const oldSeq = api.broadcast('c', 'old life')
  r.clock.t += 1000
  r.broker.tick() // no subscriber, idle for a history window: the channel is forgotten
  assert.equal(r.broker.hubs.size, 0)
  r.clock.t += 1
  const newSeq = api.broadcast('c', 'new life')
  assert.ok(newSeq > oldSeq + 1, 'sequence numbers do not restart')
  const k = r.connect()
  k.send({ type: 'subscribe', channel: 'c', since: oldSeq })
  assert.equal(k.c.take()[0].code, 'GAP_TOO_OLD')
  k.send({ type: 'subscribe', channel: 'c', since: newSeq + 50 })
  assert.equal(k.c.take()[0].code, 'GAP_TOO_OLD')
})

test('history expires by age', () => {
  const r = rig({ historyMs: 60_000, pingMs: 600_000, timeoutMs: 900_000 })
  const api = r.broker.forApp(A)
  const k = r.connect()
  k.send({ type: 'subscribe', channel: 'c' })
  const base = k.c.take()[0].seq as number
  api.broadcast('c', 1)
  r.clock.t += 30_000
  api.broadcast('c', 2)
  r.clock.t += 30_000
  r.broker.tick()
  k.c.take()
  const stats = r.broker.stats(A)
  assert.equal(stats.history_messages, 1)
  k.send({ type: 'subscribe', channel: 'c', since: base + 1 })
  assert.deepEqual(
    k.c.take().map((f) => f.data ?? f.type),
    ['subscribed', 2],
  )
  k.send({ type: 'subscribe', channel: 'c', since: base })
  assert.equal(k.c.take()[0].code, 'GAP_TOO_OLD')
})

test("an app's history stays within its byte budget, oldest messages dropped first across channels", () => {
  const r = rig({ historyBytesPerApp: 10_000 })
  const api = r.broker.forApp(A)
  for (let i = 0; i < 200; i++) api.broadcast(i % 2 ? 'odd' : 'even', { i, pad: 'x'.repeat(200) })
  const stats = r.broker.stats(A)
  assert.ok(stats.history_bytes <= 10_000, `${stats.history_bytes}`)
  assert.ok(stats.history_messages >= 30)
  const k = r.connect()
  const evenSeq = stats.top_channels.find((c) => c.channel === 'even')?.seq as number
  k.send({ type: 'subscribe', channel: 'even', since: evenSeq - 10 })
  assert.deepEqual(
    k.c
      .take()
      .slice(1)
      .map((f) => f.data.i),
    [180, 182, 184, 186, 188, 190, 192, 194, 196, 198],
  )
})

test('a client that does not read is dropped at its queue limit; the others keep receiving', () => {
  const r = rig({ maxQueueBytes: 1000 })
  const api = r.broker.forApp(A)
  const slow = r.connect()
  const fast = r.connect()
  for (const k of [slow, fast]) k.send({ type: 'subscribe', channel: 'c' })
  slow.c.bufferedAmount = 1001
  api.broadcast('c', 1)
  assert.equal(slow.c.terminated, true)
  assert.equal(slow.s.open, false)
  api.broadcast('c', 2)
  assert.equal(slow.c.raw.length, 1, 'nothing sent after the drop (only the subscribed frame)')
  assert.deepEqual(
    fast.c.take().map((f) => f.data ?? f.type),
    ['subscribed', 1, 2],
  )
  const stats = r.broker.stats(A)
  assert.equal(stats.dropped_slow, 1)
  assert.equal(stats.clients, 1)
  assert.equal(r.broker.admit('10.0.0.1'), true)
})

test('the node pings idle clients and drops those silent past the timeout', () => {
  const r = rig({ pingMs: 30_000, timeoutMs: 40_000 })
  const alive = r.connect()
  const dead = r.connect()
  r.clock.t += 29_000
  r.broker.tick()
  assert.deepEqual(alive.c.take(), [])
  r.clock.t += 1_000
  r.broker.tick()
  assert.deepEqual(alive.c.take(), [{ type: 'ping' }])
  assert.deepEqual(dead.c.take(), [{ type: 'ping' }])
  alive.send({ type: 'pong' })
  r.clock.t += 10_000
  r.broker.tick()
  assert.equal(dead.c.terminated, true)
  assert.equal(alive.c.terminated, false)
  assert.equal(r.broker.forApp(A).count(), 1)
})

test('at the app channel limit the longest-idle unsubscribed channel makes room; busy ones never do', () => {
  const r = rig({ maxChannelsPerApp: 2 })
  const api = r.broker.forApp(A)
  const k = r.connect()
  k.send({ type: 'subscribe', channel: 'kept' })
  api.broadcast('idle', 1)
  r.clock.t += 1
  api.broadcast('new', 2)
  assert.deepEqual(
    r.broker
      .stats(A)
      .top_channels.map((c) => c.channel)
      .sort(),
    ['kept', 'new'],
  )
  const other = r.connect()
  other.send({ type: 'subscribe', channel: 'new' })
  other.send({ type: 'subscribe', channel: 'third' })
  assert.equal(other.c.take().at(-1).code, 'LIMIT_EXCEEDED')
  assert.throws(() => api.broadcast('third', 1), { code: 'LIMIT_EXCEEDED' })
})

test('closing the broker says goodbye to every client', () => {
  const r = rig()
  const a = r.connect()
  const b = r.connect('app_BBBBBBBBBBBB')
  r.broker.closeAll()
  for (const k of [a, b]) assert.deepEqual(k.c.closed, { code: CLOSE.GOING_AWAY, reason: 'node stopping' })
  assert.equal(r.broker.sessions.size, 0)
})

test('a replay larger than half the send queue is refused as GAP_TOO_OLD instead of flooding the client', () => {
  const r = rig({ maxQueueBytes: 2000 })
  const api = r.broker.forApp(A)
  const base = api.broadcast('c', 'x'.repeat(150)) - 1
  for (let i = 1; i < 20; i++) api.broadcast('c', 'x'.repeat(150))
  const k = r.connect()
  k.send({ type: 'subscribe', channel: 'c', since: base })
  const frames = k.c.take()
  assert.deepEqual(
    frames.map((f) => f.code ?? f.type),
    ['GAP_TOO_OLD', 'subscribed'],
  )
  assert.match(frames[0].message, /too many to replay/)
  k.send({ type: 'subscribe', channel: 'c', since: base + 17 })
  assert.equal(k.c.take().length, 4, 'subscribed and three messages')
  assert.equal(k.s.open, true)
})
