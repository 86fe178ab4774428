import type { NodeContext } from '../core/context.js'
import { detectAddresses } from './detect.js'
import { isLocalIp } from './ip.js'
import { type DomainSource, resolveDomain } from './resolve.js'

export interface StartDomain {
  domain: string
  source: DomainSource
  warning?: string
  rewrittenFrom?: string
}

/**
 * The domain this node serves (docs/domains.md#which-domain-is-served), from --domain, the stored setting and the detected address.
 * `persist` is false for read-only questions (`server info` with no node running).
 */
export function resolveStartDomain(
  node: NodeContext,
  flag: string | undefined,
  opts: { bindHost?: string; persist?: boolean } = {},
): StartDomain {
  const machine = detectAddresses()
  // A node bound to one concrete address of this machine is reached there: prefer it over the route.
  const bound = opts.bindHost && !['0.0.0.0', '::'].includes(opts.bindHost) ? opts.bindHost : undefined
  const detected =
    bound && isLocalIp(bound, machine.localIps) && !bound.startsWith('127.') && bound !== '::1'
      ? bound
      : machine.detected?.ip
  const r = resolveDomain({ flag, stored: node.settings.get('domain'), detected, localIps: machine.localIps })
  if (r.store !== undefined && opts.persist !== false) node.settings.set('domain', r.store)
  const out: StartDomain = { domain: r.domain, source: r.source }
  if (r.warning !== undefined) out.warning = r.warning
  if (r.rewrittenFrom !== undefined) out.rewrittenFrom = r.rewrittenFrom
  return out
}

/** The domain a node would serve if started now, without storing anything. */
export function resolveDomainFacts(node: NodeContext): { domain: string; source: DomainSource } {
  const d = resolveStartDomain(node, undefined, { persist: false })
  return { domain: d.domain, source: d.source }
}
