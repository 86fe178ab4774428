import assert from 'node:assert/strict'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, test } from 'node:test'
import Database from 'better-sqlite3'
import { http } from '../helpers/http.js'
import { startNode, type TestNode } from '../helpers/node.js'
import { pair, rawCall, secretsOf } from '../helpers/peers.js'

let a: TestNode
let b: TestNode
let seed: Uint8Array
let bId: string

before(async () => {
  ;[a, b] = await Promise.all([startNode({ host: '127.0.0.2' }), startNode({ host: '127.0.0.3' })])
  await pair(a, b, 'b', 'read')
  seed = secretsOf(a.dataPath).seed
  bId = secretsOf(b.dataPath).nodeId
})
after(async () => {
  await Promise.all([a?.stop(), b?.stop()])
})

function nonces(node: TestNode): number {
  const db = new Database(node.dataPath, { readonly: true })
  const n = db.prepare('SELECT count(*) FROM peer_nonces').pluck().get() as number
  db.close()
  return n
}

test('a well-formed signed call succeeds (the baseline of every rejection below)', async () => {
  const r = await rawCall(b, { verb: 'node.id', seed, recipient: bId })
  assert.equal(r.status, 200, r.text())
  assert.equal((r.json() as { data: { node_id: string } }).data.node_id, bId)
  assert.ok(r.headers.signature, 'the response is signed')
})

const rejections: [
  string,
  number,
  string,
  Parameters<typeof rawCall>[1]['mutate'] | undefined,
  Partial<Parameters<typeof rawCall>[1]>,
][] = [
  [
    'no signature',
    401,
    'SIG_MISSING',
    (m) => {
      delete m.headers.signature
      delete m.headers['signature-input']
    },
    {},
  ],
  [
    'a bad signature',
    401,
    'BAD_SIGNATURE',
    (m) => {
      const sig = m.headers.signature as string
      m.headers.signature = `${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`
    },
    {},
  ],
  [
    'an altered body',
    400,
    'DIGEST_MISMATCH',
    (m) => {
      m.body = Buffer.from(m.body.toString().replace('node.id', 'node.ix'))
    },
    {},
  ],
  [
    'an altered query',
    401,
    'BAD_SIGNATURE',
    (m) => {
      m.path = `${m.path}?as=admin`
    },
    {},
  ],
  [
    'a garbled Signature-Input',
    400,
    'SIG_MALFORMED',
    (m) => {
      m.headers['signature-input'] = 'fazt=("@method" garbage'
    },
    {},
  ],
  [
    'no protocol version',
    501,
    'VERSION_SKEW',
    (m) => {
      delete m.headers['fazt-protocol']
    },
    {},
  ],
  [
    'a future protocol version',
    501,
    'VERSION_SKEW',
    (m) => {
      m.headers['fazt-protocol'] = '9'
    },
    {},
  ],
  [
    'a request signed for another node',
    421,
    'WRONG_RECIPIENT',
    undefined,
    { recipient: 'fzaaaaaaaaaaaaaaaaaaaaaaaaaa' },
  ],
  ['a stale timestamp', 401, 'CLOCK_SKEW', undefined, { now: Math.floor(Date.now() / 1000) - 300 }],
  ['a timestamp from the future', 401, 'CLOCK_SKEW', undefined, { now: Math.floor(Date.now() / 1000) + 300 }],
  ['an unknown key', 401, 'UNKNOWN_KEY', undefined, { seed: new Uint8Array(32).fill(9) }],
]

for (const [what, status, code, mutate, overrides] of rejections) {
  test(`${what} is refused with ${code} and changes nothing`, async () => {
    const before = nonces(b)
    const r = await rawCall(b, {
      verb: 'node.id',
      seed,
      recipient: bId,
      ...overrides,
      ...(mutate ? { mutate } : {}),
    })
    assert.equal(r.code, code, r.text())
    assert.equal(r.status, status)
    // Only verified requests reach the replay cache; an unknown key is verified but never dispatched.
    if (code !== 'UNKNOWN_KEY') assert.equal(nonces(b), before)
  })
}

test('a replayed request is refused, also after B restarts', async () => {
  const nonce = new Uint8Array(16).fill(42)
  const first = await rawCall(b, { verb: 'node.id', seed, recipient: bId, nonce })
  assert.equal(first.status, 200)
  const again = await rawCall(b, { verb: 'node.id', seed, recipient: bId, nonce })
  assert.equal(again.code, 'REPLAY')
  assert.equal(again.status, 401)
  await b.stop()
  b = await startNode({ dataPath: b.dataPath, host: '127.0.0.3' })
  const afterRestart = await rawCall(b, { verb: 'node.id', seed, recipient: bId, nonce })
  assert.equal(afterRestart.code, 'REPLAY')
  // Peers pinned B's URLs with the old port: re-point A at the restarted node for the tests below.
  await a.cli(['peer', 'remove', 'b'])
  await pair(a, b, 'b', 'read')
})

test('a peer without the scope is refused with MISSING_SCOPE (403)', async () => {
  const r = await rawCall(b, { verb: 'peer.list', seed, recipient: bId })
  assert.equal(r.code, 'MISSING_SCOPE')
  assert.equal(r.status, 403)
})

test('a stranger may only ask to pair', async () => {
  const r = await rawCall(b, { verb: 'server.info', seed: new Uint8Array(32).fill(3), recipient: bId })
  assert.equal(r.code, 'UNKNOWN_KEY')
})

test('a flood from one address is rate-limited before any signature is checked', async () => {
  const results = await Promise.all(
    Array.from({ length: 600 }, () =>
      http(`${b.url}/_fazt/rpc`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }).then((r) => r.status),
    ),
  )
  assert.ok(results.includes(429), 'some requests are rate-limited')
  assert.ok(results.every((s) => s === 429 || s === 501 || s === 401))
  assert.equal((await b.http('/_fazt/health')).status, 200)
  await new Promise((r) => setTimeout(r, 2500)) // let the bucket refill for the tests that follow
})

test('an oversized call body is refused with 413 and the node is unharmed', async () => {
  const outcome = await http(`${b.url}/_fazt/rpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'fazt-protocol': '1' },
    body: Buffer.alloc(17 * 1024 * 1024, 32),
  }).then(
    (r) => String(r.status),
    (e: NodeJS.ErrnoException) => e.code ?? 'error',
  )
  // The node answers 413 and closes; the client may still be writing and see the close first.
  assert.ok(['413', 'EPIPE', 'ECONNRESET'].includes(outcome), outcome)
  assert.equal((await b.http('/_fazt/health')).status, 200)
})

/** A proxy in front of B that can tamper with answers or hang. */
function proxy(target: TestNode, mode: { tamper: boolean; hang: boolean }): Promise<Server> {
  const server = createServer((req, res) => {
    if (mode.hang) return // never answers
    const up = request(
      { host: target.host, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (r) => {
        const chunks: Buffer[] = []
        r.on('data', (c: Buffer) => chunks.push(c))
        r.on('end', () => {
          const body = Buffer.concat(chunks)
          if (mode.tamper && req.url?.startsWith('/_fazt/rpc') && body.length > 40)
            body.writeUInt8(body.readUInt8(body.length - 5) ^ 1, body.length - 5)
          res.writeHead(r.statusCode ?? 502, r.headers)
          res.end(body)
        })
      },
    )
    req.pipe(up)
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.6', () => resolve(server)))
}

test('a tampered answer makes the client exit 76; a hanging peer times out with a message', async () => {
  const mode = { tamper: false, hang: false }
  const server = await proxy(b, mode)
  try {
    const url = `http://127.0.0.6:${(server.address() as AddressInfo).port}`
    const inv = (await b.cli(['peer', 'invite', '--url', url, '--json'])).json<{ code: string }>()
    assert.equal((await a.cli(['peer', 'add', 'bp', inv.code])).code, 0)
    assert.equal((await a.cli(['@bp', 'node', 'id'])).code, 0)
    mode.tamper = true
    const t = await a.cli(['@bp', 'node', 'id'])
    assert.equal(t.code, 76, t.stderr)
    assert.match(t.stderr, /PROTOCOL_ERROR: the answer of peer bp does not verify/)
    mode.tamper = false
    mode.hang = true
    const started = Date.now()
    const h = await a.cli(['@bp', 'node', 'id'], { env: { FAZT_PEER_TIMEOUT_MS: '1000' } })
    assert.equal(h.code, 75, h.stderr)
    assert.match(h.stderr, /TIMEOUT: peer bp did not answer within 1 s/)
    assert.ok(Date.now() - started < 10_000)
  } finally {
    server.closeAllConnections()
    server.close()
  }
})
