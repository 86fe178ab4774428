// The node's own identity (PEERS.md §1): created on first use, stored in data.db, never printed.
import type Database from 'better-sqlite3'
import type { CryptoProvider, RandomBytes, Signer } from './protocol/crypto.js'
import { fingerprint } from './protocol/fingerprint.js'
import {
  type BoxKeyPair,
  boxKeyPairFromSecret,
  generateNodeSecrets,
  nodeIdFromKey,
} from './protocol/identity.js'

export interface NodeIdentity {
  nodeId: string
  /** Signs with the current key. */
  signer: Signer
  box: BoxKeyPair
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
    box: boxKeyPairFromSecret(new Uint8Array(row.box_secret)),
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
