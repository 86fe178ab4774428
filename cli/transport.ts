import { resolveDataPath } from '../node/db/path.js'
import { nodeTransport } from '../node/local-transport.js'
import type { Transport } from '../sdk/transport.js'
import type { Globals } from './argv.js'

/** Local verbs run on this machine's node; `@peer` verbs go over the signed protocol (loaded only then). */
export async function openTransport(globals: Globals): Promise<Transport> {
  const { path } = resolveDataPath(globals.db)
  if (globals.peer === undefined) return nodeTransport(path)
  const { peerTransport } = await import('../node/peer-transport.js')
  const timeoutMs = Number(process.env.FAZT_PEER_TIMEOUT_MS) || 30_000
  return peerTransport(path, globals.peer, { timeoutMs })
}
