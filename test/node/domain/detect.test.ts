import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Interfaces } from '../../../node/domain/detect.js'
import {
  detectAddresses,
  isSkippedInterface,
  localIps,
  pickAddress,
  rankAddresses,
} from '../../../node/domain/detect.js'
import type { DefaultRoute } from '../../../node/domain/proc-route.js'

const v4 = (address: string, cidr?: string) => ({ address, cidr: cidr ?? `${address}/24`, internal: false })
const v6 = (address: string, scopeid = 0) => ({ address, cidr: `${address}/64`, scopeid, internal: false })
const lo = [
  { address: '127.0.0.1', cidr: '127.0.0.1/8', internal: true },
  { address: '::1', cidr: '::1/128', scopeid: 0, internal: true },
]
const route = (iface: string, gateway?: string, metric = 100): DefaultRoute =>
  gateway === undefined ? { iface, family: 4, metric } : { iface, family: 4, gateway, metric }

test('pickAddress table', () => {
  const rows: [
    name: string,
    ifs: Interfaces,
    routes: DefaultRoute[],
    want: [ip: string, iface: string, reason: string] | undefined,
  ][] = [
    [
      'default route on eth0',
      { lo, eth0: [v4('192.168.1.5'), v6('fe80::1', 2)] },
      [route('eth0', '192.168.1.1')],
      ['192.168.1.5', 'eth0', 'default-route'],
    ],
    [
      'docker0 present is ignored',
      { lo, docker0: [v4('172.17.0.1')], eth0: [v4('192.168.1.5')] },
      [route('eth0', '192.168.1.1')],
      ['192.168.1.5', 'eth0', 'default-route'],
    ],
    [
      'docker0 and veth never picked even without routes',
      { lo, docker0: [v4('172.17.0.1')], veth12ab: [v4('172.17.0.2')], 'br-3f2a': [v4('172.18.0.1')] },
      [],
      ['127.0.0.1', 'lo', 'loopback'],
    ],
    ['only loopback', { lo }, [], ['127.0.0.1', 'lo', 'loopback']],
    ['only IPv6 loopback', { lo: [{ address: '::1', internal: true }] }, [], ['::1', 'lo', 'loopback']],
    [
      'link-local only is never picked',
      { eth0: [v4('169.254.10.20', '169.254.10.20/16'), v6('fe80::abcd', 2)] },
      [route('eth0')],
      undefined,
    ],
    [
      'link-local next to loopback: loopback',
      { lo, eth0: [v4('169.254.10.20', '169.254.10.20/16')] },
      [route('eth0')],
      ['127.0.0.1', 'lo', 'loopback'],
    ],
    [
      'VPN default route skipped, next default route used',
      { lo, eth0: [v4('192.168.1.5')], tun0: [v4('10.8.0.6')] },
      [route('tun0', undefined, 0), route('eth0', '192.168.1.1', 600)],
      ['192.168.1.5', 'eth0', 'default-route'],
    ],
    [
      'VPN default route skipped, falls to private',
      { lo, wlan0: [v4('192.168.1.5')], wg0: [v4('10.66.0.2')] },
      [route('wg0')],
      ['192.168.1.5', 'wlan0', 'private'],
    ],
    [
      'tailscale address is never the domain',
      { lo, tailscale0: [v4('100.101.102.103', '100.101.102.103/32')], eth0: [v4('10.0.0.4')] },
      [],
      ['10.0.0.4', 'eth0', 'private'],
    ],
    [
      'public beats private without a default route',
      { lo, eth1: [v4('10.0.0.4')], eth0: [v4('203.0.113.7')] },
      [],
      ['203.0.113.7', 'eth0', 'public'],
    ],
    [
      'default route beats a public address elsewhere',
      { lo, eth0: [v4('10.0.0.4')], eth1: [v4('203.0.113.7')] },
      [route('eth0', '10.0.0.1')],
      ['10.0.0.4', 'eth0', 'default-route'],
    ],
    [
      'public IPv4 before public IPv6',
      { lo, eth0: [v6('2001:db8::5'), v4('203.0.113.7')] },
      [],
      ['203.0.113.7', 'eth0', 'public'],
    ],
    [
      'public IPv6 before private IPv4',
      { lo, eth0: [v4('10.0.0.4'), v6('2001:db8::5')] },
      [],
      ['2001:db8::5', 'eth0', 'public'],
    ],
    ['unique-local IPv6 is private', { lo, eth0: [v6('fd12::5')] }, [], ['fd12::5', 'eth0', 'private']],
    [
      'carrier-grade NAT counts as private',
      { lo, eth0: [v4('100.64.3.4')], eth1: [v4('203.0.113.7')] },
      [],
      ['203.0.113.7', 'eth1', 'public'],
    ],
    [
      'lowest metric default route wins',
      { lo, eth0: [v4('192.168.1.5')], wlan0: [v4('192.168.2.5')] },
      [route('wlan0', '192.168.2.1', 600), route('eth0', '192.168.1.1', 100)],
      ['192.168.1.5', 'eth0', 'default-route'],
    ],
    [
      'on the route interface, the address in the gateway subnet',
      { lo, eth0: [v4('10.9.9.9'), v4('192.168.1.5')] },
      [route('eth0', '192.168.1.1')],
      ['192.168.1.5', 'eth0', 'default-route'],
    ],
    [
      'IPv6-only default route',
      { lo, eth0: [v6('fe80::1', 2), v6('2001:db8::5')] },
      [{ iface: 'eth0', family: 6, gateway: 'fe80::1', metric: 1024 }],
      ['2001:db8::5', 'eth0', 'default-route'],
    ],
    [
      'IPv4 default route before IPv6 default route',
      { lo, eth0: [v6('2001:db8::5'), v4('192.168.1.5')] },
      [{ iface: 'eth0', family: 6, metric: 1 }, route('eth0', '192.168.1.1', 100)],
      ['192.168.1.5', 'eth0', 'default-route'],
    ],
    [
      'default route on an interface without addresses falls through',
      { lo, eth0: [v4('192.168.1.5')] },
      [route('ppp0')],
      ['192.168.1.5', 'eth0', 'private'],
    ],
    [
      'br0 (host LAN bridge) is not skipped',
      { lo, br0: [v4('192.168.1.5')] },
      [route('br0', '192.168.1.1')],
      ['192.168.1.5', 'br0', 'default-route'],
    ],
    [
      'an entry with a null cidr still counts',
      { eth0: [{ address: '192.168.1.5', cidr: null, internal: false }] },
      [route('eth0', '192.168.1.1')],
      ['192.168.1.5', 'eth0', 'default-route'],
    ],
  ]
  for (const [name, ifs, routes, want] of rows) {
    const got = pickAddress(ifs, routes)
    assert.deepEqual(got === undefined ? undefined : [got.ip, got.iface, got.reason], want, name)
  }
})

test('rankAddresses lists every usable address once, best first', () => {
  const ifs: Interfaces = {
    lo,
    eth0: [v4('192.168.1.5'), v6('2001:db8::5'), v6('fe80::1', 2)],
    docker0: [v4('172.17.0.1')],
  }
  const got = rankAddresses(ifs, [route('eth0', '192.168.1.1')]).map((a) => `${a.ip} ${a.reason}`)
  assert.deepEqual(got, [
    '192.168.1.5 default-route',
    '2001:db8::5 public',
    '127.0.0.1 loopback',
    '::1 loopback',
  ])
})

test('interfaces that are not how others reach this machine are skipped', () => {
  const skipped = [
    'docker0',
    'br-3f2a1b',
    'virbr0',
    'veth1a2b',
    'tun0',
    'tap0',
    'wg0',
    'tailscale0',
    'zt7nnig26',
    'utun3',
    'cni0',
    'flannel.1',
    'lxcbr0',
    'vmnet8',
  ]
  const kept = ['eth0', 'enp3s0', 'wlan0', 'wlp2s0', 'br0', 'bond0', 'en0', 'lo', 'ppp0']
  for (const n of skipped) assert.equal(isSkippedInterface(n), true, n)
  for (const n of kept) assert.equal(isSkippedInterface(n), false, n)
})

test('localIps lists every address of the machine, canonical, including skipped interfaces', () => {
  const ifs: Interfaces = {
    lo,
    eth0: [v4('192.168.1.5'), v6('2001:DB8:0::5')],
    docker0: [v4('172.17.0.1')],
    eth1: undefined,
  }
  assert.deepEqual(
    localIps(ifs).sort(),
    ['127.0.0.1', '172.17.0.1', '192.168.1.5', '2001:db8::5', '::1'].sort(),
  )
})

test('detectAddresses reads /proc routes through the injected reader and needs no network', () => {
  const files: Record<string, string> = {
    '/proc/net/route':
      'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n' +
      'tun0\t00000000\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0\n' +
      'eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n',
  }
  const got = detectAddresses({
    networkInterfaces: () => ({ lo, tun0: [v4('10.8.0.6')], eth0: [v4('192.168.1.5')] }),
    readFile: (p) => files[p],
  })
  assert.deepEqual(got.detected, { ip: '192.168.1.5', family: 4, iface: 'eth0', reason: 'default-route' })
  assert.ok(got.localIps.includes('10.8.0.6'))
})

test('detectAddresses without /proc (macOS) still ranks by address', () => {
  const got = detectAddresses({
    networkInterfaces: () => ({ lo0: lo, en0: [v4('192.168.1.5')], utun3: [v6('fd7a:115c::1')] }),
    readFile: () => undefined,
  })
  assert.equal(got.detected?.ip, '192.168.1.5')
})
