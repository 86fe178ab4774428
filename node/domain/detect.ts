import { readFileSync } from 'node:fs'
import { networkInterfaces } from 'node:os'
import type { IpFamily } from './ip.js'
import { inSubnet, ipScope, normalizeIp, parseIp } from './ip.js'
import type { DefaultRoute } from './proc-route.js'
import { parseProcIpv6Route, parseProcRoute } from './proc-route.js'

// Address detection (docs/domains.md#address-detection): the default route's address, then public, then private, then loopback;
// never link-local; never container, bridge, VPN or overlay interfaces. No network, no DNS.

/** The subset of os.NetworkInterfaceInfo we read, so tests can write plain objects. */
export interface InterfaceAddress {
  address: string
  internal?: boolean
  cidr?: string | null
  scopeid?: number
  mac?: string
}
export type Interfaces = Readonly<Record<string, readonly InterfaceAddress[] | undefined>>

export type AddressReason = 'default-route' | 'public' | 'private' | 'loopback'

export interface DetectedAddress {
  ip: string
  family: IpFamily
  iface: string
  reason: AddressReason
}

// Interfaces whose addresses are not how others reach this machine: container and VM bridges, veth
// pairs, VPN and overlay tunnels. A VPN's default route is skipped too, falling through to the next.
// `br0` is deliberately absent: it is usually the host's own LAN bridge; `br-<hash>` is docker's.
const SKIPPED =
  /^(?:docker|br-|virbr|veth|tun|tap|wg|tailscale|zt|utun|cni|flannel|lxc|lxdbr|vmnet|vboxnet|podman|cali|weave|kube-ipvs)/

export function isSkippedInterface(name: string): boolean {
  return SKIPPED.test(name)
}

interface Candidate {
  ip: string
  family: IpFamily
  iface: string
  cidr: string | undefined
}

/** Usable addresses per interface, in the order the OS lists them. */
function candidates(interfaces: Interfaces): Candidate[] {
  const out: Candidate[] = []
  for (const [iface, addrs] of Object.entries(interfaces)) {
    if (addrs === undefined || isSkippedInterface(iface)) continue
    for (const a of addrs) {
      const p = parseIp(a.address)
      if (p === undefined || (a.scopeid !== undefined && a.scopeid !== 0)) continue
      const scope = ipScope(p.ip)
      if (scope === 'link-local' || scope === 'unusable') continue
      out.push({ ...p, iface, cidr: a.cidr ?? undefined })
    }
  }
  return out
}

/**
 * Every usable address, best first: default route(s) by metric (IPv4 before IPv6; on the route's
 * interface the address in the gateway's subnet first), then public, private and loopback addresses,
 * IPv4 before IPv6 within each tier.
 */
export function rankAddresses(interfaces: Interfaces, routes: readonly DefaultRoute[]): DetectedAddress[] {
  const all = candidates(interfaces)
  const out: DetectedAddress[] = []
  const seen = new Set<string>()
  const add = (c: Candidate, reason: AddressReason) => {
    if (seen.has(c.ip)) return
    seen.add(c.ip)
    out.push({ ip: c.ip, family: c.family, iface: c.iface, reason })
  }

  const defaults = [...routes]
    .filter((r) => !isSkippedInterface(r.iface))
    .sort((a, b) => a.family - b.family || a.metric - b.metric)
  for (const r of defaults) {
    const mine = all.filter(
      (c) => c.iface === r.iface && c.family === r.family && ipScope(c.ip) !== 'loopback',
    )
    const gw = r.gateway
    const onLink = gw === undefined ? [] : mine.filter((c) => c.cidr !== undefined && inSubnet(gw, c.cidr))
    for (const c of [...onLink, ...mine]) add(c, 'default-route')
  }

  for (const tier of ['public', 'private', 'loopback'] as const) {
    for (const family of [4, 6] as const) {
      for (const c of all) if (c.family === family && ipScope(c.ip) === tier) add(c, tier)
    }
  }
  return out
}

export function pickAddress(
  interfaces: Interfaces,
  routes: readonly DefaultRoute[],
): DetectedAddress | undefined {
  return rankAddresses(interfaces, routes)[0]
}

/** Every address of this machine, canonical, on any interface (for "does this IP belong here"). */
export function localIps(interfaces: Interfaces): string[] {
  const out = new Set<string>()
  for (const addrs of Object.values(interfaces)) {
    for (const a of addrs ?? []) {
      const ip = normalizeIp(a.address)
      if (ip !== undefined) out.add(ip)
    }
  }
  return [...out]
}

export interface DetectDeps {
  networkInterfaces: () => Interfaces
  /** File text, or undefined when it cannot be read (no /proc on macOS, sandboxes). */
  readFile: (path: string) => string | undefined
}

export function readFileOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

export const systemDetectDeps: DetectDeps = { networkInterfaces, readFile: readFileOrUndefined }

export function readDefaultRoutes(readFile: DetectDeps['readFile']): DefaultRoute[] {
  return [
    ...parseProcRoute(readFile('/proc/net/route') ?? ''),
    ...parseProcIpv6Route(readFile('/proc/net/ipv6_route') ?? ''),
  ]
}

/** The thin impure edge: what this machine looks like right now. */
export function detectAddresses(deps: DetectDeps = systemDetectDeps): {
  detected: DetectedAddress | undefined
  localIps: string[]
} {
  const interfaces = deps.networkInterfaces()
  return {
    detected: pickAddress(interfaces, readDefaultRoutes(deps.readFile)),
    localIps: localIps(interfaces),
  }
}
