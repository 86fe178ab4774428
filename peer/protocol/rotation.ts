// PEERS.md §7 — key rotation. A rotation record names the old and new signing key and is signed by BOTH:
// the new key proves it is held, the old key proves the node agreed. The node id stays the one derived
// from the first key. Because a stolen old key could sign a rotation to a key of the thief, grace periods
// are short and a peer only accepts a chain that extends the one it pinned (PEERS.md §7.4).

import { AppError } from '../../sdk/contract/errors.js'
import { canonicalJson } from './canonical-json.js'
import { type CryptoProvider, naclCrypto, type Signer } from './crypto.js'
import { decodeKey, encodeKey, isNodeId } from './identity.js'
import { checkSeconds } from './request-parts.js'
import { PURPOSE, signJson, verifyJson } from './signed-json.js'

/** Frozen limits. */
export const MAX_GRACE_SECONDS = 30 * 24 * 3600
export const MAX_KEY_CHAIN_LENGTH = 64

export interface RotationRecord {
  type: 'rotate'
  node_id: string
  old_key: string
  new_key: string
  at: number
  grace_until: number
}

export interface SignedRotation {
  record: RotationRecord
  old_sig: string
  new_sig: string
}

export interface CreateRotationOptions {
  nodeId: string
  oldKey: Signer
  newKey: Signer
  /** Unix seconds. */
  at: number
  /** How long the old key keeps working; 0..30 days. */
  graceSeconds: number
}

export function createRotation(opts: CreateRotationOptions): SignedRotation {
  checkSeconds(opts.at, 'at')
  if (
    !Number.isInteger(opts.graceSeconds) ||
    opts.graceSeconds < 0 ||
    opts.graceSeconds > MAX_GRACE_SECONDS
  ) {
    throw new RangeError('graceSeconds must be 0..30 days')
  }
  const record: RotationRecord = {
    type: 'rotate',
    node_id: opts.nodeId,
    old_key: encodeKey(opts.oldKey.publicKey),
    new_key: encodeKey(opts.newKey.publicKey),
    at: opts.at,
    grace_until: opts.at + opts.graceSeconds,
  }
  checkRecordShape(record, (m) => new RangeError(m))
  return {
    record,
    old_sig: signJson(PURPOSE.rotation, record, opts.oldKey),
    new_sig: signJson(PURPOSE.rotation, record, opts.newKey),
  }
}

function invalid(message: string): AppError {
  return new AppError('ROTATION_INVALID', message)
}

function checkRecordShape(value: object, fail: (m: string) => Error): void {
  const r = value as Record<string, unknown>
  if (r.type !== 'rotate') throw fail('rotation type must be "rotate"')
  if (!isNodeId(r.node_id)) throw fail('rotation node_id is not a node id')
  if (!decodeKey(r.old_key) || !decodeKey(r.new_key))
    throw fail('rotation keys must be base64url Ed25519 keys')
  if (r.old_key === r.new_key) throw fail('rotation must change the key')
  const at = r.at
  const grace = r.grace_until
  if (!Number.isSafeInteger(at) || !Number.isSafeInteger(grace)) throw fail('rotation times must be integers')
  const g = (grace as number) - (at as number)
  if ((at as number) < 0 || g < 0 || g > MAX_GRACE_SECONDS) throw fail('grace_until must be at + 0..30 days')
}

/** Checks shape and both signatures of one untrusted rotation; throws ROTATION_INVALID. */
export function verifyRotation(value: unknown, crypto: CryptoProvider = naclCrypto): SignedRotation {
  if (typeof value !== 'object' || value === null) throw invalid('rotation is not an object')
  const v = value as Record<string, unknown>
  if (typeof v.record !== 'object' || v.record === null || Array.isArray(v.record)) {
    throw invalid('rotation has no record')
  }
  const record = v.record as Record<string, unknown>
  checkRecordShape(record, invalid)
  const oldKey = decodeKey(record.old_key) as Uint8Array
  const newKey = decodeKey(record.new_key) as Uint8Array
  if (!verifyJson(PURPOSE.rotation, record, v.old_sig, oldKey, crypto))
    throw invalid('old key signature fails')
  if (!verifyJson(PURPOSE.rotation, record, v.new_sig, newKey, crypto))
    throw invalid('new key signature fails')
  return {
    record: record as unknown as RotationRecord,
    old_sig: v.old_sig as string,
    new_sig: v.new_sig as string,
  }
}

/**
 * Verifies a whole chain starting at `firstKey` (base64url) for `nodeId`: each rotation signed by both
 * keys, each starting from the key the previous one ended at, times non-decreasing, no key reused.
 * Returns the verified chain and the current key.
 */
export function verifyKeyChain(
  nodeId: string,
  firstKey: string,
  chain: unknown,
  crypto: CryptoProvider = naclCrypto,
): { chain: SignedRotation[]; currentKey: string } {
  if (!Array.isArray(chain)) throw invalid('key_chain is not an array')
  if (chain.length > MAX_KEY_CHAIN_LENGTH) throw invalid(`key_chain is longer than ${MAX_KEY_CHAIN_LENGTH}`)
  const out: SignedRotation[] = []
  const used = new Set([firstKey])
  let current = firstKey
  let lastAt = 0
  for (const item of chain) {
    const rot = verifyRotation(item, crypto)
    const r = rot.record
    if (r.node_id !== nodeId) throw invalid('a rotation in key_chain belongs to another node')
    if (r.old_key !== current)
      throw invalid('key_chain is broken: a rotation does not start at the current key')
    if (r.at < lastAt) throw invalid('key_chain rotations are out of order')
    if (used.has(r.new_key)) throw invalid('key_chain reuses a key')
    used.add(r.new_key)
    current = r.new_key
    lastAt = r.at
    out.push(rot)
  }
  return { chain: out, currentKey: current }
}

/**
 * PEERS.md §7.3: the keys (base64url) a node may sign with at time `now`: its current key always, and each
 * retired key while now <= that rotation's grace_until — never after. A rotation with no grace
 * (grace_until == at: `fazt node adopt`) retires the old key at once.
 */
export function effectiveKeys(currentKey: string, chain: readonly SignedRotation[], now: number): string[] {
  const keys = [currentKey]
  for (const { record } of chain) {
    const graced = record.grace_until > record.at && now <= record.grace_until
    if (graced && !keys.includes(record.old_key)) keys.push(record.old_key)
  }
  return keys
}

/**
 * PEERS.md §7.4: true when `candidate` starts with every rotation of `pinned`, unchanged. A peer replaces
 * its pinned chain only with one that extends it; a fork or a shorter chain is a different history.
 */
export function extendsChain(
  pinned: readonly SignedRotation[],
  candidate: readonly SignedRotation[],
): boolean {
  if (candidate.length < pinned.length) return false
  return pinned.every((rot, i) => canonicalJson(rot) === canonicalJson(candidate[i]))
}
