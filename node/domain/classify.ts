import { domainToASCII } from 'node:url'
import type { IpFamily } from './ip.js'
import { octetsToIpv4, parseIp } from './ip.js'

// docs/domains.md#kinds-of-domain: a domain is real, portable (an IP, or an IP under a wildcard-DNS suffix) or localhost.
// Pure: no DNS, no I/O. Input that is none of these is `invalid` (with a reason) rather than thrown,
// so callers choose: the --domain flag turns it into an error, a bad stored value into a warning.

/** Wildcard-DNS services that answer `<ip>.<suffix>` with <ip>. */
export const WILDCARD_SUFFIXES = ['nip.io', 'sslip.io'] as const
export type WildcardSuffix = (typeof WILDCARD_SUFFIXES)[number]

/**
 * How the IP is spelled: `literal` (the domain is the IP), `dotted` (`10.0.0.1.nip.io`),
 * `dashed` (`10-0-0-1.nip.io`, IPv6 `2001-db8--1.sslip.io`) or `hex` (`0a000001.nip.io`, IPv4 only).
 */
export type PortableForm = 'literal' | 'dotted' | 'dashed' | 'hex'

export interface RealDomain {
  kind: 'real'
  domain: string
}
export interface LocalhostDomain {
  kind: 'localhost'
  domain: string
}
export interface PortableDomain {
  kind: 'portable'
  domain: string
  ip: string
  family: IpFamily
  form: PortableForm
  /** Text before the IP, separator included: '', 'app.', 'app-', 'a.b-'. Kept verbatim on rewrite. */
  prefix: string
  /** null for a literal. */
  suffix: WildcardSuffix | null
}
export interface InvalidDomain {
  kind: 'invalid'
  input: string
  reason: string
}
export type DomainClass = RealDomain | LocalhostDomain | PortableDomain | InvalidDomain

const MAX_NAME = 253
const LABEL = /^[a-z0-9-]{1,63}$/
// Real names follow RFC 1123 strictly; wildcard names relax the hyphen rule because sslip.io spells
// IPv6 with leading or doubled dashes (`--1.sslip.io` is ::1).
const STRICT_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/
const HEX_IPV4 = /^[0-9a-f]{8}$/

/** Trim, lower-case, ignore one trailing dot (the same normalisation as Host routing, docs/routing.md#hosts). */
export function normalizeDomain(input: string): string {
  const s = input.trim().toLowerCase()
  return s.endsWith('.') ? s.slice(0, -1) : s
}

export function classifyDomain(input: string): DomainClass {
  const invalid = (reason: string): InvalidDomain => ({ kind: 'invalid', input, reason })
  let name = normalizeDomain(input)
  if (name === '') return invalid('empty domain')

  // An IP literal first: IPv6 contains ':' which no host name may.
  const literal = parseIp(name)
  if (literal !== undefined) {
    return { kind: 'portable', domain: literal.ip, ...literal, form: 'literal', prefix: '', suffix: null }
  }
  if (name.includes(':') || name.includes('/')) return invalid('not a host name (no scheme, port or path)')

  // Internationalised names are kept in their ASCII (punycode) spelling, which is what Host carries.
  if (/[^\p{ASCII}]/u.test(name)) {
    const ascii = domainToASCII(name)
    if (ascii === '') return invalid('not a valid internationalised domain name')
    name = ascii
  }
  if (name.length > MAX_NAME) return invalid(`longer than ${MAX_NAME} characters`)
  const labels = name.split('.')
  if (labels.some((l) => !LABEL.test(l))) {
    return invalid('each label must be 1-63 characters of a-z, 0-9 and -')
  }

  if (name === 'localhost' || name.endsWith('.localhost')) return { kind: 'localhost', domain: name }

  const suffix = WILDCARD_SUFFIXES.find((s) => name.endsWith(`.${s}`))
  if (suffix !== undefined) {
    const found = parseWildcard(name.slice(0, -(suffix.length + 1)), suffix)
    return found ?? invalid(`under ${suffix} but names no IP address`)
  }

  if (labels.some((l) => !STRICT_LABEL.test(l))) return invalid('a label may not start or end with -')
  // An all-numeric top-level label is never a real TLD: this is a mistyped IP (`1.2.3`, `999.1.1.1`).
  if (/^\d+$/.test(labels.at(-1) ?? '')) return invalid('looks like an IP address but is not one')
  return { kind: 'real', domain: name }
}

/**
 * Find the IP in the part before the suffix, the way nip.io does: the rightmost match wins, so
 * `1.2.3.4.5.nip.io` is 2.3.4.5 with prefix `1.` (that is what it resolves to).
 * A dashed label can read as both IPv6 and IPv4-with-prefix (`1-2-3-4-5-6-7-8`). Under sslip.io, the
 * IPv6 service, a label that is wholly an IPv6 address is one: that keeps every name we generate
 * (`wildcardDomain`, `rewriteDomain`) round-tripping, e.g. `2001-db8-1-2-3-4-5-6.sslip.io`. nip.io
 * has no IPv6, so there IPv4 wins (5.6.7.8 with prefix `1-2-3-4-`).
 */
function parseWildcard(rest: string, suffix: WildcardSuffix): PortableDomain | undefined {
  const labels = rest.split('.')
  const make = (ip: string, family: IpFamily, form: PortableForm, prefix: string): PortableDomain => {
    // The name as given (normalised), not re-spelled: Host routing must match what users type, and a
    // non-canonical IPv6 spelling (`2001-0db8-0-0-0-0-0-1`) is still the same address.
    return { kind: 'portable', domain: `${rest}.${suffix}`, ip, family, form, prefix, suffix }
  }

  const dotted = octetsToIpv4(labels.slice(-4))
  if (labels.length >= 4 && dotted !== undefined) {
    return checked(make(dotted, 4, 'dotted', joinPrefix(labels.slice(0, -4), '')))
  }

  const last = labels.at(-1) ?? ''
  const before = labels.slice(0, -1)
  const v6 = wholeLabelIpv6(last)
  const asV6 = () => (v6 === undefined ? undefined : checked(make(v6, 6, 'dashed', joinPrefix(before, ''))))
  if (suffix === 'sslip.io' && v6 !== undefined) return asV6()

  const dashes = last.split('-')
  const dashed = dashes.length >= 4 ? octetsToIpv4(dashes.slice(-4)) : undefined
  if (dashed !== undefined) {
    const inLabel = dashes.length > 4 ? `${dashes.slice(0, -4).join('-')}-` : ''
    return checked(make(dashed, 4, 'dashed', joinPrefix(before, inLabel)))
  }

  const hex = dashes.at(-1) ?? ''
  if (HEX_IPV4.test(hex)) {
    const n = Number.parseInt(hex, 16)
    const ip = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
    const inLabel = dashes.length > 1 ? `${dashes.slice(0, -1).join('-')}-` : ''
    return checked(make(ip, 4, 'hex', joinPrefix(before, inLabel)))
  }

  return asV6()
}

/** IPv6 only as a whole label: a dash-joined prefix would be ambiguous with the address's own dashes. */
function wholeLabelIpv6(label: string): string | undefined {
  if (!label.includes('--') && label.split('-').length !== 8) return undefined
  const p = parseIp(label.replaceAll('-', ':'))
  return p?.family === 6 ? p.ip : undefined
}

/** Prefix labels must themselves be sane host labels (no leading/trailing dash). */
function checked(p: PortableDomain): PortableDomain | undefined {
  const labels = p.prefix.split('.').slice(0, -1)
  const inLabel = p.prefix.split('.').at(-1) ?? ''
  if (labels.some((l) => !STRICT_LABEL.test(l))) return undefined
  if (inLabel !== '' && !/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?-$/.test(inLabel)) return undefined
  return p
}

function joinPrefix(labels: readonly string[], inLabel: string): string {
  return labels.length === 0 ? inLabel : `${labels.join('.')}.${inLabel}`
}

/** Spell `ip` in the form, prefix and suffix of `p`. Caller guarantees ip's family fits the form. */
export function formatPortable(p: Pick<PortableDomain, 'form' | 'prefix' | 'suffix'>, ip: string): string {
  let body: string
  switch (p.form) {
    case 'literal':
      return ip
    case 'dotted':
      body = ip
      break
    case 'dashed':
      body = ip.replaceAll(ip.includes(':') ? ':' : '.', '-')
      break
    case 'hex':
      body = ip
        .split('.')
        .map((o) => Number(o).toString(16).padStart(2, '0'))
        .join('')
      break
  }
  return `${p.prefix}${body}.${p.suffix ?? 'nip.io'}`
}
