import ipaddr from 'ipaddr.js'

// Small IP helpers over ipaddr.js. IPv4 parsing is our own and strict (exactly four decimal octets,
// no leading zeros): ipaddr.js and inet_aton also accept `1.2.3`, `0x0a.1` and octal `010.0.0.1`,
// which would turn typos into addresses.

export type IpFamily = 4 | 6

/** Where an address sits for detection and for the "belongs to this machine" check. */
export type IpScope = 'public' | 'private' | 'loopback' | 'link-local' | 'unusable'

export interface ParsedIp {
  /** Canonical text: dotted quad, or RFC 5952 for IPv6 (lower-case, `::` compressed). */
  ip: string
  family: IpFamily
}

const OCTET = /^(?:0|[1-9]\d{0,2})$/

/** One decimal octet 0-255 without leading zeros, else undefined. */
export function parseOctet(text: string): number | undefined {
  if (!OCTET.test(text)) return undefined
  const n = Number(text)
  return n <= 255 ? n : undefined
}

/** Four octet strings -> dotted quad, else undefined. */
export function octetsToIpv4(parts: readonly string[]): string | undefined {
  if (parts.length !== 4) return undefined
  const out: number[] = []
  for (const p of parts) {
    const n = parseOctet(p)
    if (n === undefined) return undefined
    out.push(n)
  }
  return out.join('.')
}

/**
 * Parse an IP literal (IPv6 may be bracketed). IPv4-mapped IPv6 (`::ffff:a.b.c.d`) becomes the IPv4
 * address: it is the same host, and the dashed/dotted DNS forms cannot express the mapped spelling.
 */
export function parseIp(text: string): ParsedIp | undefined {
  const s = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text
  if (!s.includes(':')) {
    const v4 = octetsToIpv4(s.split('.'))
    return v4 === undefined ? undefined : { ip: v4, family: 4 }
  }
  // Zone ids (`fe80::1%eth0`) name an interface, not a host: not an address we can put in a domain.
  if (s.includes('%') || !ipaddr.IPv6.isValid(s)) return undefined
  const v6 = ipaddr.IPv6.parse(s)
  if (v6.isIPv4MappedAddress()) return { ip: v6.toIPv4Address().toString(), family: 4 }
  return { ip: v6.toRFC5952String(), family: 6 }
}

/** Canonical text of an address, or undefined if it is not one. */
export function normalizeIp(text: string): string | undefined {
  return parseIp(text)?.ip
}

export function ipScope(ip: string): IpScope {
  const p = parseIp(ip)
  if (p === undefined) return 'unusable'
  const range = ipaddr.parse(p.ip).range()
  switch (range) {
    case 'loopback':
      return 'loopback'
    case 'linkLocal':
      return 'link-local'
    case 'private':
    case 'carrierGradeNat':
    case 'uniqueLocal':
      return 'private'
    case 'unspecified':
    case 'multicast':
    case 'broadcast':
      return 'unusable'
    default:
      // unicast, and the special-purpose blocks (documentation, benchmarking, 6to4, ...): routable
      // enough to be somebody's address, so ranked with public ones.
      return 'public'
  }
}

/** True if `ip` lies in the subnet `cidr` (e.g. from os.networkInterfaces()). */
export function inSubnet(ip: string, cidr: string): boolean {
  try {
    const [net, bits] = ipaddr.parseCIDR(cidr)
    const addr = ipaddr.parse(ip)
    return addr.kind() === net.kind() && addr.match(net, bits)
  } catch {
    return false
  }
}

/**
 * Does `ip` belong to this machine? Loopback addresses always do (the whole 127/8 answers locally on
 * every machine, so a domain on one never means "some other host").
 */
export function isLocalIp(ip: string, localIps: readonly string[]): boolean {
  const p = parseIp(ip)
  if (p === undefined) return false
  if (ipScope(p.ip) === 'loopback') return true
  return localIps.some((l) => normalizeIp(l) === p.ip)
}
