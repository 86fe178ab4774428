import assert from 'node:assert/strict'
import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { TestNode } from '../../helpers/node.js'
import { repoRoot } from '../../helpers/paths.js'
import { call, deploy, logsOf, startWithSettings, writeApp } from './fixture.js'

// Apps written for the original fazt, unchanged: ES5 scripts with respond() and a final expression.
const CRUD = `var ds = fazt.storage.ds
function handler(req) {
  var id = req.path.split('/')[3]
  if (req.method === 'GET' && id) {
    var doc = ds.findOne('todos', id)
    return doc ? respond(doc) : respond(404, { error: 'not found' })
  }
  if (req.method === 'GET') return respond({ todos: ds.find('todos', {}, { sort: 'title' }), count: ds.count('todos') })
  if (req.method === 'POST') {
    if (!req.body || !req.body.title) return respond(400, { error: 'title required' })
    return respond(201, { id: ds.insert('todos', { title: req.body.title, done: false }) })
  }
  if (req.method === 'PUT') return respond({ updated: ds.update('todos', { id: id }, { $set: req.body }) })
  if (req.method === 'DELETE') return respond({ deleted: ds.delete('todos', { id: id }) })
  return respond(405, { error: 'method not allowed' }, { Allow: 'GET, POST, PUT, DELETE' })
}
handler(request)
`
const TOP_LEVEL_RETURN = `if (request.query.who) return respond({ hello: request.query.who })
return { status: 418, headers: { 'X-Teapot': 'yes' }, body: 'short and stout' }
`
const COUNTER = `var n = (fazt.storage.kv.get('count') || 0) + 1
fazt.storage.kv.set('count', n)
respond({ count: n })
`

describe('functions of deployed apps', () => {
  let node: TestNode
  before(async () => {
    node = await startWithSettings()
    await deploy(node, 'crud', { 'api/main.js': CRUD, 'index.html': '<p>crud</p>' })
    await deploy(node, 'ret', { 'api/main.js': TOP_LEVEL_RETURN })
    await deploy(node, 'counter', { 'api/main.js': COUNTER })
  })
  after(() => node.stop())

  test('an original ES5 CRUD API over fazt.storage.ds works unchanged', async () => {
    const a = await call(node, 'crud', '/api/todos', { method: 'POST', json: { title: 'b-second' } })
    assert.equal(a.status, 201, a.text())
    const idA = a.json<{ id: string }>().id
    await call(node, 'crud', '/api/todos', { method: 'POST', json: { title: 'a-first' } })
    assert.equal((await call(node, 'crud', '/api/todos', { method: 'POST', json: {} })).status, 400)
    const list = (await call(node, 'crud', '/api/todos')).json<{
      todos: { title: string }[]
      count: number
    }>()
    assert.deepEqual(
      list.todos.map((t) => t.title),
      ['a-first', 'b-second'],
    )
    assert.equal(list.count, 2)
    assert.equal(
      (await call(node, 'crud', `/api/todos/${idA}`, { method: 'PUT', json: { done: true } })).json<{
        updated: number
      }>().updated,
      1,
    )
    const one = await call(node, 'crud', `/api/todos/${idA}`)
    assert.equal(one.headers['content-type'], 'application/json; charset=utf-8')
    assert.equal(one.json<{ done: boolean }>().done, true)
    assert.equal(
      (await call(node, 'crud', `/api/todos/${idA}`, { method: 'DELETE' })).json<{ deleted: number }>()
        .deleted,
      1,
    )
    assert.equal((await call(node, 'crud', `/api/todos/${idA}`)).status, 404)
    const patch = await call(node, 'crud', '/api/todos', { method: 'PATCH' })
    assert.equal(patch.status, 405)
    assert.equal(patch.headers.allow, 'GET, POST, PUT, DELETE')
    // The static side of the same app is untouched.
    assert.equal((await call(node, 'crud', '/')).text(), '<p>crud</p>')
  })

  test('a script with top-level return, and a {status, headers, body} object as the response', async () => {
    assert.deepEqual((await call(node, 'ret', '/api/x?who=ada')).json(), { hello: 'ada' })
    const r = await call(node, 'ret', '/api/x')
    assert.equal(r.status, 418)
    assert.equal(r.headers['x-teapot'], 'yes')
    assert.equal(r.text(), 'short and stout')
  })

  test('a counter over fazt.storage.kv counts every request once, also under concurrency', async () => {
    const rs = await Promise.all(Array.from({ length: 20 }, () => call(node, 'counter', '/api/count')))
    const seen = rs.map((r) => r.json<{ count: number }>().count).sort((a, b) => a - b)
    assert.deepEqual(
      seen,
      Array.from({ length: 20 }, (_, i) => i + 1),
    )
  })

  test('the first request after a deploy sees the new code', async () => {
    await deploy(node, 'ver', { 'api/v.js': 'module.exports = () => "v1"' })
    assert.equal((await call(node, 'ver', '/api/v')).text(), 'v1')
    await deploy(node, 'ver', { 'api/v.js': 'module.exports = () => "v2"' })
    assert.equal((await call(node, 'ver', '/api/v')).text(), 'v2')
  })

  test('route files: params, async and ES module handlers, method handlers, main.js as fallback', async () => {
    await deploy(node, 'routes', {
      'api/hello.js': "module.exports = function (req) { return { hello: req.query.name || 'world' } }",
      'api/users/[id].js': `import { greet } from '../_lib/greet.js'
export default async function (req) { await null; return { user: req.params.id, greeting: greet(req.params.id) } }`,
      'api/_lib/greet.js': "exports.greet = function (n) { return 'hi ' + n }",
      'api/items.js': `module.exports = {
  GET: () => fazt.storage.kv.list('item:').map((e) => e.value),
  POST: (req) => { fazt.storage.kv.set('item:' + req.body.id, req.body); return respond(201, req.body) },
}`,
      'api/echo.js':
        "module.exports = (req) => ({ method: req.method, body: req.body, q: req.query, h: req.headers['x-test'], path: req.path })",
      'api/config.json': '{"limit": 3}',
      'api/conf.js': "module.exports = () => require('./config.json')",
      'api/bytes.js': 'module.exports = () => new Uint8Array([0, 1, 2, 255])',
      'api/main.js': "respond(404, { error: 'no route', path: request.path })",
    })
    assert.deepEqual((await call(node, 'routes', '/api/hello?name=x')).json(), { hello: 'x' })
    assert.deepEqual((await call(node, 'routes', '/api/users/42')).json(), { user: '42', greeting: 'hi 42' })
    assert.equal(
      (await call(node, 'routes', '/api/items', { method: 'POST', json: { id: 'a', n: 1 } })).status,
      201,
    )
    assert.deepEqual((await call(node, 'routes', '/api/items')).json(), [{ id: 'a', n: 1 }])
    assert.equal((await call(node, 'routes', '/api/items', { method: 'DELETE' })).status, 405)
    const echo = await call(node, 'routes', '/api/echo?a=1&a=2&b=x', {
      method: 'PUT',
      body: 'plain text',
      headers: { 'x-test': 'yes' },
    })
    assert.deepEqual(echo.json(), {
      method: 'PUT',
      body: 'plain text',
      q: { a: '1', b: 'x' },
      h: 'yes',
      path: '/api/echo',
    })
    assert.deepEqual(
      (await call(node, 'routes', '/api/echo', { method: 'POST', json: { deep: [1] } })).json<{
        body: unknown
      }>().body,
      { deep: [1] },
    )
    assert.deepEqual((await call(node, 'routes', '/api/conf')).json(), { limit: 3 })
    const bytes = await call(node, 'routes', '/api/bytes')
    assert.equal(bytes.headers['content-type'], 'application/octet-stream')
    assert.deepEqual([...bytes.body], [0, 1, 2, 255])
    const miss = await call(node, 'routes', '/api/nope')
    assert.equal(miss.status, 404)
    assert.deepEqual(miss.json(), { error: 'no route', path: '/api/nope' })
    assert.equal((await call(node, 'routes', '/api/_lib/greet')).status, 404)
  })

  test('fazt.app, fazt.env with the app env verbs, blobs, and logs', async () => {
    await deploy(node, 'envy', {
      'api/env.js':
        "module.exports = () => ({ a: fazt.env.get('A', 'dflt'), has: fazt.env.has('A'), none: fazt.env.get('NONE') === undefined, id: fazt.app.id, name: fazt.app.name, same: fazt.app.kv === fazt.storage.kv })",
      'api/blob.js': `module.exports = (req) => {
  if (req.method === 'POST') return fazt.storage.s3.put('notes/a.txt', req.body, 'text/plain')
  const b = fazt.storage.s3.get('notes/a.txt')
  return { mime: b.mime, size: b.size, data: b.data, list: fazt.storage.s3.list('notes/').map((x) => x.path) }
}`,
      'api/log.js':
        "module.exports = () => { console.log('hello', { a: 1 }); fazt.log.warn('careful'); console.error(new TypeError('oops')); return 'logged' }",
    })
    const before = (await call(node, 'envy', '/api/env')).json<Record<string, unknown>>()
    assert.deepEqual(
      { ...before, id: typeof before.id },
      { a: 'dflt', has: false, none: true, id: 'string', name: 'envy', same: true },
    )
    assert.equal((await node.cli(['app', 'env', 'set', 'envy', 'A', 's3cr3t-value'])).code, 0)
    assert.deepEqual(
      (await call(node, 'envy', '/api/env')).json<{ a: string; has: boolean }>().a,
      's3cr3t-value',
    )
    assert.equal((await call(node, 'envy', '/api/blob', { method: 'POST', body: 'héllo' })).status, 200)
    assert.deepEqual((await call(node, 'envy', '/api/blob')).json(), {
      mime: 'text/plain',
      size: 6,
      data: Buffer.from('héllo').toString('base64'),
      list: ['notes/a.txt'],
    })
    assert.equal((await call(node, 'envy', '/api/log')).text(), 'logged')
    const logs = logsOf(node.dataPath, 'envy')
    assert.deepEqual(logs.slice(-3), [
      { level: 'info', request: 'GET /api/log', message: 'hello {"a":1}' },
      { level: 'warn', request: 'GET /api/log', message: 'careful' },
      { level: 'error', request: 'GET /api/log', message: 'TypeError: oops' },
    ])
    const shown = await node.cli(['--json', 'app', 'logs', 'envy', '-n', '2'])
    assert.deepEqual(
      shown.json<{ message: string }[]>().map((l) => l.message),
      ['careful', 'TypeError: oops'],
    )
  })

  test('an uncaught error is a 500 FUNCTION_ERROR with its line, and a log entry', async () => {
    await deploy(node, 'oops', {
      'api/err.js': 'module.exports = function () {\n  var x = null\n  return x.y\n}\n',
      'api/syntax.js': 'module.exports = function (req {\n}\n',
    })
    const r = await call(node, 'oops', '/api/err')
    assert.equal(r.status, 500)
    const body = r.json<{ error: { code: string; message: string; line: number; file: string } }>()
    assert.equal(body.error.code, 'FUNCTION_ERROR')
    assert.match(body.error.message, /^TypeError: /)
    assert.equal(body.error.line, 3)
    assert.equal(body.error.file, 'api/err.js')
    const s = (await call(node, 'oops', '/api/syntax')).json<{
      error: { code: string; message: string; line: number }
    }>()
    assert.equal(s.error.code, 'FUNCTION_ERROR')
    assert.match(s.error.message, /^SyntaxError/)
    assert.equal(s.error.line, 1)
    const logs = logsOf(node.dataPath, 'oops')
    assert.ok(
      logs.some((l) => l.level === 'error' && /TypeError: .*\(api\/err\.js:3\)/.test(l.message)),
      JSON.stringify(logs),
    )
  })

  test('npm packages of the app are bundled at deploy: import and require both work', async () => {
    const dir = writeApp({
      'package.json': JSON.stringify({
        name: 'pkg',
        dependencies: { dequal: '^2.0.0', 'tiny-greet': 'file:./vendor/tiny-greet' },
      }),
      'api/eq.js': `import { dequal } from 'dequal'
import greeter, { greet } from 'tiny-greet'
export default () => ({ eq: dequal({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), greet: greet('x'), same: greeter.greet === greet })`,
      'api/main.js': "var eq = require('dequal').dequal\nrespond({ main: eq([1], [1]) })",
    })
    // A real package from this repository's own dependencies, and a tiny local one.
    cpSync(join(repoRoot, 'node_modules', 'dequal'), join(dir, 'node_modules', 'dequal'), { recursive: true })
    mkdirSync(join(dir, 'node_modules', 'tiny-greet'), { recursive: true })
    writeFileSync(
      join(dir, 'node_modules', 'tiny-greet', 'package.json'),
      '{"name":"tiny-greet","version":"1.0.0","main":"index.js"}',
    )
    writeFileSync(join(dir, 'node_modules', 'tiny-greet', 'index.js'), "exports.greet = (n) => 'hi ' + n")
    const log = await deploy(node, 'pkg', dir)
    assert.match(log, /bundling 2 packages for functions: dequal, tiny-greet/)
    assert.deepEqual((await call(node, 'pkg', '/api/eq')).json(), { eq: true, greet: 'hi x', same: true })
    assert.deepEqual((await call(node, 'pkg', '/api/other')).json(), { main: true })
  })
})
