import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseProcIpv6Route, parseProcRoute } from '../../../node/domain/proc-route.js'

const HEADER = 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT'

test('/proc/net/route yields only default routes that are up, with little-endian gateways', () => {
  const text = [
    HEADER,
    'eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0',
    'eth0\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0', // 192.168.1.0/24: not default
    'wlan0\t00000000\t0102A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0',
    'tun0\t00000000\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0', // point-to-point: no gateway
    'eth9\t00000000\t0101A8C0\t0002\t0\t0\t0\t00000000\t0\t0\t0', // not RTF_UP
    'blk0\t00000000\t00000000\t0201\t0\t0\t0\t00000000\t0\t0\t0', // RTF_REJECT
    'tun1\t00000000\t00000000\t0001\t0\t0\t0\t00000080\t0\t0\t0', // 0.0.0.0/1 (OpenVPN def1): not default
    'garbage line',
    '',
  ].join('\n')
  assert.deepEqual(parseProcRoute(text), [
    { iface: 'eth0', family: 4, metric: 100, gateway: '192.168.1.1' },
    { iface: 'wlan0', family: 4, metric: 600, gateway: '192.168.2.1' },
    { iface: 'tun0', family: 4, metric: 0 },
  ])
})

test('/proc/net/ipv6_route yields default routes, skipping the unreachable ones on lo', () => {
  const z = '0'.repeat(32)
  const text = [
    `${z} 00 ${z} 00 fe800000000000000000000000000001 00000400 00000001 00000000 00000003     eth0`,
    `20010db8000000000000000000000000 40 ${z} 00 ${z} 00000100 00000001 00000000 00000001     eth0`,
    `${z} 00 ${z} 00 ${z} ffffffff 00000001 00000000 00200200       lo`,
    `${z} 00 ${z} 00 ${z} 00000064 00000001 00000000 00000001     wg0`,
  ].join('\n')
  assert.deepEqual(parseProcIpv6Route(text), [
    { iface: 'eth0', family: 6, metric: 1024, gateway: 'fe80::1' },
    { iface: 'wg0', family: 6, metric: 100 },
  ])
})

test('empty or unreadable tables yield no routes', () => {
  assert.deepEqual(parseProcRoute(''), [])
  assert.deepEqual(parseProcRoute(HEADER), [])
  assert.deepEqual(parseProcIpv6Route(''), [])
  assert.deepEqual(parseProcIpv6Route('not a table'), [])
})
