// This node's signed node record (PEERS.md §3.1), served at GET /.well-known/fazt-node.
import type { NodeIdentity } from './identity.js'
import type { CryptoProvider } from './protocol/crypto.js'
import { type SignedNodeRecord, signNodeRecord } from './protocol/node-record.js'
import type { SignedRotation } from './protocol/rotation.js'

export function ownRecord(
  id: NodeIdentity,
  opts: { urls: string[]; version: string; verbs: string[]; now: number; crypto: CryptoProvider },
): SignedNodeRecord {
  return signNodeRecord({
    signer: id.signer,
    boxPublicKey: id.box.publicKey,
    keyChain: id.chain.map((r) => JSON.parse(r) as SignedRotation),
    urls: opts.urls.slice(0, 16),
    version: opts.version,
    verbs: opts.verbs,
    issuedAt: opts.now,
    crypto: opts.crypto,
  })
}
