import { AppError } from '../../sdk/contract/errors.js'
import type { PortableDomain } from './classify.js'
import { classifyDomain } from './classify.js'
import { isLocalIp } from './ip.js'
import { rewritePortable, wildcardDomain } from './rewrite.js'

// docs/domains.md#which-domain-is-served: which domain a node serves at start, and what (if anything) to persist. Pure: the caller
// passes the detected address, this machine's addresses and, optionally, a DNS answer it obtained.

export type DomainSource = 'flag' | 'stored' | 'detected'

export interface ResolveDomainInput {
  /** `--domain` as given. */
  flag?: string | undefined
  /** The node's stored domain setting. */
  stored?: string | undefined
  /** The picked address of this machine (`pickAddress(...)?.ip`). */
  detected: string | undefined
  /** Every address of this machine. */
  localIps: readonly string[]
  /** Addresses the real domain (flag or stored) resolves to, if the caller looked; never looked up here. */
  resolvedIps?: readonly string[] | undefined
}

export interface ResolvedDomain {
  domain: string
  source: DomainSource
  /** Persist this as the stored domain; absent means leave the stored value exactly as it is. */
  store?: string
  /** The stored portable domain that was rewritten because its IP is not on this machine (it moved). */
  rewrittenFrom?: string
  warning?: string
}

/** Used when nothing at all was detected: a node must still come up and be reachable locally. */
const FALLBACK_IP = '127.0.0.1'

/**
 * Store semantics (docs/domains.md#which-domain-is-served: the stored value is kept so that moving back restores it):
 * - a flag is stored (only when it differs from what is stored);
 * - a first start with nothing stored stores the detected default, so later starts keep it while the
 *   address stays on this machine, even if another interface becomes the default route;
 * - a stored portable domain rewritten because the node moved is NOT stored: the original stays in the
 *   database, and starting on the original machine again serves it unchanged;
 * - a stored value that cannot be parsed is left alone (warned about), never silently replaced.
 * Throws INVALID_ARGUMENT only for an unusable --domain.
 */
export function resolveDomain(input: ResolveDomainInput): ResolvedDomain {
  const { flag, stored, detected, localIps, resolvedIps } = input

  if (flag !== undefined) {
    const c = classifyDomain(flag)
    if (c.kind === 'invalid') {
      throw new AppError('INVALID_ARGUMENT', `--domain ${JSON.stringify(flag)}: ${c.reason}`, {
        hint: 'give a host name such as example.com, an IP, or <ip>.nip.io',
      })
    }
    const out: ResolvedDomain = { domain: c.domain, source: 'flag' }
    if (stored !== c.domain) out.store = c.domain
    const warning =
      c.kind === 'real'
        ? realDomainWarning(c.domain, resolvedIps, localIps)
        : c.kind === 'portable' && !isLocalIp(c.ip, localIps)
          ? `${c.domain}: ${c.ip} is not an address of this machine; it is used while --domain is given, and a later start without the flag serves the detected address instead`
          : undefined
    if (warning !== undefined) out.warning = warning
    return out
  }

  let warning: string | undefined
  if (stored !== undefined && stored !== '') {
    const c = classifyDomain(stored)
    if (c.kind === 'real') {
      const w = realDomainWarning(c.domain, resolvedIps, localIps)
      return w === undefined
        ? { domain: c.domain, source: 'stored' }
        : { domain: c.domain, source: 'stored', warning: w }
    }
    if (c.kind === 'localhost') return { domain: c.domain, source: 'stored' }
    if (c.kind === 'portable') return resolveStoredPortable(c, detected, localIps)
    warning = `stored domain ${JSON.stringify(stored)} ignored (${c.reason}); start with --domain to replace it`
  }

  const ip = detected ?? FALLBACK_IP
  const domain = wildcardDomain(ip)
  const out: ResolvedDomain = { domain, source: 'detected' }
  // Only a first start stores the default; an unreadable stored value is left for the user to fix.
  if (warning === undefined) out.store = domain
  if (detected === undefined)
    warning = joinWarnings(warning, `no network address detected; using ${FALLBACK_IP}`)
  if (warning !== undefined) out.warning = warning
  return out
}

function resolveStoredPortable(
  c: PortableDomain,
  detected: string | undefined,
  localIps: readonly string[],
): ResolvedDomain {
  if (isLocalIp(c.ip, localIps)) return { domain: c.domain, source: 'stored' }
  if (detected === undefined) {
    return {
      domain: c.domain,
      source: 'stored',
      warning: `${c.ip} of ${c.domain} is not an address of this machine, and no address was detected to replace it`,
    }
  }
  return { domain: rewritePortable(c, detected), source: 'detected', rewrittenFrom: c.domain }
}

/**
 * Warn when a DNS answer the caller obtained shows a real domain does not point here. Without an answer
 * there is nothing to say. Behind NAT or a proxy this warns too; it is only a warning (docs/domains.md#which-domain-is-served).
 */
export function realDomainWarning(
  domain: string,
  resolvedIps: readonly string[] | undefined,
  localIps: readonly string[],
): string | undefined {
  if (resolvedIps === undefined) return undefined
  if (resolvedIps.length === 0) return `${domain} does not resolve to any address`
  if (resolvedIps.some((ip) => isLocalIp(ip, localIps))) return undefined
  return `${domain} resolves to ${resolvedIps.join(', ')}, not to an address of this machine`
}

function joinWarnings(a: string | undefined, b: string): string {
  return a === undefined ? b : `${a}; ${b}`
}
