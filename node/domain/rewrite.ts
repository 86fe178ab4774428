import { AppError } from '../../sdk/contract/errors.js'
import type { PortableDomain } from './classify.js'
import { classifyDomain, formatPortable } from './classify.js'
import { parseIp } from './ip.js'

/**
 * The default domain for an address (docs/domains.md#which-domain-is-served, "nothing stored"). IPv4 -> `<ip>.nip.io`. IPv6 ->
 * `<dashed>.sslip.io` (`2001:db8::1` -> `2001-db8--1.sslip.io`): nip.io answers IPv4 only, sslip.io
 * answers the dashed RFC 5952 spelling with an AAAA record, and a dotted IPv6 is impossible in DNS.
 */
export function wildcardDomain(ip: string): string {
  const p = parseIp(ip)
  if (p === undefined) throw new AppError('INVALID_ARGUMENT', `not an IP address: ${JSON.stringify(ip)}`)
  return p.family === 4
    ? formatPortable({ form: 'dotted', prefix: '', suffix: 'nip.io' }, p.ip)
    : formatPortable({ form: 'dashed', prefix: '', suffix: 'sslip.io' }, p.ip)
}

/**
 * The same domain pointing at `newIp`, keeping prefix, form and suffix. Real and localhost domains are
 * returned unchanged: they are never rewritten (docs/domains.md#kinds-of-domain). Throws INVALID_ARGUMENT for an invalid
 * domain or address, which only a programming error can produce (callers classify first).
 */
export function rewriteDomain(domain: string, newIp: string): string {
  const c = classifyDomain(domain)
  if (c.kind === 'invalid')
    throw new AppError('INVALID_ARGUMENT', `cannot rewrite ${JSON.stringify(domain)}: ${c.reason}`)
  if (c.kind !== 'portable') return c.domain
  return rewritePortable(c, newIp)
}

export function rewritePortable(p: PortableDomain, newIp: string): string {
  const ip = parseIp(newIp)
  if (ip === undefined) throw new AppError('INVALID_ARGUMENT', `not an IP address: ${JSON.stringify(newIp)}`)
  if (p.form === 'literal') return ip.ip
  // nip.io answers IPv4 only, so an IPv6 name always goes to sslip.io (which also keeps it classifiable).
  if (ip.family === 6 && p.family === 6) return formatPortable({ ...p, suffix: 'sslip.io' }, ip.ip)
  if (ip.family === p.family) return formatPortable(p, ip.ip)
  if (ip.family === 4) {
    // IPv6 dashed -> IPv4 dashed: same suffix and prefix, both services answer IPv4.
    return formatPortable({ ...p, form: 'dashed' }, ip.ip)
  }
  // IPv4 -> IPv6: only the dashed spelling on sslip.io can carry it. A dash-joined prefix (`app-`)
  // would run into the address's own dashes, so it becomes a label of its own (`app.`).
  const prefix = p.prefix.endsWith('-') ? `${p.prefix.slice(0, -1)}.` : p.prefix
  return formatPortable({ form: 'dashed', prefix, suffix: 'sslip.io' }, ip.ip)
}
