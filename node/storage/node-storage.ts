import type { NodeContext } from '../core/context.js'
import { service } from '../core/services.js'
import { type Sweeper, startKvSweeper } from './kv-sweeper.js'
import { createStorage, type Storage } from './storage.js'

function create(node: NodeContext): Storage {
  return createStorage(node.db, { clock: node.clock })
}

/** The app storage of this node's own connection (one per node context). */
export function nodeStorage(node: NodeContext): Storage {
  return service(node, create)
}

/** For the serving process (server start): sweeps expired KV keys until stopped. */
export function startNodeKvSweeper(node: NodeContext, onError?: (e: unknown) => void): Sweeper {
  return startKvSweeper(nodeStorage(node), onError ? { onError } : {})
}
