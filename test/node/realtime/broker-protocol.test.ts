import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CLOSE } from '../../../sdk/realtime-frames.js'
import { rig } from './fakes.js'

const A = 'app_AAAAAAAAAAAA'
const B = 'app_BBBBBBBBBBBB'

test('subscribe answers with the position, messages follow in order, unsubscribe stops them', () => {
  const r = rig()
  const { c, send } = r.connect()
  send({ type: 'subscribe', channel: 'news' })
  const [sub] = c.take()
  assert.equal(sub.type, 'subscribed')
  assert.equal(sub.channel, 'news')
  const base = sub.seq as number
  const api = r.broker.forApp({ id: A, name: 'a' })
  assert.equal(api.broadcast('news', { n: 1 }), base + 1)
  r.clock.t += 5
  api.broadcast('news', 'two')
  assert.deepEqual(c.take(), [
    { type: 'message', channel: 'news', seq: base + 1, data: { n: 1 }, timestamp: 1_700_000_000_000 },
    { type: 'message', channel: 'news', seq: base + 2, data: 'two', timestamp: 1_700_000_000_005 },
  ])
  send({ type: 'unsubscribe', channel: 'news' })
  api.broadcast('news', 3)
  assert.deepEqual(c.take(), [{ type: 'unsubscribed', channel: 'news' }])
})

test('a broadcast is serialized once: every subscriber is handed the same bytes', () => {
  const r = rig()
  const clients = Array.from({ length: 5 }, () => r.connect())
  for (const k of clients) k.send({ type: 'subscribe', channel: 'c' })
  for (const k of clients) k.c.take()
  r.broker.forApp({ id: A, name: 'a' }).broadcast('c', { big: 'x'.repeat(1000) })
  const first = clients[0]?.c.raw[0]
  assert.ok(first)
  for (const k of clients) assert.equal(k.c.raw[0], first)
})

test('every protocol mistake is answered with an error frame and the client stays connected', () => {
  const r = rig()
  const { s, c, send } = r.connect()
  const rows: [unknown, string][] = [
    ['{not json', 'BAD_JSON'],
    ['[1,2]', 'BAD_MESSAGE'],
    ['42', 'BAD_MESSAGE'],
    ['null', 'BAD_MESSAGE'],
    [{ channel: 'x' }, 'BAD_MESSAGE'],
    [{ type: 7 }, 'BAD_MESSAGE'],
    [{ type: 'shout', channel: 'x' }, 'UNKNOWN_TYPE'],
    [{ type: 'subscribe' }, 'BAD_MESSAGE'],
    [{ type: 'subscribe', channel: '' }, 'BAD_MESSAGE'],
    [{ type: 'subscribe', channel: 'a\nb' }, 'BAD_MESSAGE'],
    [{ type: 'subscribe', channel: 'x'.repeat(129) }, 'BAD_MESSAGE'],
    [{ type: 'subscribe', channel: 'x', since: -1 }, 'BAD_MESSAGE'],
    [{ type: 'subscribe', channel: 'x', since: 1.5 }, 'BAD_MESSAGE'],
    [{ type: 'subscribe', channel: 'x', since: '3' }, 'BAD_MESSAGE'],
    [{ type: 'publish', channel: 'x' }, 'BAD_MESSAGE'],
    [{ type: 'publish', channel: 'x', data: 1 }, 'PUBLISH_DENIED'],
  ]
  for (const [msg, code] of rows) {
    send(msg)
    const frames = c.take()
    assert.equal(frames.length, 1, JSON.stringify(msg))
    assert.equal(frames[0].type, 'error', JSON.stringify(msg))
    assert.equal(frames[0].code, code, JSON.stringify(msg))
    assert.equal(typeof frames[0].message, 'string')
  }
  s.receive(Buffer.from([0, 1, 2]), true)
  assert.equal(c.take()[0].code, 'BINARY_UNSUPPORTED')
  assert.equal(c.closed, undefined)
  assert.equal(c.terminated, false)
  send({ type: 'ping' })
  assert.deepEqual(c.take(), [{ type: 'pong' }])
  send({ type: 'pong' })
  assert.deepEqual(c.take(), [])
})

test('clients publish only where the policy opens the channel; the publisher hears its own message', () => {
  const r = rig({}, (app) => (app === A ? ['chat:*', 'lobby'] : []))
  const alice = r.connect()
  const bob = r.connect()
  for (const k of [alice, bob]) k.send({ type: 'subscribe', channel: 'chat:1' })
  for (const k of [alice, bob]) k.c.take()
  alice.send({ type: 'publish', channel: 'chat:1', data: { text: 'hi' } })
  for (const k of [alice, bob])
    assert.deepEqual(
      k.c.take().map((f) => [f.type, f.data]),
      [['message', { text: 'hi' }]],
    )
  for (const channel of ['lobby', 'chat:', 'chat:a:b']) {
    alice.send({ type: 'subscribe', channel })
    alice.c.take()
    alice.send({ type: 'publish', channel, data: 1 })
    assert.equal(alice.c.take()[0].type, 'message', channel)
  }
  for (const channel of ['chat', 'lobby2', 'xchat:1', 'news']) {
    alice.send({ type: 'publish', channel, data: 1 })
    const [f] = alice.c.take()
    assert.equal(f.code, 'PUBLISH_DENIED', channel)
    assert.equal(f.channel, channel)
  }
  const other = r.connect(B)
  other.send({ type: 'publish', channel: 'chat:1', data: 1 })
  assert.equal(other.c.take()[0].code, 'PUBLISH_DENIED')
})

test('a client may hold at most the channel limit; resubscribing a held channel is fine', () => {
  const r = rig({ maxChannelsPerClient: 3 })
  const { c, send } = r.connect()
  for (const ch of ['a', 'b', 'c']) send({ type: 'subscribe', channel: ch })
  c.take()
  send({ type: 'subscribe', channel: 'd' })
  assert.deepEqual(
    c.take().map((f) => [f.type, f.code]),
    [['error', 'TOO_MANY_CHANNELS']],
  )
  send({ type: 'subscribe', channel: 'a' })
  assert.equal(c.take()[0].type, 'subscribed')
  send({ type: 'unsubscribe', channel: 'b' })
  send({ type: 'subscribe', channel: 'd' })
  assert.deepEqual(
    c.take().map((f) => f.type),
    ['unsubscribed', 'subscribed'],
  )
})

test('apps are isolated: the same channel name in two apps is two channels', () => {
  const r = rig({}, () => ['chat'])
  const a = r.connect(A)
  const b = r.connect(B)
  for (const k of [a, b]) k.send({ type: 'subscribe', channel: 'chat' })
  for (const k of [a, b]) k.c.take()
  a.send({ type: 'publish', channel: 'chat', data: 'for a' })
  r.broker.forApp({ id: B, name: 'b' }).broadcast('chat', 'for b')
  r.broker.forApp({ id: B, name: 'b' }).broadcastAll('all b')
  assert.deepEqual(
    a.c.take().map((f) => f.data),
    ['for a'],
  )
  assert.deepEqual(
    b.c.take().map((f) => f.data),
    ['for b', 'all b'],
  )
  assert.equal(r.broker.forApp({ id: A, name: 'a' }).kick(b.s.id), false)
  assert.equal(b.c.closed, undefined)
})

test('the functions API counts, lists, broadcasts to all and kicks', () => {
  const r = rig()
  const api = r.broker.forApp({ id: A, name: 'a' })
  const x = r.connect()
  const y = r.connect()
  x.send({ type: 'subscribe', channel: 'room' })
  assert.equal(api.count(), 2)
  assert.equal(api.count('room'), 1)
  assert.equal(api.count('nowhere'), 0)
  assert.deepEqual(api.subscribers('room'), [x.s.id])
  assert.equal(api.broadcastAll({ hello: true }), 2)
  const all = y.c.take()
  assert.deepEqual(all, [{ type: 'message', data: { hello: true }, timestamp: r.clock.t }])
  assert.equal(api.kick(x.s.id, 'bye'), true)
  assert.deepEqual(x.c.closed, { code: CLOSE.KICKED, reason: 'bye' })
  assert.equal(api.count(), 1)
  assert.equal(api.count('room'), 0)
  assert.equal(api.kick('nobody'), false)
  assert.throws(() => api.broadcast('', 1), { code: 'INVALID_ARGUMENT' })
  assert.throws(() => api.broadcast('c', 'x'.repeat(70_000)), { code: 'PAYLOAD_TOO_LARGE' })
})

test('a client publish over the message limit is refused with TOO_LARGE', () => {
  const r = rig({ maxMessageBytes: 200 }, () => ['*'])
  const { c, send } = r.connect()
  send({ type: 'publish', channel: 'c', data: 'x'.repeat(150) })
  assert.equal(c.take()[0].code, 'TOO_LARGE')
})

test('connections per IP are bounded and freed when clients leave', () => {
  const r = rig({ maxConnectionsPerIp: 2 })
  const one = r.connect(A, '10.0.0.9')
  r.connect(B, '10.0.0.9')
  assert.equal(r.broker.admit('10.0.0.9'), false)
  assert.equal(r.broker.admit('10.0.0.10'), true)
  r.broker.closed(one.s)
  assert.equal(r.broker.admit('10.0.0.9'), true)
})
