// Realtime's two questions, answered from hosting (docs/realtime.md#connecting): which app a Host addresses (through the
// alias table, like static files), and which channels an app's manifest.json opens to client publishing.
import type { NodeContext } from '../core/context.js'
import type { AppRef, PublishPolicy, ResolveApp } from '../core/seams.js'
import { routeHost } from '../domain/host-route.js'
import { splitTargets } from './alias-store.js'
import { findHostedApp } from './apps.js'
import { hosting } from './hosting.js'

/**
 * Host -> app, by the alias table like static files: an `app` alias, the first target of a `split`, a
 * preview host's app. A name with no alias falls back to the app of that name (its default alias).
 */
export function resolveAppByAlias(node: NodeContext, domain: () => string): ResolveApp {
  const byId = node.db.prepare('SELECT id, name FROM apps WHERE id = ?')
  const byName = node.db.prepare('SELECT id, name FROM apps WHERE name = ?')
  return (host) => {
    const t = routeHost(host, domain())
    if (t.kind === 'preview') return byName.get(t.app) as AppRef | undefined
    if (t.kind !== 'root' && t.kind !== 'alias') return undefined
    const sub = t.kind === 'root' ? 'root' : t.sub
    const alias = hosting(node).aliases.get(sub)
    if (!alias) return byName.get(sub) as AppRef | undefined
    const id =
      alias.type === 'app'
        ? alias.app_id
        : alias.type === 'split'
          ? splitTargets(alias)[0]?.app_id
          : undefined
    return id ? (byId.get(id) as AppRef | undefined) : undefined
  }
}

const MAX_MANIFEST = 64 * 1024

/**
 * `{"realtime":{"publish":["chat:*"]}}` in the current release's manifest.json; nothing open otherwise.
 * Read once per app and release (releases are immutable).
 */
export function manifestPolicy(node: NodeContext): PublishPolicy {
  const cache = new Map<string, readonly string[]>()
  return (appId) => {
    const app = findHostedApp(node.db, appId)
    if (!app?.current_release) return []
    const key = `${appId}:${app.current_release}`
    let patterns = cache.get(key)
    if (!patterns) {
      patterns = readPublish(node, appId, app.current_release)
      if (cache.size > 256) cache.clear()
      cache.set(key, patterns)
    }
    return patterns
  }
}

function readPublish(node: NodeContext, appId: string, release: number): readonly string[] {
  const h = hosting(node)
  const entry = h.releases.manifest(appId, release).find((f) => f.path === 'manifest.json')
  if (!entry || entry.size > MAX_MANIFEST) return []
  try {
    const doc = JSON.parse(h.bodies.read(entry.hash).toString('utf8')) as { realtime?: { publish?: unknown } }
    const list = doc?.realtime?.publish
    return Array.isArray(list)
      ? list.filter((p): p is string => typeof p === 'string' && p.length <= 256).slice(0, 64)
      : []
  } catch {
    // A broken manifest opens nothing; it must not break anyone's socket.
    return []
  }
}
