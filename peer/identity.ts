// The node's own identity (PEERS.md §1): created on first use, stored in data.db, never printed.
import type Database from 'better-sqlite3'
import type { CryptoProvider, RandomBytes, Signer } from './protocol/crypto.js'
import { fingerprint } from './protocol/fingerprint.js'
import { type BoxKeyPair, generateNodeSecrets, nodeIdFromKey } from './protocol/identity.js'

export interface NodeIdentity {
  nodeId: string
  /** Signs with the current key. */
  signer: Signer
  readonly box: BoxKeyPair
  fingerprint: string
  firstKey: Uint8Array
  /** Signed rotation records (JSON text), oldest first. */
  chain: string[]
}

interface Row {
  node_id: string
  first_key: Uint8Array
  sign_seed: Uint8Array
  box_secret: Uint8Array
}

export function loadIdentity(db: Database.Database, crypto: CryptoProvider): NodeIdentity | undefined {
  const row = db
    .prepare('SELECT node_id, first_key, sign_seed, box_secret FROM secret_identity WHERE id = 1')
    .get() as Row | undefined
  if (!row) return undefined
  const signer = crypto.signerFromSeed(new Uint8Array(row.sign_seed))
  const chain = db.prepare('SELECT record FROM identity_chain ORDER BY seq').pluck().all() as string[]
  return {
    nodeId: row.node_id,
    signer,
    // Derived when first used (sealing): an X25519 scalar multiplication is slow in plain JavaScript.
    get box() {
      const pair = {
        secretKey: new Uint8Array(row.box_secret),
        publicKey: crypto.boxPublicKey(new Uint8Array(row.box_secret)),
      }
      Object.defineProperty(this, 'box', { value: pair })
      return pair
    },
    fingerprint: fingerprint(signer.publicKey, crypto),
    firstKey: new Uint8Array(row.first_key),
    chain,
  }
}

/** Loads the identity, creating it on first use. Safe when two processes race: the first insert wins. */
export function ensureIdentity(
  db: Database.Database,
  crypto: CryptoProvider,
  now: number,
  random?: RandomBytes,
): NodeIdentity {
  const existing = loadIdentity(db, crypto)
  if (existing) return existing
  const secrets = generateNodeSecrets(random)
  const first = crypto.signerFromSeed(secrets.signSeed).publicKey
  db.prepare(
    'INSERT OR IGNORE INTO secret_identity (id, node_id, first_key, sign_seed, box_secret, created_at) VALUES (1, ?, ?, ?, ?, ?)',
  ).run(nodeIdFromKey(first, crypto), first, secrets.signSeed, secrets.boxSecret, now)
  return loadIdentity(db, crypto) as NodeIdentity
}

/**
 * Replaces the signing key (PEERS.md §7): appends the rotation record, signed by both keys, to the chain
 * and stores the new seed, in one transaction. The node id does not change.
 */
export function storeRotation(
  db: Database.Database,
  newSeed: Uint8Array,
  rotation: string,
  now: number,
): void {
  db.transaction(() => {
    db.prepare('INSERT INTO identity_chain (record, created_at) VALUES (?, ?)').run(rotation, now)
    db.prepare('UPDATE secret_identity SET sign_seed = ? WHERE id = 1').run(newSeed)
  }).immediate()
}

/**
 * Retires the current identity into history and makes a new one (a copied data file becomes a new node:
 * SPEC §11). Returns the history entry's number, for `fazt node adopt` to restore it.
 */
export function forkIdentity(
  db: Database.Database,
  crypto: CryptoProvider,
  now: number,
  random?: RandomBytes,
): number {
  return db
    .transaction(() => {
      const chain = JSON.stringify(db.prepare('SELECT record FROM identity_chain ORDER BY seq').pluck().all())
      const seq = db
        .prepare(
          `INSERT INTO secret_identity_history (node_id, first_key, sign_seed, box_secret, chain, retired_at)
         SELECT node_id, first_key, sign_seed, box_secret, ?, ? FROM secret_identity WHERE id = 1`,
        )
        .run(chain, now).lastInsertRowid as number
      db.prepare('DELETE FROM secret_identity').run()
      db.prepare('DELETE FROM identity_chain').run()
      ensureIdentity(db, crypto, now, random)
      return seq
    })
    .immediate()
}

/** Puts a retired identity back (with its key chain), dropping the one made by the fork. */
export function restoreIdentity(db: Database.Database, seq: number): void {
  db.transaction(() => {
    const row = db.prepare('SELECT * FROM secret_identity_history WHERE seq = ?').get(seq) as
      | (Row & { chain: string; retired_at: number })
      | undefined
    if (!row) throw new Error(`no retired identity ${seq}`)
    db.prepare('DELETE FROM secret_identity').run()
    db.prepare('DELETE FROM identity_chain').run()
    db.prepare(
      'INSERT INTO secret_identity (id, node_id, first_key, sign_seed, box_secret, created_at) VALUES (1, ?, ?, ?, ?, ?)',
    ).run(row.node_id, row.first_key, row.sign_seed, row.box_secret, row.retired_at)
    const add = db.prepare('INSERT INTO identity_chain (record, created_at) VALUES (?, ?)')
    for (const r of JSON.parse(row.chain) as string[]) add.run(r, row.retired_at)
    db.prepare('DELETE FROM secret_identity_history WHERE seq = ?').run(seq)
  }).immediate()
}
