import { restoreIdentity } from '../../peer/identity.js'
import { AppError } from '../../sdk/contract/errors.js'
import type * as V from '../../sdk/contract/verbs/node.js'
import { VERSION } from '../core/version.js'
import { bindHere, checkBinding, here } from '../peering/host-binding.js'
import { identity } from '../peering/identity.js'
import { ownUrls, peers } from '../peering/peers.js'
import { rotateKey } from '../peering/rotate-key.js'
import { parseDuration } from './duration.js'
import type { Handler } from './types.js'

export const nodeId: Handler<typeof V.nodeId> = ({ node }) => {
  const id = identity(node)
  return { node_id: id.nodeId, fingerprint: id.fingerprint }
}

export const nodeStatus: Handler<typeof V.nodeStatus> = ({ node }) => {
  const id = identity(node)
  const list = peers(node).registry.list()
  const count = (s: string) => list.filter((p) => p.status === s).length
  return {
    node_id: id.nodeId,
    fingerprint: id.fingerprint,
    version: VERSION,
    key_rotations: id.chain.length,
    urls: ownUrls(node),
    peers: { active: count('active'), pending: count('pending'), revoked: count('revoked') },
  }
}

export const nodeRotateKey: Handler<typeof V.nodeRotateKey> = ({ node }, p) =>
  rotateKey(node, parseDuration(p.grace ?? '24h', 'grace', 0))

/**
 * docs/moving.md#a-move: a data file found at a new machine or path is a copy, and starts as a new node. For a real move,
 * `node adopt` keeps the old identity (restoring it if a start here already forked a new one) and rotates
 * its key with no grace, so peers, told at once, refuse the old host from now on.
 */
export const nodeAdopt: Handler<typeof V.nodeAdopt> = async ({ node }) => {
  const now = here(node)
  const binding = checkBinding(node, now)
  const forkedFrom = node.settings.get('host.forked_from')
  if (binding.status !== 'moved' && forkedFrom === undefined) {
    throw new AppError('CONFLICT', 'this data file has not moved: there is nothing to adopt', {
      hint: 'adopt is for a data file copied to a new machine or path, to keep its node id there',
    })
  }
  const movedFrom =
    binding.status === 'moved' ? binding.from.path : (node.settings.get('host.forked_path') ?? '')
  if (forkedFrom !== undefined) {
    restoreIdentity(node.db, Number(forkedFrom))
    node.settings.delete('host.forked_from')
    node.settings.delete('host.forked_path')
    node.watch.bump()
  }
  bindHere(node, now)
  return { ...(await rotateKey(node, 0)), moved_from: movedFrom }
}
