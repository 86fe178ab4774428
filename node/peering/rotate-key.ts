import { randomBytes } from 'node:crypto'
import { callPeer } from '../../peer/client.js'
import { type NodeIdentity, storeRotation } from '../../peer/identity.js'
import { createRotation } from '../../peer/protocol/rotation.js'
import { endpointOf } from '../../peer/registry.js'
import { AppError } from '../../sdk/contract/errors.js'
import type { RotateResult } from '../../sdk/contract/verbs/node.js'
import type { NodeContext } from '../core/context.js'
import { identity, nodeCrypto } from './identity.js'
import { peers, signedOwnRecord } from './peers.js'

/**
 * Replaces the signing key (PEERS.md §7): the rotation is signed by both keys and stored with the new seed,
 * then every active peer is told, in a call signed with the old key (the one they know).
 */
export async function rotateKey(node: NodeContext, graceSeconds: number): Promise<RotateResult> {
  const crypto = nodeCrypto(node)
  const before = identity(node)
  const now = Math.floor(node.clock.now() / 1000)
  const newSeed = new Uint8Array(randomBytes(32))
  const rotation = createRotation({
    nodeId: before.nodeId,
    oldKey: before.signer,
    newKey: crypto.signerFromSeed(newSeed),
    at: now,
    graceSeconds,
  })
  storeRotation(node.db, newSeed, JSON.stringify(rotation), node.clock.now())
  node.watch.bump()
  const after = identity(node)
  return {
    node_id: after.nodeId,
    fingerprint: after.fingerprint,
    old_fingerprint: before.fingerprint,
    grace_until: new Date((now + graceSeconds) * 1000).toISOString(),
    announced: await announce(node, before),
  }
}

/** Sends this node's current record to every active peer as `peer.rotated`, signed as `signer`. */
export async function announce(node: NodeContext, signer: NodeIdentity): Promise<RotateResult['announced']> {
  const record = signedOwnRecord(node)
  const deps = { identity: signer, crypto: nodeCrypto(node), now: () => node.clock.now(), timeoutMs: 10_000 }
  const active = peers(node)
    .registry.list()
    .filter((x) => x.status === 'active')
  return Promise.all(
    active.map(async (x) => {
      try {
        await callPeer(endpointOf(x), 'peer.rotated', { node: record }, deps)
        return { peer: x.name, ok: true }
      } catch (e) {
        return {
          peer: x.name,
          ok: false,
          error: e instanceof AppError ? `${e.code}: ${e.message}` : String(e),
        }
      }
    }),
  )
}
