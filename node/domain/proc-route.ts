import { normalizeIp } from './ip.js'

// Parsers for Linux's routing tables as exposed in /proc. Pure: text in, default routes out.
// Reading the table needs no network and no DNS, unlike "connect a UDP socket to 8.8.8.8 and look at
// the source address", which fails offline and leaks a packet.

export interface DefaultRoute {
  iface: string
  family: 4 | 6
  /** Next hop, when there is one (used to pick the address in the gateway's subnet). */
  gateway?: string
  metric: number
}

const RTF_UP = 0x0001
const RTF_REJECT = 0x0200

/**
 * /proc/net/route: a header, then `Iface Destination Gateway Flags RefCnt Use Metric Mask ...`
 * with addresses as little-endian hex (`0100A8C0` is 192.168.0.1).
 */
export function parseProcRoute(text: string): DefaultRoute[] {
  const out: DefaultRoute[] = []
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/)
    const [iface, dest, gw, flags, , , metric, mask] = f
    if (iface === undefined || mask === undefined || metric === undefined || flags === undefined) continue
    if (dest !== '00000000' || mask !== '00000000') continue
    const fl = Number.parseInt(flags, 16)
    if (!(fl & RTF_UP) || fl & RTF_REJECT) continue
    const route: DefaultRoute = { iface, family: 4, metric: Number.parseInt(metric, 10) || 0 }
    const g = gw === undefined ? undefined : leHexToIpv4(gw)
    if (g !== undefined && g !== '0.0.0.0') route.gateway = g
    out.push(route)
  }
  return out
}

/**
 * /proc/net/ipv6_route: no header; `dest destlen src srclen nexthop metric refcnt use flags iface`,
 * addresses as 32 hex digits, numbers in hex. The kernel lists unreachable defaults on `lo`
 * (RTF_REJECT); those are not routes out.
 */
export function parseProcIpv6Route(text: string): DefaultRoute[] {
  const out: DefaultRoute[] = []
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/)
    if (f.length < 10) continue
    const [dest, destLen, , , nextHop, metric, , , flags, iface] = f
    if (iface === undefined || flags === undefined || metric === undefined || nextHop === undefined) continue
    if (dest !== '0'.repeat(32) || destLen !== '00') continue
    const fl = Number.parseInt(flags, 16)
    if (!(fl & RTF_UP) || fl & RTF_REJECT || iface === 'lo') continue
    const route: DefaultRoute = { iface, family: 6, metric: Number.parseInt(metric, 16) || 0 }
    const g = hexToIpv6(nextHop)
    if (g !== undefined && g !== '::') route.gateway = g
    out.push(route)
  }
  return out
}

function leHexToIpv4(hex: string): string | undefined {
  if (!/^[0-9a-fA-F]{8}$/.test(hex)) return undefined
  const n = Number.parseInt(hex, 16)
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24].join('.')
}

function hexToIpv6(hex: string): string | undefined {
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return undefined
  const groups = hex.match(/.{4}/g) ?? []
  return normalizeIp(groups.join(':'))
}
