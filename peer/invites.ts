// Invites this node issued (PEERS.md §11.1–11.3). The secret is stored (to check proofs) and never shown.
import type Database from 'better-sqlite3'
import type { Scope } from '../sdk/contract/verb.js'
import type { CryptoProvider } from './protocol/crypto.js'
import { fromBase64Url } from './protocol/encoding.js'
import { checkPairProof } from './protocol/pairing.js'
import { statementCache } from './statements.js'

interface InviteRow {
  id: string
  secret: Uint8Array
  scopes: string
  uses_left: number
  expires_at: number
}

export class InviteStore {
  #q

  constructor(private db: Database.Database) {
    this.#q = statementCache(db)
  }

  add(inv: {
    id: string
    secret: string
    scopes: readonly Scope[]
    uses: number
    expiresAt: number
    now: number
  }): void {
    this.db
      .prepare(
        'INSERT INTO secret_invites (id, secret, scopes, uses_left, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(inv.id, fromBase64Url(inv.secret), JSON.stringify(inv.scopes), inv.uses, inv.expiresAt, inv.now)
  }

  /**
   * Finds the invite whose secret the proof shows, among those with uses left. Returns it with whether it
   * has expired; the caller consumes a use in the same transaction that records the peer.
   */
  match(
    proof: string,
    joiner: string,
    inviter: string,
    now: number,
    crypto: CryptoProvider,
  ): { id: string; scopes: Scope[]; expired: boolean } | undefined {
    const rows = this.#q('SELECT * FROM secret_invites WHERE uses_left > 0').all() as InviteRow[]
    for (const r of rows) {
      if (checkPairProof(proof, new Uint8Array(r.secret), joiner, inviter, crypto)) {
        return { id: r.id, scopes: JSON.parse(r.scopes) as Scope[], expired: now > r.expires_at }
      }
    }
    return undefined
  }

  consume(id: string): void {
    this.db
      .prepare('UPDATE secret_invites SET uses_left = uses_left - 1 WHERE id = ? AND uses_left > 0')
      .run(id)
  }

  /** Expired and used-up invites are of no use to anyone: drop them. */
  sweep(now: number): void {
    this.#q('DELETE FROM secret_invites WHERE uses_left <= 0 OR expires_at < ?').run(now - 86_400)
  }
}
