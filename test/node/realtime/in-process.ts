import { openNodeContext } from '../../../node/core/context.js'
import type { PublishPolicy } from '../../../node/core/seams.js'
import { insertApp } from '../../../node/hosting/app-store.js'
import type { RealtimeLimits } from '../../../node/realtime/limits.js'
import { realtimeSlot } from '../../../node/realtime/slot.js'
import { startServer } from '../../../node/server.js'
import { tempDb } from '../../helpers/paths.js'

/**
 * A real node served from this process, for what a child process cannot be given: an injected publish
 * policy (hosting's manifest seam) and limit overrides. Same server code as `fazt server start`.
 */
export async function inProcessNode(opts: {
  apps: string[]
  policy?: (ids: Record<string, string>) => PublishPolicy
  limits?: Partial<RealtimeLimits>
}) {
  const node = openNodeContext(tempDb())
  const ids: Record<string, string> = {}
  for (const name of opts.apps) ids[name] = insertApp(node.db, { name }, node.clock.now()).id
  const slot = realtimeSlot(node)
  if (opts.policy) slot.publishPolicy = opts.policy(ids)
  if (opts.limits) slot.limits = opts.limits
  const server = await startServer(node, { port: 0, host: '127.0.0.1' }, () => {})
  return {
    node,
    ids,
    url: `http://127.0.0.1:${server.info.port}`,
    broker: () => {
      const b = slot.broker
      if (!b) throw new Error('not serving')
      return b
    },
    async close() {
      await server.close()
      node.close()
    },
  }
}
