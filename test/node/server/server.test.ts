import assert from 'node:assert/strict'
import { existsSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { test } from 'node:test'
import { runCli } from '../../helpers/cli.js'
import { http } from '../../helpers/http.js'
import { startNode } from '../../helpers/node.js'
import { tempDb } from '../../helpers/paths.js'

interface Info {
  running: boolean
  pid: number | null
  urls: string[]
  domain: string
  domain_source: string
  node_id: string | null
  data_file: string
  uptime_s: number | null
}

test('a started node serves health, writes its runtime file, and stops cleanly on SIGTERM', async () => {
  const node = await startNode()
  try {
    const h = await node.http('/_fazt/health')
    assert.equal(h.status, 200)
    const body = h.json<{ status: string; version: string; node_id: unknown }>()
    assert.equal(body.status, 'ok')
    assert.match(body.version, /^\d+\.\d+\.\d+$/)
    assert.ok(existsSync(`${node.dataPath}.runtime.json`))
    assert.match(node.output(), /^data file +.*data\.db/m)
    assert.match(node.output(), /^domain +\S+ \((flag|stored|detected)\)/m)
    assert.match(node.output(), /^listening +127\.0\.0\.1:\d+/m)
  } finally {
    assert.equal(await node.stop(), 0)
  }
  assert.equal(existsSync(`${node.dataPath}.runtime.json`), false)
  assert.match(node.output(), /^stopping +on SIGTERM/m)
})

test('server info agrees with the running node, and works without one', async () => {
  const node = await startNode()
  let live: Info
  try {
    const r = await node.cli(['server', 'info', '--json'])
    assert.equal(r.code, 0, r.stderr)
    live = r.json<Info>()
    assert.equal(live.running, true)
    assert.equal(live.pid, node.pid)
    assert.ok(live.urls.includes(node.url), `${live.urls} should include ${node.url}`)
    const health = (await node.http('/_fazt/health')).json<{ node_id: unknown; version: string }>()
    assert.equal(live.node_id, health.node_id)
    assert.ok(node.output().includes(`${live.domain} (${live.domain_source})`))
  } finally {
    await node.stop()
  }
  const r = await runCli(['--db', node.dataPath, 'server', 'info', '--json'])
  assert.equal(r.code, 0, r.stderr)
  const cold = r.json<Info>()
  assert.equal(cold.running, false)
  assert.equal(cold.pid, null)
  assert.equal(cold.uptime_s, null)
  assert.deepEqual(cold.urls, [])
  assert.equal(cold.node_id, live.node_id)
  assert.equal(cold.domain, live.domain)
  assert.equal(cold.data_file, node.dataPath)
})

test('a stale runtime file (dead pid) is ignored', async () => {
  const db = tempDb()
  await runCli(['--db', db, 'server', 'info'])
  writeFileSync(
    `${db}.runtime.json`,
    JSON.stringify({ pid: 2 ** 22 + 17, port: 1, host: 'x', urls: ['http://x:1'] }),
  )
  const info = (await runCli(['--db', db, 'server', 'info', '--json'])).json<Info>()
  assert.equal(info.running, false)
  assert.deepEqual(info.urls, [])
})

test('a port in use is a clear error, and the running node is unharmed', async () => {
  const node = await startNode()
  try {
    const r = await runCli([
      '--db',
      tempDb(),
      'server',
      'start',
      '--host',
      '127.0.0.1',
      '--port',
      String(node.port),
    ])
    assert.equal(r.code, 1)
    assert.match(r.stderr, /error: PORT_IN_USE: port \d+ on 127\.0\.0\.1 is already in use/)
    assert.match(r.stderr, /hint: /)
    assert.equal((await node.http('/_fazt/health')).status, 200)
  } finally {
    await node.stop()
  }
})

test('a second node on the same data file is refused', async () => {
  const node = await startNode()
  try {
    const r = await node.cli(['server', 'start', '--port', '0', '--host', '127.0.0.1'])
    assert.equal(r.code, 1)
    assert.match(r.stderr, /error: CONFLICT: a node is already running on .* \(pid \d+/)
    const info = (await node.cli(['server', 'info', '--json'])).json<Info>()
    assert.equal(info.pid, node.pid)
  } finally {
    await node.stop()
  }
})

test('odd Host headers route predictably and never crash the node', async () => {
  const node = await startNode()
  try {
    const cases: [string, number][] = [
      ['LOCALHOST', 200],
      ['localhost.', 200],
      [`localhost:${node.port}`, 200],
      ['127.0.0.1', 200],
      ['[::1]', 200],
      [`[::1]:${node.port}`, 200],
      ['nope.localhost', 404],
      ['NOPE.LOCALHOST.:1', 404],
      ['example.com', 404],
      ['a..b', 404],
      ['[::1', 404],
      ['x'.repeat(300), 404],
      ['-', 404],
    ]
    for (const [host, status] of cases) {
      const r = await node.http('/', { host })
      assert.equal(r.status, status, `Host: ${host}`)
      assert.match(String(r.headers['content-type']), /text\/html/)
    }
    const unknown = await node.http('/_fazt/nothing')
    assert.equal(unknown.status, 404)
    assert.equal(unknown.json<{ error: { code: string } }>().error.code, 'NOT_FOUND')
    // An empty Host and a request with no Host at all (HTTP/1.1 requires one).
    for (const raw of [`GET / HTTP/1.1\r\nHost: \r\n\r\n`, 'GET / HTTP/1.1\r\n\r\n', 'GARBAGE\r\n\r\n']) {
      const reply = await rawRequest(node.port, raw)
      assert.match(reply, /^HTTP\/1\.1 (400|404)/, JSON.stringify(raw))
    }
    assert.equal((await node.http('/_fazt/health')).status, 200)
  } finally {
    await node.stop()
  }
})

function rawRequest(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.end(raw))
    let out = ''
    s.setEncoding('utf8').on('data', (d: string) => {
      out += d
    })
    s.on('end', () => resolve(out))
    s.on('close', () => resolve(out))
    s.on('error', reject)
    s.setTimeout(5000, () => s.destroy(new Error('timeout')))
  })
}

test('the welcome page answers at the root', async () => {
  const node = await startNode()
  try {
    const r = await http(`${node.url}/`)
    assert.equal(r.status, 200)
    assert.match(r.text(), /fazt is running/)
    const head = await node.http('/', { method: 'HEAD' })
    assert.equal(head.status, 200)
    assert.equal(head.body.length, 0)
  } finally {
    await node.stop()
  }
})
