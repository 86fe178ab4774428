import assert from 'node:assert/strict'
import { test } from 'node:test'
import { resolveModule } from '../../../node/functions/module-resolve.js'
import { buildRoutes, isRouteFile, matchRoute } from '../../../node/functions/routes.js'

const files = [
  'api/main.js',
  'api/hello.js',
  'api/users/index.js',
  'api/users/[id].js',
  'api/users/[id]/posts.mjs',
  'api/users/me.js',
  'api/files/[...rest].js',
  'api/_lib/db.js',
  'api/.fazt/modules.js',
  'api/data.json',
  'index.html',
]
const table = buildRoutes(files)

test('paths are matched to route files, literal segments before dynamic ones, else main.js', () => {
  const cases: [string, unknown][] = [
    ['/api/hello', { kind: 'file', file: 'api/hello.js', params: {}, main: true }],
    ['/api/hello/', { kind: 'file', file: 'api/hello.js', params: {}, main: true }],
    ['/api/users', { kind: 'file', file: 'api/users/index.js', params: {}, main: true }],
    ['/api/users/me', { kind: 'file', file: 'api/users/me.js', params: {}, main: true }],
    ['/api/users/42', { kind: 'file', file: 'api/users/[id].js', params: { id: '42' }, main: true }],
    ['/api/users/a%20b', { kind: 'file', file: 'api/users/[id].js', params: { id: 'a b' }, main: true }],
    [
      '/api/users/7/posts',
      { kind: 'file', file: 'api/users/[id]/posts.mjs', params: { id: '7' }, main: true },
    ],
    [
      '/api/files/a/b/c.txt',
      { kind: 'file', file: 'api/files/[...rest].js', params: { rest: 'a/b/c.txt' }, main: true },
    ],
    ['/api/files', { kind: 'main', file: 'api/main.js' }],
    ['/api/_lib/db', { kind: 'main', file: 'api/main.js' }],
    ['/api/.fazt/modules', { kind: 'main', file: 'api/main.js' }],
    ['/api/nothing/here', { kind: 'main', file: 'api/main.js' }],
    ['/api', { kind: 'main', file: 'api/main.js' }],
    ['/api/users/%E0%A4%A', { kind: 'bad' }],
  ]
  for (const [path, want] of cases) {
    const got = matchRoute(table, path)
    assert.deepEqual({ ...got, ...('params' in got ? { params: { ...got.params } } : {}) }, want, path)
  }
})

test('without main.js, an unmatched path matches nothing', () => {
  const t = buildRoutes(['api/hello.js'])
  assert.deepEqual(matchRoute(t, '/api/other'), { kind: 'none' })
  assert.equal(matchRoute(t, '/api/hello').kind, 'file')
})

test('helpers, bundled packages and non-code files are not routes', () => {
  assert.equal(isRouteFile('api/_lib/db.js'), false)
  assert.equal(isRouteFile('api/.fazt/modules.js'), false)
  assert.equal(isRouteFile('api/main.js'), false)
  assert.equal(isRouteFile('api/data.json'), false)
  assert.equal(isRouteFile('public/api/x.js'), false)
  assert.equal(isRouteFile('api/x.cjs'), true)
})

test('modules resolve inside api/ only; Node modules are refused; bare names prefer api/ files', () => {
  const set = new Set(files)
  assert.deepEqual(resolveModule('api/users/[id].js', '../_lib/db.js', set), {
    kind: 'file',
    path: 'api/_lib/db.js',
  })
  assert.deepEqual(resolveModule('api/main.js', './_lib/db', set), { kind: 'file', path: 'api/_lib/db.js' })
  assert.deepEqual(resolveModule('api/main.js', './data.json', set), { kind: 'file', path: 'api/data.json' })
  assert.deepEqual(resolveModule('api/main.js', 'hello.js', set), { kind: 'file', path: 'api/hello.js' })
  assert.deepEqual(resolveModule('api/main.js', 'lodash', set), { kind: 'package', name: 'lodash' })
  assert.deepEqual(resolveModule('api/main.js', '@scope/pkg/sub', set), {
    kind: 'package',
    name: '@scope/pkg/sub',
  })
  for (const spec of ['fs', 'node:fs', 'child_process', 'fs/promises', 'worker_threads']) {
    const r = resolveModule('api/main.js', spec, set)
    assert.equal(r.kind, 'error', spec)
    assert.match((r as { message: string }).message, /Node\.js module/)
  }
  for (const spec of ['../index.html', '../../etc/passwd', '/../x.js']) {
    const r = resolveModule('api/main.js', spec, set)
    assert.equal(r.kind, 'error', spec)
  }
  assert.match(
    (resolveModule('api/main.js', './missing.js', set) as { message: string }).message,
    /cannot find/,
  )
})
