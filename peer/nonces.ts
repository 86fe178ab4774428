// Replay cache (PEERS.md §6): a nonce is accepted once while its signature could still be valid. Kept in
// data.db so a restart does not reopen the window.
import type Database from 'better-sqlite3'

export class NonceCache {
  #insert
  #sweep
  #lastSweep = 0

  constructor(db: Database.Database) {
    this.#insert = db.prepare('INSERT OR IGNORE INTO peer_nonces (nonce, expires_at) VALUES (?, ?)')
    this.#sweep = db.prepare('DELETE FROM peer_nonces WHERE expires_at < ?')
  }

  /** True the first time a nonce is seen; false for a replay. Times in seconds (PEERS.md §0). */
  accept(keyId: string, nonce: string, expiresAt: number, now: number): boolean {
    if (now - this.#lastSweep > 10) {
      this.#sweep.run(now)
      this.#lastSweep = now
    }
    return this.#insert.run(`${keyId}:${nonce}`, expiresAt).changes === 1
  }
}
