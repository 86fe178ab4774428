import { controlTransport } from '../node/control/client.js'
import { resolveDataPath } from '../node/db/path.js'
import { localTransport } from '../node/local-transport.js'
import { peerTransport } from '../node/peer-transport.js'
import { findVerb } from '../sdk/contract/catalogue.js'
import type { Transport } from '../sdk/transport.js'
import type { Globals } from './argv.js'

/** Local verbs run in this process on the data file; `@peer` verbs go over the signed protocol. */
export async function openTransport(globals: Globals): Promise<Transport> {
  const { path } = resolveDataPath(globals.db)
  if (globals.peer !== undefined) {
    const timeoutMs = Number(process.env.FAZT_PEER_TIMEOUT_MS) || 30_000
    return peerTransport(path, globals.peer, { timeoutMs })
  }
  // Verbs on state in the running node's memory go to that node over its control socket.
  const local = localTransport(path)
  const node = controlTransport(path)
  return {
    call: (verb, params, opts) => (findVerb(verb)?.needsNode ? node : local).call(verb, params, opts),
    close: () => {
      node.close?.()
      return local.close?.()
    },
  }
}
