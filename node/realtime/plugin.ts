import type { Server } from 'node:http'
import type { NodeContext } from '../core/context.js'
import { Broker } from './broker.js'
import { readLimits } from './limits.js'
import { denyAll } from './policy.js'
import { realtimeSlot } from './slot.js'
import { attachRealtime } from './ws-adapter.js'

/** The little realtime needs of the HTTP layer (a FastifyInstance is one); realtime stays free of fastify. */
export interface HttpHost {
  server: Server
  addHook(name: 'preClose', hook: () => Promise<void>): unknown
}

/**
 * Realtime for a serving node: one broker for the process, published in `realtimeSlot(node).broker`
 * for verbs and functions, and `/_ws` upgrades on the HTTP server. Limits come from settings `realtime.*`.
 */
export function realtimePlugin(node: NodeContext, domain: () => string): (http: HttpHost) => void {
  return (http) => {
    const slot = realtimeSlot(node)
    const broker = new Broker({
      clock: node.clock,
      limits: readLimits(node.settings, slot.limits),
      publishPolicy: slot.publishPolicy ?? denyAll,
    })
    slot.broker = broker
    const adapter = attachRealtime(http.server, {
      broker,
      resolveApp: slot.resolveApp ?? (() => undefined),
      domain,
    })
    http.addHook('preClose', async () => {
      await adapter.close()
      if (slot.broker === broker) delete slot.broker
    })
  }
}
