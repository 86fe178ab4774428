import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ResolveDomainInput, ResolvedDomain } from '../../../node/domain/resolve.js'
import { resolveDomain } from '../../../node/domain/resolve.js'
import { isAppError } from '../../../sdk/contract/errors.js'

// Machine A has 10.0.0.1 on its LAN; machine B has 192.168.1.5; machine C is IPv6-only.
const A = { detected: '10.0.0.1', localIps: ['127.0.0.1', '::1', '10.0.0.1', '172.17.0.1'] }
const B = { detected: '192.168.1.5', localIps: ['127.0.0.1', '192.168.1.5'] }
const C = { detected: '2001:db8::5', localIps: ['::1', '2001:db8::5'] }

test('docs/domains.md#which-domain-is-served table: what is served and what is stored', () => {
  const rows: [name: string, input: ResolveDomainInput, want: ResolvedDomain][] = [
    [
      'no domain -> detected <ip>.nip.io, stored',
      { ...A },
      { domain: '10.0.0.1.nip.io', source: 'detected', store: '10.0.0.1.nip.io' },
    ],
    [
      'no domain, IPv6 only -> dashed sslip.io',
      { ...C },
      { domain: '2001-db8--5.sslip.io', source: 'detected', store: '2001-db8--5.sslip.io' },
    ],
    [
      'empty stored counts as none',
      { ...A, stored: '' },
      { domain: '10.0.0.1.nip.io', source: 'detected', store: '10.0.0.1.nip.io' },
    ],
    [
      'flag wins and is stored',
      { ...A, stored: 'old.example', flag: 'zyt.app' },
      { domain: 'zyt.app', source: 'flag', store: 'zyt.app' },
    ],
    [
      'flag is normalised before storing',
      { ...A, flag: 'ZYT.APP.' },
      { domain: 'zyt.app', source: 'flag', store: 'zyt.app' },
    ],
    [
      'flag equal to stored needs no write',
      { ...A, stored: 'zyt.app', flag: 'zyt.app' },
      { domain: 'zyt.app', source: 'flag' },
    ],
    [
      'flag portable on this machine',
      { ...A, flag: 'app-10-0-0-1.nip.io' },
      { domain: 'app-10-0-0-1.nip.io', source: 'flag', store: 'app-10-0-0-1.nip.io' },
    ],
    [
      'flag localhost',
      { ...A, flag: 'localhost' },
      { domain: 'localhost', source: 'flag', store: 'localhost' },
    ],
    [
      'stored real zyt.app is never rewritten',
      { ...B, stored: 'zyt.app' },
      { domain: 'zyt.app', source: 'stored' },
    ],
    [
      'stored real, no DNS answer given -> no warning',
      { ...A, stored: 'zyt.app' },
      { domain: 'zyt.app', source: 'stored' },
    ],
    [
      'stored real resolving here -> no warning',
      { ...B, stored: 'zyt.app', resolvedIps: ['192.168.1.5'] },
      { domain: 'zyt.app', source: 'stored' },
    ],
    ['stored localhost is kept', { ...B, stored: 'localhost' }, { domain: 'localhost', source: 'stored' }],
    [
      'stored dotted on this machine is kept',
      { ...A, stored: '10.0.0.1.nip.io' },
      { domain: '10.0.0.1.nip.io', source: 'stored' },
    ],
    [
      'stored dashed on this machine is kept',
      { ...A, stored: '10-0-0-1.nip.io' },
      { domain: '10-0-0-1.nip.io', source: 'stored' },
    ],
    [
      'stored hex on this machine is kept',
      { ...A, stored: '0a000001.nip.io' },
      { domain: '0a000001.nip.io', source: 'stored' },
    ],
    [
      'stored on a non-default local address is kept',
      { ...A, stored: '172.17.0.1.nip.io' },
      { domain: '172.17.0.1.nip.io', source: 'stored' },
    ],
    [
      'stored loopback always belongs here',
      { ...B, stored: '127.0.0.1.nip.io' },
      { domain: '127.0.0.1.nip.io', source: 'stored' },
    ],
    [
      'stored bare IP on this machine is kept',
      { ...A, stored: '10.0.0.1' },
      { domain: '10.0.0.1', source: 'stored' },
    ],
    [
      'stored IPv6 literal on this machine is kept',
      { ...C, stored: '2001:DB8::5' },
      { domain: '2001:db8::5', source: 'stored' },
    ],
    [
      'stored uppercase with trailing dot is normalised',
      { ...A, stored: 'APP.10.0.0.1.NIP.IO.' },
      { domain: 'app.10.0.0.1.nip.io', source: 'stored' },
    ],
    [
      'moved: dotted rewritten, not stored',
      { ...B, stored: '10.0.0.1.nip.io' },
      { domain: '192.168.1.5.nip.io', source: 'detected', rewrittenFrom: '10.0.0.1.nip.io' },
    ],
    [
      'moved: dashed keeps dashes',
      { ...B, stored: '10-0-0-1.nip.io' },
      { domain: '192-168-1-5.nip.io', source: 'detected', rewrittenFrom: '10-0-0-1.nip.io' },
    ],
    [
      'moved: hex keeps hex',
      { ...B, stored: '0a000001.nip.io' },
      { domain: 'c0a80105.nip.io', source: 'detected', rewrittenFrom: '0a000001.nip.io' },
    ],
    [
      'moved: prefix kept',
      { ...B, stored: 'app.10.0.0.1.nip.io' },
      { domain: 'app.192.168.1.5.nip.io', source: 'detected', rewrittenFrom: 'app.10.0.0.1.nip.io' },
    ],
    [
      'moved: dash prefix kept',
      { ...B, stored: 'app-10-0-0-1.nip.io' },
      { domain: 'app-192-168-1-5.nip.io', source: 'detected', rewrittenFrom: 'app-10-0-0-1.nip.io' },
    ],
    [
      'moved: sslip.io kept',
      { ...B, stored: '10.0.0.1.sslip.io' },
      { domain: '192.168.1.5.sslip.io', source: 'detected', rewrittenFrom: '10.0.0.1.sslip.io' },
    ],
    [
      'moved: bare IP rewritten',
      { ...B, stored: '10.0.0.1' },
      { domain: '192.168.1.5', source: 'detected', rewrittenFrom: '10.0.0.1' },
    ],
    [
      'moved: IPv6 dashed rewritten',
      { ...B, stored: '2001-db8--5.sslip.io' },
      { domain: '192-168-1-5.sslip.io', source: 'detected', rewrittenFrom: '2001-db8--5.sslip.io' },
    ],
    [
      'moved to IPv6-only machine',
      { ...C, stored: '10.0.0.1.nip.io' },
      { domain: '2001-db8--5.sslip.io', source: 'detected', rewrittenFrom: '10.0.0.1.nip.io' },
    ],
  ]
  for (const [name, input, want] of rows) assert.deepEqual(resolveDomain(input), want, name)
})

test('there and back: a move serves the new address and moving back restores the stored domain', () => {
  // First start on A: nothing stored.
  let stored: string | undefined
  const start = (machine: typeof A, flag?: string) => {
    const r = resolveDomain({ ...machine, stored, flag })
    if (r.store !== undefined) stored = r.store
    return r.domain
  }
  assert.equal(start(A), '10.0.0.1.nip.io')
  assert.equal(stored, '10.0.0.1.nip.io')
  // Copied to B: served under B's address, the database still says A's.
  assert.equal(start(B), '192.168.1.5.nip.io')
  assert.equal(stored, '10.0.0.1.nip.io')
  assert.equal(start(B), '192.168.1.5.nip.io', 'a second start on B is the same')
  // Back on A: restored.
  assert.equal(start(A), '10.0.0.1.nip.io')
  assert.equal(stored, '10.0.0.1.nip.io')
})

test('there and back keeps a user-chosen portable form and prefix', () => {
  let stored: string | undefined
  const start = (machine: typeof A, flag?: string) => {
    const r = resolveDomain({ ...machine, stored, flag })
    if (r.store !== undefined) stored = r.store
    return r
  }
  assert.equal(start(A, 'my-app-0a000001.nip.io').source, 'flag')
  assert.deepEqual(start(B), {
    domain: 'my-app-c0a80105.nip.io',
    source: 'detected',
    rewrittenFrom: 'my-app-0a000001.nip.io',
  })
  assert.deepEqual(start(A), { domain: 'my-app-0a000001.nip.io', source: 'stored' })
})

test('a flag given on the new machine replaces the stored domain for good', () => {
  let stored: string | undefined = '10.0.0.1.nip.io'
  const r = resolveDomain({ ...B, stored, flag: 'zyt.app' })
  stored = r.store ?? stored
  assert.equal(stored, 'zyt.app')
  assert.deepEqual(resolveDomain({ ...A, stored }), { domain: 'zyt.app', source: 'stored' })
})

test('warnings: real domain not resolving here, foreign flag IP, unreadable stored value, nothing detected', () => {
  const warned = (input: ResolveDomainInput, pattern: RegExp) => {
    const r = resolveDomain(input)
    assert.match(r.warning ?? '', pattern, JSON.stringify(input))
    return r
  }
  let r = warned(
    { ...B, stored: 'zyt.app', resolvedIps: ['203.0.113.9'] },
    /zyt\.app resolves to 203\.0\.113\.9/,
  )
  assert.equal(r.domain, 'zyt.app', 'a real domain only warns, never changes')
  warned({ ...B, stored: 'zyt.app', resolvedIps: [] }, /does not resolve/)
  warned({ ...B, flag: 'zyt.app', resolvedIps: ['203.0.113.9'] }, /not to an address of this machine/)
  r = warned({ ...B, flag: '10.0.0.1.nip.io' }, /not an address of this machine/)
  assert.deepEqual(
    [r.domain, r.source, r.store],
    ['10.0.0.1.nip.io', 'flag', '10.0.0.1.nip.io'],
    'the flag still wins',
  )

  r = warned({ ...B, stored: '999.1.1.1.nip.io' }, /stored domain "999\.1\.1\.1\.nip\.io" ignored/)
  assert.deepEqual(
    [r.domain, r.source, r.store],
    ['192.168.1.5.nip.io', 'detected', undefined],
    'bad stored value is left alone',
  )

  r = warned({ detected: undefined, localIps: [] }, /no network address detected/)
  assert.deepEqual([r.domain, r.store], ['127.0.0.1.nip.io', '127.0.0.1.nip.io'])
  r = warned({ detected: undefined, localIps: [], stored: '10.0.0.1.nip.io' }, /no address was detected/)
  assert.deepEqual([r.domain, r.source, r.store], ['10.0.0.1.nip.io', 'stored', undefined])
})

test('an unusable --domain is INVALID_ARGUMENT, never stored', () => {
  const bad = [
    '',
    ' ',
    '..',
    'a'.repeat(300),
    '1.2.3.4.5',
    '999.1.1.1.nip.io',
    'https://zyt.app',
    'zyt.app:8080',
  ]
  for (const flag of bad) {
    assert.throws(
      () => resolveDomain({ ...A, flag, stored: 'zyt.app' }),
      (e) => isAppError(e) && e.code === 'INVALID_ARGUMENT' && e.message.includes('--domain'),
      JSON.stringify(flag),
    )
  }
})
