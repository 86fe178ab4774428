import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { startNode, type TestNode } from '../../helpers/node.js'
import { tempDb } from '../../helpers/paths.js'
import { closeAll, connect, prepareData, sleep } from './ws-helpers.js'

// Who may open `/_ws`, heartbeats and shutdown, against a real node with short heartbeat settings.
let node: TestNode

before(async () => {
  const dataPath = tempDb()
  prepareData(dataPath, ['chat', 'root'], {
    'realtime.max_connections_per_ip': 3,
    'realtime.ping_ms': 200,
    'realtime.timeout_ms': 600,
  })
  node = await startNode({ dataPath })
})
after(async () => {
  await node.stop()
})

async function refused(
  host: string,
  path = '/_ws',
  origin?: string,
): Promise<{ status: number; body: string }> {
  try {
    const c = await connect(
      node.url.replace(/\/$/, '') + path.replace(/\/_ws$/, ''),
      host,
      origin ? { origin } : {},
    )
    await closeAll(c)
  } catch (e) {
    const err = e as { status?: number; body?: string }
    if (err.status) return { status: err.status, body: err.body ?? '' }
    throw e
  }
  return { status: 101, body: '' }
}

test('only app hosts upgrade, only on /_ws', async () => {
  const rows: [host: string, status: number][] = [
    ['chat.localhost', 101],
    ['root.localhost', 101],
    ['localhost', 101],
    ['nosuchapp.localhost', 404],
    ['admin.localhost', 404],
    ['chat--r1.localhost', 101],
    ['example.org', 404],
  ]
  for (const [host, status] of rows) assert.equal((await refused(host)).status, status, host)
  const r = await refused('nosuchapp.localhost')
  assert.equal(JSON.parse(r.body).error.code, 'NOT_FOUND')
  assert.equal((await refused('chat.localhost', '/other/_ws')).status, 404)
})

test('browser origins must be the same host or the node', async () => {
  const port = node.port
  const rows: [origin: string, status: number][] = [
    [`http://chat.localhost:${port}`, 101],
    [`http://root.localhost:${port}`, 101],
    [`http://localhost:${port}`, 101],
    ['https://evil.example', 403],
    ['null', 403],
    ['file://', 403],
  ]
  for (const [origin, status] of rows)
    assert.equal((await refused('chat.localhost', '/_ws', origin)).status, status, origin)
})

test('connections per IP are bounded; a closed one frees its place', async () => {
  const opts = { localAddress: '127.0.0.5' }
  const held = [
    await connect(node.url, 'chat.localhost', opts),
    await connect(node.url, 'root.localhost', opts),
    await connect(node.url, 'chat.localhost', opts),
  ]
  await assert.rejects(connect(node.url, 'chat.localhost', opts), { status: 429 })
  const other = await connect(node.url, 'chat.localhost', { localAddress: '127.0.0.6' })
  await closeAll(held[0] as (typeof held)[0])
  await sleep(50)
  held.push(await connect(node.url, 'chat.localhost', opts))
  await closeAll(...held, other)
})

test('the node pings; a client that answers stays, a silent one is dropped', async () => {
  const answering = await connect(node.url, 'chat.localhost')
  const silent = await connect(node.url, 'chat.localhost')
  answering.ws.on('message', (d) => {
    if (JSON.parse(d.toString()).type === 'ping') answering.send({ type: 'pong' })
  })
  assert.deepEqual(await silent.next(undefined, 2000), { type: 'ping' })
  const t0 = Date.now()
  const { code } = await silent.closed
  assert.equal(code, 1006, 'terminated, no close handshake')
  assert.ok(Date.now() - t0 < 2000)
  await sleep(800)
  assert.equal(answering.ws.readyState, answering.ws.OPEN)
  await closeAll(answering)
})

test('a stopping node says goodbye with 1001', async () => {
  const c = await connect(node.url, 'chat.localhost')
  c.ws.on('message', (d) => {
    if (JSON.parse(d.toString()).type === 'ping') c.send({ type: 'pong' })
  })
  const stopping = node.stop()
  assert.equal((await c.closed).code, 1001)
  assert.equal(await stopping, 0)
})
