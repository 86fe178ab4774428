// PEERS.md §3.1 — the node record at GET /.well-known/fazt-node, self-signed so any transport will do:
// who a node is (id, current signing key, box key, key history), where it answers, and what it speaks.

import { AppError } from '../../sdk/contract/errors.js'
import { type CryptoProvider, naclCrypto, type Signer } from './crypto.js'
import { decodeKey, encodeKey, isNodeId, nodeIdFromKey } from './identity.js'
import { checkSeconds } from './request-parts.js'
import { type SignedRotation, verifyKeyChain } from './rotation.js'
import { PURPOSE, signJson, verifyJson } from './signed-json.js'
import { MAX_CLOCK_SKEW_SECONDS } from './wire.js'

/** Frozen: the record format version. */
export const NODE_RECORD_VERSION = 1
/** Frozen limits on an untrusted record. */
export const MAX_URLS = 16
export const MAX_URL_LENGTH = 2048
export const MAX_VERBS = 1024
export const MAX_VERB_LENGTH = 128

export interface NodeRecord {
  v: 1
  node_id: string
  sign_key: string
  box_key: string
  key_chain: SignedRotation[]
  urls: string[]
  version: string
  verbs: string[]
  issued_at: number
}

export interface SignedNodeRecord {
  record: NodeRecord
  sig: string
}

export interface BuildNodeRecordOptions {
  signer: Signer
  boxPublicKey: Uint8Array
  /** Rotations from the first key to `signer`'s key, oldest first; [] for a node that never rotated. */
  keyChain: SignedRotation[]
  urls: string[]
  version: string
  verbs: string[]
  issuedAt: number
  crypto?: CryptoProvider
}

export function signNodeRecord(opts: BuildNodeRecordOptions): SignedNodeRecord {
  checkSeconds(opts.issuedAt, 'issuedAt')
  const signKey = encodeKey(opts.signer.publicKey)
  const first = opts.keyChain[0]?.record.old_key ?? signKey
  const firstKey = decodeKey(first)
  if (firstKey === undefined) throw new RangeError('key chain starts with a malformed key')
  const record: NodeRecord = {
    v: NODE_RECORD_VERSION,
    node_id: nodeIdFromKey(firstKey, opts.crypto ?? naclCrypto),
    sign_key: signKey,
    box_key: encodeKey(opts.boxPublicKey),
    key_chain: opts.keyChain,
    urls: opts.urls,
    version: opts.version,
    verbs: opts.verbs,
    issued_at: opts.issuedAt,
  }
  checkShape(record, (m) => new RangeError(m))
  return { record, sig: signJson(PURPOSE.nodeRecord, record, opts.signer) }
}

export interface VerifiedNodeRecord {
  record: NodeRecord
  /** base64url of the key the node id derives from. */
  firstKey: string
  chain: SignedRotation[]
}

function invalid(message: string): AppError {
  return new AppError('NODE_RECORD_INVALID', `node record: ${message}`)
}

function checkShape(value: object, fail: (m: string) => Error): void {
  const r = value as Record<string, unknown>
  if (!isNodeId(r.node_id)) throw fail('node_id is not a node id')
  if (!decodeKey(r.sign_key)) throw fail('sign_key is not a base64url Ed25519 key')
  if (!decodeKey(r.box_key)) throw fail('box_key is not a base64url X25519 key')
  if (!stringList(r.urls, MAX_URLS, MAX_URL_LENGTH) || r.urls.length === 0 || !r.urls.every(isHttpUrl)) {
    throw fail(`urls must be 1..${MAX_URLS} http(s) URLs`)
  }
  if (typeof r.version !== 'string' || r.version.length > 64) throw fail('version must be a short string')
  if (!stringList(r.verbs, MAX_VERBS, MAX_VERB_LENGTH)) throw fail('verbs must be a list of verb names')
  if (!Number.isSafeInteger(r.issued_at) || (r.issued_at as number) < 0)
    throw fail('issued_at must be seconds')
}

function stringList(v: unknown, max: number, maxLength: number): v is string[] {
  return Array.isArray(v) && v.length <= max && v.every((s) => typeof s === 'string' && s.length <= maxLength)
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s)
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.username === '' && u.password === ''
  } catch {
    return false
  }
}

/**
 * Verifies an untrusted record (as parsed from the wire): shape, version, key chain from the key the node
 * id derives from up to sign_key, and the signature by sign_key. With `now`, a record issued more than
 * 60 s in the future is refused. Whether the node is the one the caller pinned is the caller's check.
 */
export function verifyNodeRecord(
  value: unknown,
  opts: { now?: number; crypto?: CryptoProvider } = {},
): VerifiedNodeRecord {
  const crypto = opts.crypto ?? naclCrypto
  if (typeof value !== 'object' || value === null) throw invalid('not an object')
  const v = value as Record<string, unknown>
  if (typeof v.record !== 'object' || v.record === null || Array.isArray(v.record)) throw invalid('no record')
  const r = v.record as Record<string, unknown>
  if (r.v !== NODE_RECORD_VERSION) {
    throw new AppError(
      'VERSION_SKEW',
      `node record version ${String(r.v)} is not supported (this node knows 1)`,
      {
        hint: 'upgrade fazt on this node',
      },
    )
  }
  checkShape(r, invalid)
  const chainIn = r.key_chain
  const first = Array.isArray(chainIn) && chainIn.length > 0 ? firstKeyOf(chainIn[0]) : r.sign_key
  const firstBytes = decodeKey(first)
  if (firstBytes === undefined) throw invalid('key_chain starts with a malformed key')
  const nodeId = r.node_id as string
  if (nodeIdFromKey(firstBytes, crypto) !== nodeId) throw invalid('node_id is not derived from the first key')
  let verified: ReturnType<typeof verifyKeyChain>
  try {
    verified = verifyKeyChain(nodeId, first as string, chainIn, crypto)
  } catch (e) {
    throw invalid((e as Error).message)
  }
  if (verified.currentKey !== r.sign_key) throw invalid('key_chain does not end at sign_key')
  const signKey = decodeKey(r.sign_key) as Uint8Array
  if (!verifyJson(PURPOSE.nodeRecord, r, v.sig, signKey, crypto)) throw invalid('signature does not verify')
  if (opts.now !== undefined && (r.issued_at as number) > opts.now + MAX_CLOCK_SKEW_SECONDS) {
    throw invalid('issued_at is in the future')
  }
  return { record: r as unknown as NodeRecord, firstKey: first as string, chain: verified.chain }
}

function firstKeyOf(rotation: unknown): unknown {
  if (typeof rotation !== 'object' || rotation === null) return undefined
  const rec = (rotation as { record?: unknown }).record
  return typeof rec === 'object' && rec !== null ? (rec as { old_key?: unknown }).old_key : undefined
}
