import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import WebSocket from 'ws'
import type { AppRealtime } from '../../node/core/seams.js'
import { RealtimeClient, type RealtimeError, type Status } from '../../sdk/realtime.js'
import { inProcessNode } from '../node/realtime/in-process.js'
import { sleep } from '../node/realtime/ws-helpers.js'

// The SDK client against a real node served in this process (short history and heartbeat for speed).
let rt: Awaited<ReturnType<typeof inProcessNode>>
let api: AppRealtime

before(async () => {
  rt = await inProcessNode({
    apps: ['app'],
    policy: () => () => ['talk'],
    limits: { historyMessages: 5 },
  })
  api = rt.broker().forApp({ id: rt.ids.app as string, name: 'app' })
})
after(async () => {
  await rt.close()
})

const made: WebSocket[] = []
class AppSocket extends WebSocket {
  constructor(url: string) {
    super(url, { headers: { host: 'app.localhost' } })
    made.push(this)
  }
}

function client(extra: Partial<ConstructorParameters<typeof RealtimeClient>[0]> = {}) {
  const errors: RealtimeError[] = []
  const statuses: Status[] = []
  const c = new RealtimeClient({
    url: `${rt.url.replace('http', 'ws')}/_ws`,
    WebSocket: AppSocket,
    backoff: { initialMs: 10, maxMs: 50 },
    onError: (e) => errors.push(e),
    onStatus: (s) => statuses.push(s),
    ...extra,
  })
  return { c, errors, statuses }
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await sleep(5)
  }
}

test('subscribe, publish, broadcastAll and unsubscribe through the client', async () => {
  const broadcasts: unknown[] = []
  const { c } = client({ onBroadcast: (d) => broadcasts.push(d) })
  const got: unknown[] = []
  const stop = c.subscribe('talk', (d, meta) => got.push([d, meta.channel]))
  c.publish('talk', 'queued before the socket opened')
  await until(() => got.length === 1)
  c.publish('talk', 'second')
  await until(() => got.length === 2)
  assert.deepEqual(got, [
    ['queued before the socket opened', 'talk'],
    ['second', 'talk'],
  ])
  api.broadcastAll({ notice: 'to everyone' })
  await until(() => broadcasts.length === 1)
  assert.deepEqual(broadcasts, [{ notice: 'to everyone' }])
  stop()
  await until(() => api.count('talk') === 0)
  api.broadcast('talk', 'after unsubscribing')
  await sleep(50)
  assert.equal(got.length, 2)
  c.close()
})

test('a gap longer than the history is reported as GAP_TOO_OLD, then messages flow again', async () => {
  const { c, errors } = client({ backoff: { initialMs: 400, maxMs: 400 } })
  const got: number[] = []
  c.subscribe('ticks', (d) => got.push(d as number))
  await until(() => api.count('ticks') === 1)
  api.broadcast('ticks', 0)
  await until(() => got.length === 1)
  ;(c.socket as WebSocket).terminate()
  await until(() => api.count('ticks') === 0)
  for (let i = 1; i <= 10; i++) api.broadcast('ticks', i) // history keeps 5: 1–5 are lost
  await until(() => errors.length === 1)
  assert.equal(errors[0]?.code, 'GAP_TOO_OLD')
  assert.equal(errors[0]?.channel, 'ticks')
  api.broadcast('ticks', 11)
  await until(() => got.includes(11))
  assert.deepEqual(got, [0, 11])
  c.close()
})

test('reconnects with backoff and resubscribes with since after a short cut: nothing lost', async () => {
  const { c, errors, statuses } = client()
  const got: number[] = []
  c.subscribe('short', (d) => got.push(d as number))
  await until(() => api.count('short') === 1)
  for (let round = 0; round < 5; round++) {
    ;(c.socket as WebSocket).terminate()
    for (let i = 0; i < 4; i++) api.broadcast('short', round * 4 + i)
    await until(() => got.length === (round + 1) * 4)
  }
  assert.deepEqual(got, [...Array(20).keys()])
  assert.deepEqual(errors, [])
  assert.ok(statuses.filter((s) => s === 'open').length >= 6)
  c.close()
  assert.equal(statuses.at(-1), 'closed')
})

test('a silent connection is abandoned after idleMs and replaced', async () => {
  const before = made.length
  const { c } = client({ idleMs: 150 })
  const got: unknown[] = []
  c.subscribe('idle', (d) => got.push(d))
  await sleep(600) // the node pings every 30 s: the client gives up on each socket after 150 ms
  assert.ok(made.length - before >= 3, `${made.length - before} sockets`)
  await until(() => c.connected)
  api.broadcast('idle', 'still here')
  await until(() => got.length === 1)
  c.close()
})

test('without a WebSocket or a url the client says what is missing', () => {
  if (!('WebSocket' in globalThis)) {
    assert.throws(() => new RealtimeClient({ url: 'ws://127.0.0.1:1/_ws' }), /no WebSocket available/)
  }
  assert.throws(() => new RealtimeClient({ WebSocket: AppSocket }), /no url/)
})
