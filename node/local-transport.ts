import type { Transport } from '../sdk/transport.js'
import { type NodeContext, openNodeContext } from './context.js'
import { call } from './verbs/dispatch.js'

/**
 * Runs verbs in this process against the data file. The node is opened on first use, so a verb that
 * fails before touching data (a usage error) never creates or migrates a file.
 */
export function localTransport(dataPath: string): Transport & { context(): NodeContext } {
  let node: NodeContext | undefined
  const context = () => {
    node ??= openNodeContext(dataPath)
    return node
  }
  return {
    context,
    call: (verb, params, opts) => call(context(), { kind: 'local' }, verb, params, opts?.onFrame),
    close: () => {
      node?.close()
      node = undefined
    },
  }
}
