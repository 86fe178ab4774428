import { findApp } from '../apps/app-store.js'
import type { NodeContext } from '../context.js'
import { routeHost } from '../http/route.js'
import type { AppRef } from './broker.js'

/**
 * Which app a request's Host addresses, or undefined when it addresses none (admin, unknown hosts,
 * an alias with no app). Realtime asks on every WebSocket handshake.
 */
export type ResolveApp = (host: string | undefined) => AppRef | undefined

/**
 * Stand-in until hosting's alias table lands: an alias names the app of the same name, `root` the app
 * named `root`, a preview host its app. Hosting replaces it by setting `realtimeSlot(node).resolveApp`.
 */
export function appsByName(node: NodeContext, domain: () => string): ResolveApp {
  return (host) => {
    const t = routeHost(host, domain())
    const name =
      t.kind === 'root' ? 'root' : t.kind === 'alias' ? t.sub : t.kind === 'preview' ? t.app : undefined
    if (name === undefined) return undefined
    const app = findApp(node.db, name)
    return app ? { id: app.id, name: app.name } : undefined
  }
}
