import type { NodeContext } from '../node/core/context.js'
import type { Frame } from '../sdk/contract/verb.js'
import type { ServerStartParams } from '../sdk/contract/verbs/server.js'

/**
 * `fazt server start`: the one verb whose work is to become the node. It runs in this process (never
 * through a transport), prints each start-up fact as it is known, and stops cleanly on SIGINT/SIGTERM.
 */
export async function serverStart(
  node: NodeContext,
  params: ServerStartParams,
  onFrame: (f: Frame) => void,
): Promise<{ stopped: true }> {
  // Loaded only here: verbs that do not serve never load fastify.
  const { startServer } = await import('../node/server.js')
  const server = await startServer(node, params, (f) => onFrame({ type: 'data', data: f }))
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'))
    process.once('SIGTERM', () => resolve('SIGTERM'))
  })
  onFrame({ type: 'data', data: { fact: 'stopping', value: `on ${signal}` } })
  // A second signal while draining stops at once.
  process.once(signal, () => process.exit(130))
  await server.close()
  return { stopped: true }
}
