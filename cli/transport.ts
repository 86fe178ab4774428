import { resolveDataPath } from '../node/db/path.js'
import { localTransport } from '../node/local-transport.js'
import { findVerb } from '../sdk/contract/catalogue.js'
import type { Transport } from '../sdk/transport.js'
import type { Globals } from './argv.js'

/**
 * Local verbs run in this process on the data file; `@peer` verbs go over the signed protocol; verbs on
 * state in the running node's memory go to that node over its control socket. The peer and control
 * clients load only when used, so a local verb starts fast.
 */
export async function openTransport(globals: Globals): Promise<Transport> {
  const { path } = resolveDataPath(globals.db)
  if (globals.peer !== undefined) {
    const { peerTransport } = await import('../node/peer-transport.js')
    const timeoutMs = Number(process.env.FAZT_PEER_TIMEOUT_MS) || 30_000
    return peerTransport(path, globals.peer, { timeoutMs })
  }
  const local = localTransport(path)
  let control: Transport | undefined
  return {
    async call(verb, params, opts) {
      if (!findVerb(verb)?.needsNode) return local.call(verb, params, opts)
      control ??= (await import('../node/control/client.js')).controlTransport(path)
      return control.call(verb, params, opts)
    },
    close: () => {
      control?.close?.()
      return local.close?.()
    },
  }
}
