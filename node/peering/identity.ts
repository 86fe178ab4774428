import { createNodeCrypto } from '../../peer/crypto-node.js'
import { ensureIdentity, type NodeIdentity } from '../../peer/identity.js'
import type { CryptoProvider } from '../../peer/protocol/crypto.js'
import type { NodeContext } from '../core/context.js'
import { service } from '../core/services.js'

/** Ed25519 via node:crypto (OpenSSL): byte-identical to tweetnacl and several times faster. */
export const nodeCrypto = (node: NodeContext): CryptoProvider => service(node, createCryptoService)
const createCryptoService = (): CryptoProvider => createNodeCrypto()

const createIdentityCache = () => ({ gen: -1, value: undefined as NodeIdentity | undefined })

/**
 * This node's identity, created on first use. Cached per context and re-read when the data file
 * changes (a `node rotate-key` from the CLI is seen by the running node at once).
 */
export function identity(node: NodeContext): NodeIdentity {
  const cache = service(node, createIdentityCache)
  const gen = node.watch.generation()
  if (!cache.value || cache.gen !== gen) {
    cache.value = ensureIdentity(node.db, nodeCrypto(node), node.clock.now())
    cache.gen = node.watch.generation()
  }
  return cache.value
}
