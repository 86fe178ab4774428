import { type NodeContext, openNodeContext } from '../node/core/context.js'
import { resolveDataPath } from '../node/core/data-path.js'
import { nodeTransport } from '../node/verbs/in-process.js'
import type { Transport } from '../sdk/transport.js'
import type { Globals } from './argv.js'

/** Local verbs run on this machine's node; `@peer` verbs go over the signed protocol (loaded only then). */
export async function openTransport(globals: Globals): Promise<Transport> {
  const { path } = resolveDataPath(globals.db)
  if (globals.peer === undefined) return nodeTransport(path)
  const { peerTransport } = await import('../node/peering/peer-calls.js')
  const timeoutMs = Number(process.env.FAZT_PEER_TIMEOUT_MS) || 30_000
  return peerTransport(path, globals.peer, { timeoutMs })
}

/** The local node in this process (for verbs that run in the client on this machine). */
export async function openLocal(globals: Globals): Promise<NodeContext> {
  return openNodeContext(resolveDataPath(globals.db).path)
}
