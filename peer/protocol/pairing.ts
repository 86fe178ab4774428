// PEERS.md §11 — pairing messages and the proof of an invite secret. The proof binds the secret to both
// node ids, so it is useless for any other pair of nodes, and the secret itself never crosses the wire.

import { AppError } from '../../sdk/contract/errors.js'
import { type CryptoProvider, naclCrypto } from './crypto.js'
import { bytesEqual, concatBytes, fromBase64Url, toBase64Url, utf8 } from './encoding.js'
import { fingerprint, parseFingerprint } from './fingerprint.js'
import { decodeKey, isNodeId } from './identity.js'
import type { Invite } from './invite.js'
import type { SignedNodeRecord, VerifiedNodeRecord } from './node-record.js'
import { effectiveKeys } from './rotation.js'

/** Frozen domain-separation string of the proof. */
export const PAIR_PROOF_CONTEXT = 'fazt-pair-v1'
/** Frozen: peer names are DNS-label-like, so they work in `@name`. */
export const PEER_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/

/**
 * base64url(first 32 bytes of SHA-512(secret || "fazt-pair-v1" || joiner id || inviter id)).
 * Every part has a fixed length (32, 12, 28, 28 bytes), so the concatenation is unambiguous; truncating
 * the hash to 32 bytes rules out SHA-512 length extension.
 */
export function pairProof(
  secret: Uint8Array,
  joinerNodeId: string,
  inviterNodeId: string,
  crypto: CryptoProvider = naclCrypto,
): string {
  if (secret.length !== 32) throw new RangeError('an invite secret is 32 bytes')
  if (!isNodeId(joinerNodeId) || !isNodeId(inviterNodeId)) throw new RangeError('proof needs two node ids')
  const input = concatBytes(secret, utf8(PAIR_PROOF_CONTEXT), utf8(joinerNodeId), utf8(inviterNodeId))
  return toBase64Url(crypto.sha512(input).subarray(0, 32))
}

/** Constant-time comparison of a received proof with the expected one. */
export function checkPairProof(
  proof: unknown,
  secret: Uint8Array,
  joinerNodeId: string,
  inviterNodeId: string,
  crypto: CryptoProvider = naclCrypto,
): boolean {
  if (typeof proof !== 'string' || proof.length !== 43) return false
  const got = fromBase64Url(proof)
  const want = fromBase64Url(pairProof(secret, joinerNodeId, inviterNodeId, crypto)) as Uint8Array
  return got !== undefined && bytesEqual(got, want)
}

/** Params of the `peer.pair` verb, sent by the joiner (PEERS.md §11.3). */
export interface PairRequest {
  /** The joiner's signed node record; its sign_key must equal the request's keyid. */
  node: SignedNodeRecord
  /** Present when pairing by invite; absent asks the owner to approve (`fazt peer requests`). */
  proof?: string
  /** The name the joiner suggests the inviter use for it. */
  name?: string
}

/** Data of a successful `peer.pair` response, signed by the inviter. */
export interface PairResponse {
  status: 'paired' | 'pending'
  node: SignedNodeRecord
  /** Scopes the joiner now holds on the inviter ([] while pending). */
  scopes: string[]
}

/** Shape check only; the caller verifies `node` with verifyNodeRecord and compares its key with keyid. */
export function parsePairRequest(value: unknown): PairRequest {
  const fail = (m: string) => new AppError('INVALID_ARGUMENT', `peer.pair: ${m}`)
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw fail('params must be an object')
  const v = value as Record<string, unknown>
  for (const k of Object.keys(v))
    if (k !== 'node' && k !== 'proof' && k !== 'name') throw fail(`unknown field ${k}`)
  if (typeof v.node !== 'object' || v.node === null) throw fail('node (the signed node record) is required')
  const out: PairRequest = { node: v.node as SignedNodeRecord }
  if (v.proof !== undefined) {
    if (typeof v.proof !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(v.proof)) throw fail('proof is malformed')
    out.proof = v.proof
  }
  if (v.name !== undefined) {
    if (typeof v.name !== 'string' || !PEER_NAME_PATTERN.test(v.name)) throw fail('name is not a peer name')
    out.name = v.name
  }
  return out
}

/**
 * PEERS.md §11.3 step 2: the node answering at the invite's URL must be the invited node: same node id,
 * and the invite's fingerprint is one of its keys effective now. KEY_MISMATCH otherwise, worded as the
 * warning it is: someone else may be answering at that address.
 */
export function checkRecordMatchesInvite(
  invite: Invite,
  node: VerifiedNodeRecord,
  now: number,
  crypto: CryptoProvider = naclCrypto,
): void {
  if (node.record.node_id !== invite.node_id)
    throw keyMismatch('the node at this address is not the invited node')
  checkRecordMatchesFingerprint(invite.fp, node, now, crypto)
}

/** PEERS.md §11.4 step 1: pairing by fingerprint; `fp` as typed by a person (parseFingerprint rules). */
export function checkRecordMatchesFingerprint(
  fp: string,
  node: VerifiedNodeRecord,
  now: number,
  crypto: CryptoProvider = naclCrypto,
): void {
  const want = parseFingerprint(fp)
  const keys = effectiveKeys(node.record.sign_key, node.chain, now)
  if (!keys.some((k) => fingerprint(decodeKey(k) as Uint8Array, crypto) === want)) {
    throw keyMismatch(`the key answering at this address does not have fingerprint ${want}`)
  }
}

function keyMismatch(message: string): AppError {
  return new AppError('KEY_MISMATCH', `${message}: pairing aborted`, {
    hint: 'another machine may be answering at this address; check the URL and the fingerprint with its owner',
  })
}
