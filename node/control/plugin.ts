import type { NodeContext } from '../context.js'
import { startControlServer } from './server.js'

/** The little the control socket needs of the HTTP layer (a FastifyInstance is one). */
export interface CloseHooks {
  addHook(name: 'preClose', hook: () => Promise<void>): unknown
}

/** Opens the node's control socket while it serves; closed before the HTTP server stops. */
export function controlPlugin(node: NodeContext): (http: CloseHooks) => Promise<void> {
  return async (http) => {
    const control = await startControlServer(node)
    http.addHook('preClose', () => control.close())
  }
}
