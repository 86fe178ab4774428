// `import { openNode } from 'fazt/sdk'`: a Node.js program gets the same verbs as the CLI (docs/running.md#from-a-program).
// It lives in node/ because it opens the data file; the portable client is sdk/client.ts.
import { type Client, createClient, type NodeClient } from '../../sdk/client.js'
import type { Transport } from '../../sdk/transport.js'
import { resolveDataPath } from '../core/data-path.js'
import { peerTransport } from '../peering/peer-calls.js'
import { nodeTransport } from './in-process.js'

export type { Client, NodeClient } from '../../sdk/client.js'
export { AppError } from '../../sdk/contract/errors.js'

export interface OpenNodeOptions {
  /** The data file; default as the CLI: $FAZT_DB, $FAZT_HOME/data.db, ~/.fazt/data.db. */
  db?: string
  /** Timeout of each peer call, ms (default 30 000). */
  peerTimeoutMs?: number
}

export async function openNode(opts: OpenNodeOptions = {}): Promise<NodeClient> {
  const { path } = resolveDataPath(opts.db)
  const local = nodeTransport(path)
  local.context() // open now, so a bad data file fails here rather than on the first call
  const remotes: Transport[] = []
  return {
    ...createClient(local),
    peer(name: string): Client {
      const t = peerTransport(path, name, opts.peerTimeoutMs ? { timeoutMs: opts.peerTimeoutMs } : {})
      remotes.push(t)
      return createClient(t)
    },
    async close() {
      for (const t of remotes) await t.close?.()
      await local.close?.()
    },
  }
}
