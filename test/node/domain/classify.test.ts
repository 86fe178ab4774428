import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { PortableForm, WildcardSuffix } from '../../../node/domain/classify.js'
import { classifyDomain, normalizeDomain } from '../../../node/domain/classify.js'

test('normalisation lower-cases, trims and ignores one trailing dot', () => {
  const rows: [string, string][] = [
    ['ZYT.APP', 'zyt.app'],
    ['zyt.app.', 'zyt.app'],
    ['  Zyt.App.  ', 'zyt.app'],
    ['zyt.app..', 'zyt.app.'],
  ]
  for (const [input, want] of rows) assert.equal(normalizeDomain(input), want, input)
})

test('real domains, localhost and the bare wildcard services are classified by kind', () => {
  const rows: [string, 'real' | 'localhost', string][] = [
    ['zyt.app', 'real', 'zyt.app'],
    ['ZYT.APP.', 'real', 'zyt.app'],
    ['my-node.example.co.uk', 'real', 'my-node.example.co.uk'],
    ['nip.io', 'real', 'nip.io'],
    ['sslip.io', 'real', 'sslip.io'],
    ['nip.io.example.com', 'real', 'nip.io.example.com'],
    ['10.0.0.1.example.com', 'real', '10.0.0.1.example.com'],
    ['münchen.de', 'real', 'xn--mnchen-3ya.de'],
    ['localhost', 'localhost', 'localhost'],
    ['LOCALHOST.', 'localhost', 'localhost'],
    ['dev.localhost', 'localhost', 'dev.localhost'],
  ]
  for (const [input, kind, domain] of rows) {
    assert.deepEqual(classifyDomain(input), { kind, domain }, input)
  }
})

type Row = [
  input: string,
  ip: string,
  form: PortableForm,
  prefix: string,
  suffix: WildcardSuffix | null,
  domain?: string,
]

test('portable domains yield their IP, form, prefix and suffix', () => {
  const rows: Row[] = [
    ['10.0.0.1', '10.0.0.1', 'literal', '', null],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1', 'literal', '', null, '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1', 'literal', '', null, '2001:db8::1'],
    ['::ffff:10.0.0.1', '10.0.0.1', 'literal', '', null, '10.0.0.1'],
    ['10.0.0.1.nip.io', '10.0.0.1', 'dotted', '', 'nip.io'],
    ['10.0.0.1.NIP.IO.', '10.0.0.1', 'dotted', '', 'nip.io', '10.0.0.1.nip.io'],
    ['10-0-0-1.nip.io', '10.0.0.1', 'dashed', '', 'nip.io'],
    ['0a000001.nip.io', '10.0.0.1', 'hex', '', 'nip.io'],
    ['C0A80001.NIP.IO', '192.168.0.1', 'hex', '', 'nip.io', 'c0a80001.nip.io'],
    ['app.10.0.0.1.nip.io', '10.0.0.1', 'dotted', 'app.', 'nip.io'],
    ['a.b.10.0.0.1.nip.io', '10.0.0.1', 'dotted', 'a.b.', 'nip.io'],
    ['app-10-0-0-1.nip.io', '10.0.0.1', 'dashed', 'app-', 'nip.io'],
    ['app.10-0-0-1.nip.io', '10.0.0.1', 'dashed', 'app.', 'nip.io'],
    ['my-app-10-0-0-1.nip.io', '10.0.0.1', 'dashed', 'my-app-', 'nip.io'],
    ['x.my-app-10-0-0-1.nip.io', '10.0.0.1', 'dashed', 'x.my-app-', 'nip.io'],
    ['app-0a000001.nip.io', '10.0.0.1', 'hex', 'app-', 'nip.io'],
    ['app.0a000001.nip.io', '10.0.0.1', 'hex', 'app.', 'nip.io'],
    ['203.0.113.7.sslip.io', '203.0.113.7', 'dotted', '', 'sslip.io'],
    ['203-0-113-7.sslip.io', '203.0.113.7', 'dashed', '', 'sslip.io'],
    ['2001-db8--1.sslip.io', '2001:db8::1', 'dashed', '', 'sslip.io'],
    ['app.2001-db8--1.sslip.io', '2001:db8::1', 'dashed', 'app.', 'sslip.io'],
    ['--1.sslip.io', '::1', 'dashed', '', 'sslip.io'],
    // Not canonical RFC 5952: the address is canonical, the name stays as typed (it is what Host carries).
    ['2001-0db8-0-0-0-0-0-1.sslip.io', '2001:db8::1', 'dashed', '', 'sslip.io'],
    // nip.io takes the rightmost IP, so this is 2.3.4.5 with prefix "1." (what it resolves to).
    ['1.2.3.4.5.nip.io', '2.3.4.5', 'dotted', '1.', 'nip.io'],
    // A label that is wholly IPv6 is IPv6 on sslip.io; nip.io has no IPv6, so there IPv4 wins.
    ['1-2-3-4-5-6-7-8.sslip.io', '1:2:3:4:5:6:7:8', 'dashed', '', 'sslip.io'],
    ['2001-db8-1-2-3-4-5-6.sslip.io', '2001:db8:1:2:3:4:5:6', 'dashed', '', 'sslip.io'],
    ['1-2-3-4-5-6-7-8.nip.io', '5.6.7.8', 'dashed', '1-2-3-4-', 'nip.io'],
    ['2001-db8--1.nip.io', '2001:db8::1', 'dashed', '', 'nip.io'],
  ]
  for (const [input, ip, form, prefix, suffix, domain] of rows) {
    const c = classifyDomain(input)
    assert.equal(c.kind, 'portable', input)
    if (c.kind !== 'portable') continue
    assert.deepEqual(
      { ip: c.ip, form: c.form, prefix: c.prefix, suffix: c.suffix, domain: c.domain },
      { ip, form, prefix, suffix, domain: domain ?? input },
      input,
    )
    assert.equal(c.family, ip.includes(':') ? 6 : 4, input)
  }
})

test('garbage is invalid with a reason, never thrown and never silently real', () => {
  const rows = [
    '',
    '   ',
    '.',
    '..',
    'zyt.app..',
    'zyt..app',
    'zyt app',
    ' zyt app ',
    'a'.repeat(300),
    `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(20)}.com`,
    `${'a'.repeat(64)}.com`,
    'https://zyt.app',
    'zyt.app:8080',
    'zyt.app/path',
    '[::1]:8080',
    'under_score.example.com',
    '-lead.example.com',
    'trail-.example.com',
    '1.2.3',
    '999.1.1.1',
    '1.2.3.4.5',
    '010.0.0.1',
    '999.1.1.1.nip.io',
    '010.0.0.1.nip.io',
    'foo.nip.io',
    'app.nip.io',
    '-10-0-0-1.nip.io',
    '-app.10.0.0.1.nip.io',
    '0a00000g.nip.io',
    'fe80::1%eth0',
  ]
  for (const input of rows) {
    const c = classifyDomain(input)
    assert.equal(c.kind, 'invalid', JSON.stringify(input))
    if (c.kind === 'invalid') assert.ok(c.reason.length > 0)
  }
})

test('names at the length limits are accepted', () => {
  const label63 = 'a'.repeat(63)
  const name253 = `${label63}.${label63}.${label63}.${'b'.repeat(57)}.com`
  assert.equal(name253.length, 253)
  assert.equal(classifyDomain(name253).kind, 'real')
  assert.equal(classifyDomain(`${name253}.`).kind, 'real', 'a trailing dot does not count')
  assert.equal(classifyDomain(`${label63}.com`).kind, 'real')
})
