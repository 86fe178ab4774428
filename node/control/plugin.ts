import type { NodeContext } from '../core/context.js'
import { type LocalCall, startControlServer } from './control-server.js'

/** The little the control socket needs of the HTTP layer (a FastifyInstance is one). */
export interface CloseHooks {
  addHook(name: 'preClose', hook: () => Promise<void>): unknown
}

/** Opens the node's control socket while it serves; closed before the HTTP server stops. */
export function controlPlugin(node: NodeContext, call: LocalCall): (http: CloseHooks) => Promise<void> {
  return async (http) => {
    const control = await startControlServer(node, call)
    http.addHook('preClose', () => control.close())
  }
}
