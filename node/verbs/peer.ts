import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { pairByFingerprint, pairByInvite } from '../../peer/pair-client.js'
import { fingerprint } from '../../peer/protocol/fingerprint.js'
import { decodeKey } from '../../peer/protocol/identity.js'
import { createInvite } from '../../peer/protocol/invite.js'
import type { SignedNodeRecord } from '../../peer/protocol/node-record.js'
import { verifyNodeRecord } from '../../peer/protocol/node-record.js'
import { parsePairRequest } from '../../peer/protocol/pairing.js'
import { extendsChain } from '../../peer/protocol/rotation.js'
import type { Peer } from '../../peer/registry.js'
import { AppError } from '../../sdk/contract/errors.js'
import type * as V from '../../sdk/contract/verbs/peer.js'
import type { NodeContext } from '../core/context.js'
import { identity, nodeCrypto } from '../peering/identity.js'
import { ownUrls, peers, signedOwnRecord } from '../peering/peers.js'
import { parseDuration } from './duration.js'
import type { Handler } from './types.js'

const MAX_PENDING = 32
const seconds = (node: NodeContext) => Math.floor(node.clock.now() / 1000)

export function peerView(p: Peer, node: NodeContext): V.PeerView {
  return {
    name: p.name,
    node_id: p.nodeId,
    fingerprint: fingerprint(decodeKey(p.signKey) as Uint8Array, nodeCrypto(node)),
    urls: p.urls,
    scopes_here: p.scopes,
    scopes_there: p.theirScopes,
    status: p.status,
    default: p.isDefault,
    last_seen: p.lastSeen ? new Date(p.lastSeen).toISOString() : null,
    conflict: p.conflict,
  }
}

export const peerInvite: Handler<typeof V.peerInvite> = ({ node }, p) => {
  const id = identity(node)
  const ttl = parseDuration(p.ttl ?? '15m', 'ttl')
  const exp = seconds(node) + ttl
  const urls = p.url?.length ? p.url : ownUrls(node)
  const { code, invite } = createInvite({
    urls,
    signKey: id.signer.publicKey,
    firstKey: id.firstKey,
    exp,
    crypto: nodeCrypto(node),
  })
  const scopes = p.scopes ?? ['read']
  const uses = p.uses ?? 1
  peers(node).invites.add({
    id: randomBytes(8).toString('hex'),
    secret: invite.secret,
    scopes,
    uses,
    expiresAt: exp,
    now: seconds(node),
  })
  return {
    code,
    node_id: id.nodeId,
    fingerprint: id.fingerprint,
    scopes,
    uses,
    expires_at: new Date(exp * 1000).toISOString(),
    urls,
  }
}

export const peerAdd: Handler<typeof V.peerAdd> = async ({ node }, p) => {
  const { registry } = peers(node)
  const existing = registry.byName(p.name)
  if (existing && existing.status !== 'revoked') {
    throw new AppError('CONFLICT', `a peer named "${p.name}" already exists`, {
      hint: 'choose another name, or `fazt peer remove` it first',
    })
  }
  const id = identity(node)
  const input = {
    name: p.name,
    ownRecord: signedOwnRecord(node),
    ownName: ownName(node),
    deps: { identity: id, crypto: nodeCrypto(node), now: () => node.clock.now() },
  }
  const code = p.code ?? ''
  const result = p.fingerprint
    ? await pairByFingerprint(code, p.fingerprint, input)
    : await pairByInvite(code, input)
  const nodeIdOf = result.record.record.node_id
  if (nodeIdOf === id.nodeId)
    throw new AppError('INVALID_ARGUMENT', 'that code is for this very node', {
      hint: 'run `fazt peer add` on the other node',
    })
  const pinned = node.db.transaction(() => {
    const other = registry.byNodeId(nodeIdOf)
    if (other && other.name !== p.name) registry.remove(other.name)
    if (existing) registry.remove(existing.name)
    return registry.pin({
      nodeId: nodeIdOf,
      name: p.name,
      record: result.record,
      reachedAt: result.urls,
      status: 'active',
      theirScopes: result.scopes,
      now: node.clock.now(),
    })
  })()
  return { ...peerView(pinned, node), pairing: result.status }
}

function ownName(node: NodeContext): string {
  const configured = node.settings.get('node.name')
  if (configured) return configured
  const h = hostname()
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
  return /^[a-z0-9]/.test(h) ? h : 'peer'
}

/** The inviter's side of pairing (PEERS.md §11.3 step 4, §11.4 step 3). */
export const peerPair: Handler<typeof V.peerPair> = ({ node, caller }, params) => {
  if (caller.kind === 'local')
    throw new AppError('NOT_REMOTE', 'peer.pair is called by other nodes', { hint: 'use `fazt peer add`' })
  const req = parsePairRequest(params)
  const now = seconds(node)
  const crypto = nodeCrypto(node)
  const joiner = verifyNodeRecord(req.node, { now, crypto })
  if (joiner.record.sign_key !== caller.keyId)
    throw new AppError('BAD_SIGNATURE', 'the node record is not of the key that signed the call')
  const self = identity(node)
  const { registry, invites } = peers(node)
  const nodeId = joiner.record.node_id
  const existing = registry.byNodeId(nodeId)
  if (existing && !extendsChain(existing.record.record.key_chain, joiner.chain)) {
    throw new AppError('CONFLICT', 'this node already knows another key history for your node id', {
      hint: 'ask its owner to `fazt peer remove` you first',
    })
  }
  const name = existing?.name ?? registry.freeName(req.name ?? 'peer')
  const result = node.db.transaction(() => {
    if (req.proof) {
      const inv = invites.match(req.proof, nodeId, self.nodeId, now, crypto)
      if (!inv)
        throw new AppError('INVITE_INVALID', 'this invite is unknown or already used', {
          hint: 'ask for a new code: `fazt peer invite`',
        })
      if (inv.expired)
        throw new AppError('INVITE_EXPIRED', 'this invite has expired', {
          hint: 'ask for a new code: `fazt peer invite`',
        })
      invites.consume(inv.id)
      const merged = [...new Set([...(existing?.status === 'active' ? existing.scopes : []), ...inv.scopes])]
      registry.pin({
        nodeId,
        name,
        record: req.node,
        status: 'active',
        scopes: merged,
        now: node.clock.now(),
      })
      return { status: 'paired' as const, scopes: merged }
    }
    if (existing?.status === 'active') return { status: 'paired' as const, scopes: existing.scopes }
    if (!existing && registry.countPending() >= MAX_PENDING) {
      throw new AppError('RATE_LIMITED', 'too many pairing requests are waiting', {
        hint: 'ask the owner to review `fazt peer requests`',
      })
    }
    registry.pin({ nodeId, name, record: req.node, status: 'pending', scopes: [], now: node.clock.now() })
    return { status: 'pending' as const, scopes: [] }
  })()
  return { ...result, node: signedOwnRecord(node) }
}

export const peerList: Handler<typeof V.peerList> = async ({ node }, p) => {
  const list = peers(node)
    .registry.list()
    .map((x) => peerView(x, node))
  if (p.check === false) return list
  await Promise.all(
    list.map(async (v) => {
      v.reachable = v.status === 'active' ? await answers(v.urls) : null
    }),
  )
  return list
}

async function answers(urls: string[]): Promise<boolean> {
  for (const u of urls) {
    try {
      const r = await fetch(new URL('/_fazt/health', u), { signal: AbortSignal.timeout(1500) })
      if (r.ok) return true
    } catch {}
  }
  return false
}

export const peerRemove: Handler<typeof V.peerRemove> = ({ node }, p) => {
  const { registry } = peers(node)
  const v = peerView(registry.require(p.name), node)
  registry.remove(p.name)
  return v
}

export const peerDefault: Handler<typeof V.peerDefault> = ({ node }, p) => {
  const { registry } = peers(node)
  registry.require(p.name)
  registry.setDefault(p.name)
  return peerView(registry.require(p.name), node)
}

export const peerRevoke: Handler<typeof V.peerRevoke> = ({ node }, p) => {
  const { registry } = peers(node)
  registry.require(p.name)
  registry.setScopes(p.name, [], 'revoked', node.clock.now())
  return peerView(registry.require(p.name), node)
}

export const peerGrant: Handler<typeof V.peerGrant> = ({ node }, p) => {
  const { registry } = peers(node)
  const peer = registry.require(p.name)
  if (peer.status === 'pending')
    throw new AppError('CONFLICT', `${p.name} has not been approved yet`, {
      hint: `fazt peer approve ${p.name} --scopes …`,
    })
  registry.setScopes(p.name, p.scopes ?? [], 'active', node.clock.now())
  return peerView(registry.require(p.name), node)
}

export const peerApprove: Handler<typeof V.peerApprove> = ({ node }, p) => {
  const { registry } = peers(node)
  const peer = registry.require(p.name)
  if (peer.status !== 'pending')
    throw new AppError('CONFLICT', `${p.name} is not waiting for approval (it is ${peer.status})`)
  registry.setScopes(p.name, p.scopes ?? [], 'active', node.clock.now())
  return peerView(registry.require(p.name), node)
}

export const peerRequests: Handler<typeof V.peerRequests> = ({ node }) =>
  peers(node)
    .registry.list()
    .filter((p) => p.status === 'pending')
    .map((p) => peerView(p, node))

/** A peer announces its new key, signing with the old one (PEERS.md §7.4). */
export const peerRotated: Handler<typeof V.peerRotated> = ({ node, caller }, p) => {
  if (caller.kind !== 'peer') throw new AppError('UNKNOWN_KEY', 'only a paired peer may announce a rotation')
  const verified = verifyNodeRecord(p.node, { now: seconds(node), crypto: nodeCrypto(node) })
  const { registry } = peers(node)
  const pinned = registry.byNodeId(caller.peerId)
  if (!pinned || verified.record.node_id !== pinned.nodeId) {
    throw new AppError('NODE_RECORD_INVALID', 'the announced record is not of the calling node')
  }
  if (!extendsChain(pinned.record.record.key_chain, verified.chain)) {
    throw new AppError('NODE_RECORD_INVALID', 'the announced key chain does not extend the pinned one', {
      hint: 'the peer must pair again',
    })
  }
  registry.pin({
    nodeId: pinned.nodeId,
    name: pinned.name,
    record: p.node as unknown as SignedNodeRecord, // verified above
    status: pinned.status,
    now: node.clock.now(),
  })
  return { accepted: true as const }
}
