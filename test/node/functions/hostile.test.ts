import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { TestNode } from '../../helpers/node.js'
import { call, deploy, logsOf, query, startWithSettings } from './fixture.js'

type ErrorBody = { error: { code: string; message: string; line?: number | null } }

const fn = (body: string) => `module.exports = function (req) {\n${body}\n}\n`

const EVIL: Record<string, string> = {
  'api/spin.js': fn('while (true) {}'),
  'api/spin-catch.js': fn('for (;;) { try { while (true) {} } catch (e) {} }'),
  'api/spin-finally.js': fn('try { while (true) {} } finally { while (true) {} }'),
  'api/spin-async.js': 'module.exports = async function () { for (;;) { try { await null } catch (e) {} } }',
  'api/never.js': 'module.exports = function () { return new Promise(function () {}) }',
  'api/recurse.js': fn('function f(n) { return f(n + 1) + 1 }\nreturn f(0)'),
  'api/recurse-json.js': fn(
    'var o = {}\nfor (var i = 0; i < 1e6; i++) o = { a: o }\nreturn JSON.stringify(o).length',
  ),
  'api/arrays.js': fn('var a = []\nfor (;;) a.push(a.length)'),
  'api/buffers.js': fn('var l = []\nfor (;;) l.push(new ArrayBuffer(1 << 20))'),
  'api/strings.js': fn("var s = 'x'\nfor (;;) s = s + s"),
  'api/graph.js': fn(
    "var root = {}, cur = root\nfor (;;) { cur.next = { a: {}, b: [1, 2, 3], c: 's' + Math.random() }; cur = cur.next }",
  ),
  'api/caught-oom.js': fn(
    'try { var a = []; for (;;) a.push({ n: a.length }) } catch (e) { a = null; return "survived" }',
  ),
  'api/runs.js': fn('globalThis.runs = (globalThis.runs || 0) + 1\nreturn globalThis.runs'),
  'api/big.js': fn("return 'x'.repeat(11 * 1024 * 1024)"),
  'api/escape.js': fn(`var out = {}
out.process = typeof process
out.globals = [typeof std, typeof os, typeof WebAssembly, typeof setTimeout, typeof fetch, typeof XMLHttpRequest].join()
try { require('fs'); out.fs = 'loaded' } catch (e) { out.fs = e.message }
try { require('child_process') } catch (e) { out.cp = e.message }
try { require('../../other/api/secret.js') } catch (e) { out.up = e.message }
try { out.fn = Function('return this')() === globalThis } catch (e) { out.fn = e.message }
globalThis.leak = 'from evil'
fazt.storage.kv.set('mine', 'evil')
return out`),
  'api/headers.js': fn("return respond(200, 'x', { 'X-A': 'a\\r\\nSet-Cookie: evil=1' })"),
  'api/framing.js': fn(
    "return respond(200, 'body', { 'Content-Length': '1', 'Transfer-Encoding': 'chunked', 'X-Ok': 'yes' })",
  ),
  'api/status.js': fn('return respond(99999, "x")'),
  'api/throw-string.js': fn("throw 'a string'"),
  'api/throw-null.js': fn('throw null'),
  'api/throw-undefined.js': fn('throw undefined'),
  'api/throw-object.js': fn('throw { code: 42, toString: function () { while (true) {} } }'),
  'api/throw-getter.js': fn(
    "throw Object.defineProperty(new Error('x'), 'message', { get: function () { while (true) {} } })",
  ),
  'api/write-throw.js': fn(
    "fazt.storage.kv.set('k', 1)\nfazt.storage.ds.insert('c', { v: 1 })\nfazt.storage.s3.put('f', 'data')\nthrow new Error('after writes')",
  ),
  'api/write-spin.js': fn("fazt.storage.kv.set('k2', 1)\nwhile (true) {}"),
  'api/write-oom.js': fn("fazt.storage.kv.set('k3', 1)\nvar a = []\nfor (;;) a.push(a.length)"),
  'api/read.js': fn(
    "return { k: [fazt.storage.kv.get('k'), fazt.storage.kv.get('k2'), fazt.storage.kv.get('k3')], docs: fazt.storage.ds.count('c'), blob: fazt.storage.s3.get('f'), polluted: ({}).polluted || null, stringify: JSON.stringify([1]) }",
  ),
}

// Kept in an app of its own: the pollution lasts for the app's later requests (its own state).
const POLLUTER: Record<string, string> = {
  'api/pollute.js': fn(
    "Object.prototype.polluted = 'yes'\nArray.prototype.push = function () { return 0 }\nJSON.stringify = function () { return 'hacked' }\nreturn { ok: 1 }",
  ),
  'api/tojson.js': fn(
    "Object.defineProperty(Object.prototype, 'toJSON', { value: function () { return { s: 999 } }, configurable: true })\nreturn 'x'",
  ),
  'api/read.js': fn('return { polluted: ({}).polluted }'),
}

describe('hostile functions are contained and the node keeps serving', () => {
  let node: TestNode
  before(async () => {
    node = await startWithSettings({ 'functions.timeout_ms': 2000 })
    await deploy(node, 'evil', EVIL)
    await deploy(node, 'polluter', POLLUTER)
    await deploy(node, 'other', {
      'index.html': '<p>other</p>',
      'api/secret.js': "module.exports = () => 'secret'",
      'api/look.js': fn(
        "return { leak: typeof globalThis.leak, polluted: ({}).polluted || null, stringify: JSON.stringify({ a: [1] }), kv: fazt.storage.kv.get('mine') === undefined ? null : 'seen' }",
      ),
    })
  })
  after(() => node.stop())

  const errorOf = async (path: string) => {
    const r = await call(node, 'evil', path)
    return { status: r.status, body: r.json<ErrorBody>() }
  }
  const healthy = async () => {
    assert.equal((await node.http('/_fazt/health')).status, 200)
    assert.equal((await call(node, 'other', '/')).text(), '<p>other</p>')
    assert.deepEqual((await call(node, 'other', '/api/look')).json(), {
      leak: 'undefined',
      polluted: null,
      stringify: '{"a":[1]}',
      kv: null,
    })
  }

  test('infinite loops, even catching or in finally or async, end in 504 TimeoutError', async () => {
    for (const p of ['/api/spin', '/api/spin-catch', '/api/spin-finally', '/api/spin-async']) {
      const t = performance.now()
      const { status, body } = await errorOf(p)
      assert.equal(status, 504, p)
      assert.equal(body.error.code, 'TIMEOUT', p)
      assert.match(body.error.message, /^TimeoutError: .*2000 ms/, p)
      assert.ok(performance.now() - t < 5000, `${p} took ${performance.now() - t} ms`)
    }
    const never = await errorOf('/api/never')
    assert.equal(never.status, 500)
    assert.match(never.body.error.message, /never settles/)
    await healthy()
  })

  test('runaway recursion is a stack overflow error', async () => {
    for (const p of ['/api/recurse', '/api/recurse-json']) {
      const { status, body } = await errorOf(p)
      assert.equal(status, 500, p)
      assert.equal(body.error.code, 'FUNCTION_ERROR')
      assert.match(body.error.message, /stack overflow|MemoryError/, p)
    }
    await healthy()
  })

  test('memory bombs of several kinds hit the memory limit and the app gets a fresh sandbox', async () => {
    for (const p of ['/api/arrays', '/api/buffers', '/api/graph']) {
      const { status, body } = await errorOf(p)
      assert.equal(status, 500, p)
      assert.equal(body.error.code, 'FUNCTION_ERROR', p)
      assert.match(body.error.message, /^MemoryError: .*64 MiB/, p)
      // The next request of the same app runs in a fresh sandbox.
      assert.equal((await call(node, 'evil', '/api/read')).status, 200, `after ${p}`)
    }
    // An app that catches the error may keep its answer, but its sandbox is replaced all the same.
    assert.equal((await call(node, 'evil', '/api/runs')).text(), '1')
    assert.equal((await call(node, 'evil', '/api/runs')).text(), '2')
    const caught = await call(node, 'evil', '/api/caught-oom')
    assert.ok(caught.text() === 'survived' || /MemoryError/.test(caught.text()), caught.text())
    assert.equal((await call(node, 'evil', '/api/runs')).text(), '1')
    const strings = await errorOf('/api/strings')
    assert.equal(strings.status, 500)
    assert.match(strings.body.error.message, /string too long|MemoryError/)
    await healthy()
  })

  test('a gigantic response is refused with a clear error', async () => {
    const { status, body } = await errorOf('/api/big')
    assert.equal(status, 500)
    assert.equal(body.error.code, 'LIMIT_EXCEEDED')
    assert.match(body.error.message, /larger than 10 MiB/)
  })

  test('prototype pollution stays inside the app; headers cannot be smuggled', async () => {
    assert.equal((await call(node, 'polluter', '/api/pollute')).status, 200)
    // Its own later requests see its own pollution, and the node reads its responses safely.
    assert.deepEqual((await call(node, 'polluter', '/api/read')).json(), { polluted: 'yes' })
    await healthy()
    // Poisoning toJSON garbles only its own responses, which the node checks: a clear error.
    assert.equal((await call(node, 'polluter', '/api/tojson')).status, 500)
    await healthy()
    const h = await errorOf('/api/headers')
    assert.equal(h.status, 500)
    assert.match(h.body.error.message, /invalid value for header X-A/)
    const f = await call(node, 'evil', '/api/framing')
    assert.equal(f.status, 200)
    assert.equal(f.text(), 'body')
    assert.equal(f.headers['x-ok'], 'yes')
    assert.equal(f.headers['transfer-encoding'], undefined)
    assert.match((await errorOf('/api/status')).body.error.message, /invalid status 99999/)
  })

  test('no process, no Node modules, no other app: not its files, globals or storage', async () => {
    const out = (await call(node, 'evil', '/api/escape')).json<Record<string, unknown>>()
    assert.equal(out.process, 'undefined')
    assert.equal(out.globals, 'undefined,undefined,undefined,undefined,undefined,undefined')
    assert.match(String(out.fs), /"fs" is a Node\.js module/)
    assert.match(String(out.cp), /"child_process" is a Node\.js module/)
    assert.match(String(out.up), /only files under api\//)
    assert.equal(out.fn, true)
    await healthy()
  })

  test('thrown non-Error values are reported, never hang or leak internals', async () => {
    const cases: [string, RegExp][] = [
      ['/api/throw-string', /^a string$/],
      ['/api/throw-null', /^null$/],
      ['/api/throw-undefined', /^undefined$/],
      ['/api/throw-object', /^\{"code":42\}$/],
    ]
    for (const [p, re] of cases) {
      const { status, body } = await errorOf(p)
      assert.equal(status, 500, p)
      assert.equal(body.error.code, 'FUNCTION_ERROR', p)
      assert.match(body.error.message, re, p)
      assert.doesNotMatch(JSON.stringify(body), /node_modules|dist\/|\/work\//, p)
    }
    const getter = await errorOf('/api/throw-getter')
    assert.equal(getter.status, 504)
  })

  test('writes followed by a throw, a timeout or running out of memory are not kept', async () => {
    assert.equal((await errorOf('/api/write-throw')).status, 500)
    assert.equal((await errorOf('/api/write-spin')).status, 504)
    assert.equal((await errorOf('/api/write-oom')).status, 500)
    const read = (await call(node, 'evil', '/api/read')).json<{ k: unknown[]; docs: number; blob: unknown }>()
    assert.deepEqual(read.k, [null, null, null])
    assert.equal(read.docs, 0)
    assert.equal(read.blob, null)
    const rows = query<{ n: number }>(
      node.dataPath,
      "SELECT count(*) AS n FROM app_kv WHERE key IN ('k', 'k2', 'k3')",
    )
    assert.equal(rows[0]?.n, 0)
    // Every failure left a log line.
    const logs = logsOf(node.dataPath, 'evil').filter((l) => l.level === 'error')
    assert.ok(logs.some((l) => l.request === 'GET /api/write-spin' && /TimeoutError/.test(l.message)))
    assert.ok(logs.some((l) => l.request === 'GET /api/write-oom' && /MemoryError/.test(l.message)))
    await healthy()
  })
})
