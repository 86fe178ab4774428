import assert from 'node:assert/strict'
import { test } from 'node:test'
import { classifyDomain } from '../../../node/domain/classify.js'
import { rewriteDomain, wildcardDomain } from '../../../node/domain/rewrite.js'
import { isAppError } from '../../../sdk/contract/errors.js'

test('rewrite keeps form, prefix and suffix and swaps the IP', () => {
  const rows: [domain: string, ip: string, want: string][] = [
    ['10.0.0.1', '192.168.1.5', '192.168.1.5'],
    ['10.0.0.1.nip.io', '192.168.1.5', '192.168.1.5.nip.io'],
    ['10-0-0-1.nip.io', '192.168.1.5', '192-168-1-5.nip.io'],
    ['0a000001.nip.io', '192.168.1.5', 'c0a80105.nip.io'],
    ['0a000001.nip.io', '1.2.3.4', '01020304.nip.io'],
    ['app.10.0.0.1.nip.io', '192.168.1.5', 'app.192.168.1.5.nip.io'],
    ['app-10-0-0-1.nip.io', '192.168.1.5', 'app-192-168-1-5.nip.io'],
    ['x.my-app-0a000001.sslip.io', '192.168.1.5', 'x.my-app-c0a80105.sslip.io'],
    ['10.0.0.1.sslip.io', '192.168.1.5', '192.168.1.5.sslip.io'],
    ['2001-db8--1.sslip.io', '2001:db8:0:0:0:0:0:2', '2001-db8--2.sslip.io'],
    ['2001:db8::1', '2001:db8::2', '2001:db8::2'],
    ['2001-db8--1.nip.io', '1:2:3:4:5:6:7:8', '1-2-3-4-5-6-7-8.sslip.io'],
    ['UPPER.10.0.0.1.NIP.IO.', '10.0.0.2', 'upper.10.0.0.2.nip.io'],
  ]
  for (const [domain, ip, want] of rows) assert.equal(rewriteDomain(domain, ip), want, `${domain} -> ${ip}`)
})

test('rewrite across address families uses the nearest form that can carry the address', () => {
  const rows: [domain: string, ip: string, want: string][] = [
    // Bare literals stay literals.
    ['10.0.0.1', '2001:db8::1', '2001:db8::1'],
    ['2001:db8::1', '10.0.0.1', '10.0.0.1'],
    // nip.io has no IPv6: sslip.io dashed, a dash-joined prefix becomes its own label.
    ['10.0.0.1.nip.io', '2001:db8::1', '2001-db8--1.sslip.io'],
    ['app.0a000001.nip.io', '2001:db8::1', 'app.2001-db8--1.sslip.io'],
    ['app-10-0-0-1.nip.io', '2001:db8::1', 'app.2001-db8--1.sslip.io'],
    // IPv6 dashed -> IPv4 dashed on the same service.
    ['app.2001-db8--1.sslip.io', '10.0.0.1', 'app.10-0-0-1.sslip.io'],
  ]
  for (const [domain, ip, want] of rows) assert.equal(rewriteDomain(domain, ip), want, `${domain} -> ${ip}`)
})

test('real and localhost domains are never rewritten', () => {
  assert.equal(rewriteDomain('zyt.app', '10.0.0.9'), 'zyt.app')
  assert.equal(rewriteDomain('ZYT.APP.', '10.0.0.9'), 'zyt.app')
  assert.equal(rewriteDomain('localhost', '10.0.0.9'), 'localhost')
})

test('rewrite rejects an invalid domain or address with INVALID_ARGUMENT', () => {
  for (const [domain, ip] of [
    ['', '10.0.0.1'],
    ['foo.nip.io', '10.0.0.1'],
    ['10.0.0.1.nip.io', 'not-an-ip'],
    ['10.0.0.1.nip.io', '1.2.3'],
  ] as const) {
    assert.throws(
      () => rewriteDomain(domain, ip),
      (e) => isAppError(e) && e.code === 'INVALID_ARGUMENT',
    )
  }
})

test('the default domain is <ip>.nip.io for IPv4 and dashed sslip.io for IPv6', () => {
  assert.equal(wildcardDomain('192.168.1.5'), '192.168.1.5.nip.io')
  assert.equal(wildcardDomain('2001:DB8::1'), '2001-db8--1.sslip.io')
  assert.equal(wildcardDomain('2a01:4f8:c17:b8f::2'), '2a01-4f8-c17-b8f--2.sslip.io')
  assert.equal(wildcardDomain('::ffff:10.0.0.1'), '10.0.0.1.nip.io')
})

test('every generated name classifies back to the address it was made from', () => {
  const ips = [
    '10.0.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '2001:db8::1',
    '2001:db8:1:2:3:4:5:6',
    '1:2:3:4:5:6:7:8',
    '::1',
    'fd00::10:0:0:1',
  ]
  const templates = [
    '10.0.0.1.nip.io',
    '10-0-0-1.nip.io',
    '0a000001.nip.io',
    'a.b-10-0-0-1.sslip.io',
    'app.2001-db8--9.sslip.io',
    '10.0.0.1',
  ]
  for (const ip of ips) {
    const names = [wildcardDomain(ip), ...templates.map((t) => rewriteDomain(t, ip))]
    for (const name of names) {
      const c = classifyDomain(name)
      assert.equal(c.kind === 'portable' ? c.ip : c.kind, ip, `${name} from ${ip}`)
      assert.equal(c.kind === 'portable' && c.domain, name)
    }
  }
})
