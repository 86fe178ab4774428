// The peers this node knows, the invites it issued, and the nonces it accepted (PEERS.md §6, §11).
import type Database from 'better-sqlite3'
import { AppError } from '../sdk/contract/errors.js'
import type { Scope } from '../sdk/contract/verb.js'

export type PeerStatus = 'active' | 'pending' | 'revoked'

export interface PeerRow {
  node_id: string
  name: string
  sign_key: Uint8Array
  old_key: Uint8Array | null
  old_key_until: number | null
  box_key: Uint8Array
  record: string
  urls: string
  scopes: string
  their_scopes: string
  status: PeerStatus
  is_default: 0 | 1
  last_seen: number | null
  created_at: number
  updated_at: number
}

export interface Peer {
  nodeId: string
  name: string
  signKey: Uint8Array
  oldKey: Uint8Array | null
  oldKeyUntil: number | null
  boxKey: Uint8Array
  record: string
  urls: string[]
  scopes: Scope[]
  theirScopes: Scope[]
  status: PeerStatus
  isDefault: boolean
  lastSeen: number | null
  createdAt: number
}

function toPeer(r: PeerRow): Peer {
  return {
    nodeId: r.node_id,
    name: r.name,
    signKey: new Uint8Array(r.sign_key),
    oldKey: r.old_key ? new Uint8Array(r.old_key) : null,
    oldKeyUntil: r.old_key_until,
    boxKey: new Uint8Array(r.box_key),
    record: r.record,
    urls: JSON.parse(r.urls) as string[],
    scopes: JSON.parse(r.scopes) as Scope[],
    theirScopes: JSON.parse(r.their_scopes) as Scope[],
    status: r.status,
    isDefault: r.is_default === 1,
    lastSeen: r.last_seen,
    createdAt: r.created_at,
  }
}

export class PeerRegistry {
  constructor(private db: Database.Database) {}

  list(): Peer[] {
    return (this.db.prepare('SELECT * FROM peers ORDER BY name').all() as PeerRow[]).map(toPeer)
  }

  byName(name: string): Peer | undefined {
    const r = this.db.prepare('SELECT * FROM peers WHERE name = ?').get(name) as PeerRow | undefined
    return r && toPeer(r)
  }

  byNodeId(nodeId: string): Peer | undefined {
    const r = this.db.prepare('SELECT * FROM peers WHERE node_id = ?').get(nodeId) as PeerRow | undefined
    return r && toPeer(r)
  }

  /** The peer whose current key, or whose previous key still in its grace period, is `key`. */
  byKey(key: Uint8Array, now: number): { peer: Peer; viaOldKey: boolean } | undefined {
    const r = this.db
      .prepare('SELECT * FROM peers WHERE sign_key = ? OR (old_key = ? AND old_key_until > ?) LIMIT 1')
      .get(key, key, now) as PeerRow | undefined
    if (!r) return undefined
    const peer = toPeer(r)
    return { peer, viaOldKey: Buffer.compare(Buffer.from(peer.signKey), Buffer.from(key)) !== 0 }
  }

  require(name: string): Peer {
    const p = this.byName(name)
    if (!p) {
      throw new AppError('PEER_NOT_FOUND', `no peer named "${name}"`, {
        hint: 'see `fazt peer list`; pair with `fazt peer invite` there and `fazt peer add NAME CODE` here',
      })
    }
    return p
  }

  /** Inserts or refreshes a peer (matched by node id). Keeps its name, scopes and status unless given. */
  upsert(p: {
    nodeId: string
    name: string
    signKey: Uint8Array
    boxKey: Uint8Array
    record: string
    urls: string[]
    status: PeerStatus
    scopes?: readonly Scope[]
    theirScopes?: readonly Scope[]
    now: number
  }): Peer {
    const existing = this.byNodeId(p.nodeId)
    if (existing) {
      this.db
        .prepare(
          `UPDATE peers SET sign_key = ?, box_key = ?, record = ?, urls = ?, status = ?, scopes = ?, their_scopes = ?,
           updated_at = ? WHERE node_id = ?`,
        )
        .run(
          p.signKey,
          p.boxKey,
          p.record,
          JSON.stringify(p.urls),
          p.status,
          JSON.stringify(p.scopes ?? existing.scopes),
          JSON.stringify(p.theirScopes ?? existing.theirScopes),
          p.now,
          p.nodeId,
        )
    } else {
      if (this.byName(p.name))
        throw new AppError('CONFLICT', `a peer named "${p.name}" already exists`, {
          hint: 'choose another name',
        })
      this.db
        .prepare(
          `INSERT INTO peers (node_id, name, sign_key, box_key, record, urls, scopes, their_scopes, status, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          p.nodeId,
          p.name,
          p.signKey,
          p.boxKey,
          p.record,
          JSON.stringify(p.urls),
          JSON.stringify(p.scopes ?? []),
          JSON.stringify(p.theirScopes ?? []),
          p.status,
          p.now,
          p.now,
        )
    }
    return this.byNodeId(p.nodeId) as Peer
  }

  /** A free name: `base`, else `base-2`, `base-3`… */
  freeName(base: string): string {
    let name = base
    for (let i = 2; this.byName(name); i++) name = `${base.slice(0, 60)}-${i}`
    return name
  }

  setScopes(name: string, scopes: readonly Scope[], status: PeerStatus, now: number): void {
    this.db
      .prepare('UPDATE peers SET scopes = ?, status = ?, updated_at = ? WHERE name = ?')
      .run(JSON.stringify(scopes), status, now, name)
  }

  setDefault(name: string): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE peers SET is_default = 0 WHERE is_default = 1').run()
      this.db.prepare('UPDATE peers SET is_default = 1 WHERE name = ?').run(name)
    })()
  }

  rotateKey(nodeId: string, newKey: Uint8Array, graceUntil: number, record: string, now: number): void {
    this.db
      .prepare(
        'UPDATE peers SET old_key = sign_key, old_key_until = ?, sign_key = ?, record = ?, updated_at = ? WHERE node_id = ?',
      )
      .run(graceUntil, newKey, record, now, nodeId)
  }

  touch(nodeId: string, now: number): void {
    this.db.prepare('UPDATE peers SET last_seen = ? WHERE node_id = ?').run(now, nodeId)
  }

  remove(name: string): boolean {
    return this.db.prepare('DELETE FROM peers WHERE name = ?').run(name).changes > 0
  }

  count(): number {
    return this.db.prepare("SELECT count(*) FROM peers WHERE status != 'revoked'").pluck().get() as number
  }
}
