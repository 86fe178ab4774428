import type { NodeContext } from './context.js'

export type DomainSource = 'flag' | 'stored' | 'detected'

/** The domain a starting node serves (SPEC §10). A flag is stored; otherwise the stored value or a default. */
export function resolveStartDomain(
  node: NodeContext,
  flag: string | undefined,
): { domain: string; source: DomainSource } {
  if (flag) {
    const d = flag.toLowerCase().replace(/\.$/, '')
    node.settings.set('domain', d)
    return { domain: d, source: 'flag' }
  }
  const stored = node.settings.get('domain')
  if (stored) return { domain: stored, source: 'stored' }
  return { domain: 'localhost', source: 'detected' }
}
