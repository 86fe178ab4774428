import type { PublishPolicy } from '../core/seams.js'

export const denyAll: PublishPolicy = () => []

export type ChannelMatcher = (channel: string) => boolean

const never: ChannelMatcher = () => false

export function compilePatterns(patterns: readonly string[]): ChannelMatcher {
  if (patterns.length === 0) return never
  const exact = new Set(patterns.filter((p) => !p.includes('*')))
  const globs = patterns
    .filter((p) => p.includes('*'))
    .map((p) => new RegExp(`^${p.split('*').map(escapeRegExp).join('.*')}$`, 's'))
  return (channel) => exact.has(channel) || globs.some((g) => g.test(channel))
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Compiles a policy's answer once per distinct list, since hosting may hand out a fresh array per call. */
export function policyMatcher(policy: PublishPolicy): (appId: string) => ChannelMatcher {
  const cache = new Map<string, { key: string; match: ChannelMatcher }>()
  return (appId) => {
    const patterns = policy(appId)
    const key = patterns.join('\n')
    let hit = cache.get(appId)
    if (!hit || hit.key !== key) {
      hit = { key, match: compilePatterns(patterns) }
      cache.set(appId, hit)
    }
    return hit.match
  }
}
