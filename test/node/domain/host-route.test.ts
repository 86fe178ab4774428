import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type HostTarget, normalizeHost, routeHost } from '../../../node/domain/host-route.js'

const D = 'zyt.app'
const table: [string | undefined, HostTarget][] = [
  ['zyt.app', { kind: 'root' }],
  ['ZYT.APP', { kind: 'root' }],
  ['zyt.app.', { kind: 'root' }],
  ['zyt.app:8080', { kind: 'root' }],
  ['root.zyt.app', { kind: 'root' }],
  ['admin.zyt.app', { kind: 'admin' }],
  ['blog.zyt.app', { kind: 'alias', sub: 'blog' }],
  ['Blog.Zyt.App.:443', { kind: 'alias', sub: 'blog' }],
  ['blog--r12.zyt.app', { kind: 'preview', app: 'blog', release: 'r12' }],
  ['blog--r0.zyt.app', { kind: 'none' }],
  ['blog--x.zyt.app', { kind: 'none' }],
  ['a--b--r1.zyt.app', { kind: 'none' }],
  ['-blog.zyt.app', { kind: 'none' }],
  ['blog-.zyt.app', { kind: 'none' }],
  [`${'a'.repeat(64)}.zyt.app`, { kind: 'none' }],
  [`${'a'.repeat(63)}.zyt.app`, { kind: 'alias', sub: 'a'.repeat(63) }],
  ['a.b.zyt.app', { kind: 'none' }],
  ['blog.localhost', { kind: 'alias', sub: 'blog' }],
  ['blog.localhost:3000', { kind: 'alias', sub: 'blog' }],
  ['blog--r2.localhost', { kind: 'preview', app: 'blog', release: 'r2' }],
  ['localhost', { kind: 'root' }],
  ['localhost:8080', { kind: 'root' }],
  ['127.0.0.1', { kind: 'root' }],
  ['127.0.0.1:8080', { kind: 'root' }],
  ['[::1]', { kind: 'root' }],
  ['[::1]:8080', { kind: 'root' }],
  ['[::1', { kind: 'none' }],
  ['[::1]x', { kind: 'none' }],
  ['[zz::1]', { kind: 'none' }],
  ['example.com', { kind: 'none' }],
  ['evilzyt.app', { kind: 'none' }],
  ['zyt.app.evil.com', { kind: 'none' }],
  ['', { kind: 'none' }],
  [undefined, { kind: 'none' }],
  ['   ', { kind: 'none' }],
  ['zyt.app:', { kind: 'none' }],
  ['zyt.app:abc', { kind: 'none' }],
  ['zyt.app:8080:90', { kind: 'none' }],
  ['zyt..app', { kind: 'none' }],
  ['blog.zyt.app..', { kind: 'none' }],
  ['bl_og.zyt.app', { kind: 'none' }],
  ['bl\u0000og.zyt.app', { kind: 'none' }],
  ['blog.zyt.app/x', { kind: 'none' }],
  ['user@blog.zyt.app', { kind: 'none' }],
  ['999.1.1.1', { kind: 'none' }],
]

for (const [host, want] of table) {
  test(`host ${JSON.stringify(host)} routes to ${want.kind}`, () => {
    assert.deepEqual(routeHost(host, D), want)
  })
}

test('a domain given with a trailing dot or upper case still matches', () => {
  assert.deepEqual(routeHost('blog.zyt.app', 'ZYT.APP.'), { kind: 'alias', sub: 'blog' })
})

test('a nip.io domain routes its subdomains', () => {
  assert.deepEqual(routeHost('blog.10.0.0.1.nip.io', '10.0.0.1.nip.io'), { kind: 'alias', sub: 'blog' })
  assert.deepEqual(routeHost('10.0.0.1.nip.io', '10.0.0.1.nip.io'), { kind: 'root' })
})

test('normalizeHost strips the port and one trailing dot only', () => {
  assert.equal(normalizeHost('A.B.C.:80'), 'a.b.c')
  assert.equal(normalizeHost('a.b.c..'), undefined)
  assert.equal(normalizeHost('[::FFFF:127.0.0.1]:1'), '[::ffff:127.0.0.1]')
})
