// The peers this node knows (PEERS.md §11): pinned keys and chains, scopes both ways, status.
import type Database from 'better-sqlite3'
import { AppError } from '../sdk/contract/errors.js'
import type { Scope } from '../sdk/contract/verb.js'
import type { PeerEndpoint } from './client.js'
import type { SignedNodeRecord } from './protocol/node-record.js'
import { effectiveKeys } from './protocol/rotation.js'
import { statementCache } from './statements.js'

export type PeerStatus = 'active' | 'pending' | 'revoked'

interface PeerRow {
  node_id: string
  name: string
  sign_key: string
  box_key: string
  record: string
  urls: string
  scopes: string
  their_scopes: string
  status: PeerStatus
  is_default: 0 | 1
  last_seen: number | null
  conflict: string | null
  created_at: number
}

export interface Peer {
  nodeId: string
  name: string
  /** Current key id (base64url of the Ed25519 key). */
  signKey: string
  boxKey: string
  record: SignedNodeRecord
  urls: string[]
  /** What this peer may do on this node. */
  scopes: Scope[]
  /** What this node was told it may do there. */
  theirScopes: Scope[]
  status: PeerStatus
  isDefault: boolean
  lastSeen: number | null
  /** Set when its node id answered from two hosts at once (SPEC §11). */
  conflict: string | null
  createdAt: number
}

const toPeer = (r: PeerRow): Peer => ({
  nodeId: r.node_id,
  name: r.name,
  signKey: r.sign_key,
  boxKey: r.box_key,
  record: JSON.parse(r.record) as SignedNodeRecord,
  urls: JSON.parse(r.urls) as string[],
  scopes: JSON.parse(r.scopes) as Scope[],
  theirScopes: JSON.parse(r.their_scopes) as Scope[],
  status: r.status,
  isDefault: r.is_default === 1,
  lastSeen: r.last_seen,
  conflict: r.conflict,
  createdAt: r.created_at,
})

export interface PinInput {
  nodeId: string
  name: string
  record: SignedNodeRecord
  /** Where it answered (tried first), before the URLs its record lists. */
  reachedAt?: readonly string[]
  status: PeerStatus
  scopes?: readonly Scope[]
  theirScopes?: readonly Scope[]
  now: number
}

export class PeerRegistry {
  #q

  constructor(private db: Database.Database) {
    this.#q = statementCache(db)
  }

  list(): Peer[] {
    return (this.#q('SELECT * FROM peers ORDER BY name').all() as PeerRow[]).map(toPeer)
  }

  byName(name: string): Peer | undefined {
    const r = this.#q('SELECT * FROM peers WHERE name = ?').get(name) as PeerRow | undefined
    return r && toPeer(r)
  }

  byNodeId(nodeId: string): Peer | undefined {
    const r = this.#q('SELECT * FROM peers WHERE node_id = ?').get(nodeId) as PeerRow | undefined
    return r && toPeer(r)
  }

  /** The peer that may sign with `keyId` at `now` (its current key, or a retired one in grace: PEERS.md §7.3). */
  byKey(keyId: string, now: number): Peer | undefined {
    const direct = this.#q('SELECT * FROM peers WHERE sign_key = ?').get(keyId) as PeerRow | undefined
    if (direct) return toPeer(direct)
    // Retired keys live in the pinned chains; peers are few, so a scan is fine.
    return this.list().find((p) => effectiveKeys(p.signKey, p.record.record.key_chain, now).includes(keyId))
  }

  require(name: string): Peer {
    const p = this.byName(name)
    if (!p) {
      throw new AppError('PEER_NOT_FOUND', `no peer named "${name}"`, {
        hint: 'see `fazt peer list`; to pair, run `fazt peer invite` on the other node and `fazt peer add NAME CODE` here',
      })
    }
    return p
  }

  /** Pins a peer's verified record (new, or replacing the record of the same node id). */
  pin(p: PinInput): Peer {
    const existing = this.byNodeId(p.nodeId)
    const rec = p.record.record
    const values = {
      node_id: p.nodeId,
      name: existing?.name ?? p.name,
      sign_key: rec.sign_key,
      box_key: rec.box_key,
      record: JSON.stringify(p.record),
      urls: JSON.stringify(
        [...new Set([...(p.reachedAt ?? existing?.urls ?? []), ...rec.urls])].slice(0, 16),
      ),
      scopes: JSON.stringify(p.scopes ?? existing?.scopes ?? []),
      their_scopes: JSON.stringify(p.theirScopes ?? existing?.theirScopes ?? []),
      status: p.status,
      now: p.now,
    }
    if (existing) {
      this.db
        .prepare(
          `UPDATE peers SET sign_key = @sign_key, box_key = @box_key, record = @record, urls = @urls, scopes = @scopes,
           their_scopes = @their_scopes, status = @status, updated_at = @now WHERE node_id = @node_id`,
        )
        .run(values)
    } else {
      if (this.byName(p.name)) {
        throw new AppError('CONFLICT', `a peer named "${p.name}" already exists`, {
          hint: 'choose another name',
        })
      }
      this.db
        .prepare(
          `INSERT INTO peers (node_id, name, sign_key, box_key, record, urls, scopes, their_scopes, status, created_at, updated_at)
           VALUES (@node_id, @name, @sign_key, @box_key, @record, @urls, @scopes, @their_scopes, @status, @now, @now)`,
        )
        .run(values)
    }
    return this.byNodeId(p.nodeId) as Peer
  }

  /** A free name: `base`, else `base-2`, `base-3`… */
  freeName(base: string): string {
    let name = base
    for (let i = 2; this.byName(name); i++) name = `${base.slice(0, 58)}-${i}`
    return name
  }

  setScopes(name: string, scopes: readonly Scope[], status: PeerStatus, now: number): void {
    this.db
      .prepare('UPDATE peers SET scopes = ?, status = ?, updated_at = ? WHERE name = ?')
      .run(JSON.stringify(scopes), status, now, name)
  }

  setDefault(name: string): void {
    this.db.transaction(() => {
      this.#q('UPDATE peers SET is_default = 0 WHERE is_default = 1').run()
      this.#q('UPDATE peers SET is_default = 1 WHERE name = ?').run(name)
    })()
  }

  defaultPeer(): Peer | undefined {
    const r = this.#q('SELECT * FROM peers WHERE is_default = 1').get() as PeerRow | undefined
    return r && toPeer(r)
  }

  /** Records that a peer called. Written at most once a minute per peer: it is on the hot path of every call. */
  touch(peer: Peer, now: number): void {
    if (peer.lastSeen !== null && now - peer.lastSeen < 60_000) return
    this.#q('UPDATE peers SET last_seen = ? WHERE node_id = ?').run(now, peer.nodeId)
  }

  flagConflict(nodeId: string, text: string): void {
    this.#q('UPDATE peers SET conflict = ? WHERE node_id = ?').run(text, nodeId)
  }

  remove(name: string): boolean {
    return this.#q('DELETE FROM peers WHERE name = ?').run(name).changes > 0
  }

  countPending(): number {
    return this.#q("SELECT count(*) FROM peers WHERE status = 'pending'").pluck().get() as number
  }
}

/** Where and how to call a pinned peer. */
export function endpointOf(p: Peer): PeerEndpoint {
  return {
    name: p.name,
    nodeId: p.nodeId,
    urls: p.urls,
    signKey: p.signKey,
    boxKey: p.boxKey,
    chain: p.record.record.key_chain,
  }
}
