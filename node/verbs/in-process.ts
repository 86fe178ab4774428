import { findVerb } from '../../sdk/contract/catalogue.js'
import type { Transport } from '../../sdk/transport.js'
import { type NodeContext, openNodeContext } from '../core/context.js'
import { call } from './dispatch.js'

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

/**
 * The local node as the CLI and the SDK see it: verbs run in this process, except those on state in the
 * running node's memory (realtime hubs), which go to that node over its control socket, loaded on first use.
 */
export function nodeTransport(dataPath: string): Transport & { context(): NodeContext } {
  const local = localTransport(dataPath)
  let control: Transport | undefined
  return {
    context: local.context,
    async call(verb, params, opts) {
      if (!findVerb(verb)?.needsNode) return local.call(verb, params, opts)
      control ??= (await import('../control/control-client.js')).controlTransport(dataPath)
      return control.call(verb, params, opts)
    },
    close: () => {
      control?.close?.()
      return local.close?.()
    },
  }
}
