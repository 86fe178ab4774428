// PEERS.md §4 — signed peer requests: an RFC 9421 profile with ed25519, covering the method, path, query,
// body digest, content type and recipient node id, with created/expires and a nonce.

import { AppError } from '../../sdk/contract/errors.js'
import { type CryptoProvider, naclCrypto, naclRandomBytes, type RandomBytes, type Signer } from './crypto.js'
import { checkDigest, contentDigest, parseContentDigest } from './digest.js'
import { fromBase64Url, toBase64Url, utf8 } from './encoding.js'
import type { HeaderBag } from './headers.js'
import { encodeKey, isNodeId } from './identity.js'
import { checkContentType, checkMethod, checkPath, checkQuery, checkSeconds } from './request-parts.js'
import { component, queryComponent, signatureBase } from './signature-base.js'
import {
  coveredHeader,
  MAX_CONTENT_TYPE_LENGTH,
  MAX_DIGEST_HEADER_LENGTH,
  MAX_RECIPIENT_HEADER_LENGTH,
  malformed,
  readFaztSignature,
} from './signature-input.js'
import { type InnerList, type Params, serializeBareItem, serializeInnerList } from './structured-fields.js'
import {
  HEADER,
  MAX_CLOCK_SKEW_SECONDS,
  MAX_SIGNATURE_LIFETIME_SECONDS,
  PROTOCOL_VERSION,
  SIGNATURE_ALG,
  SIGNATURE_LABEL,
} from './wire.js'

/** Frozen: the covered components of a request, in this order (PEERS.md §4.1). */
export const REQUEST_COMPONENTS = [
  component('@method'),
  component('@path'),
  component('@query'),
  component('content-digest'),
  component('content-type'),
  component('fazt-recipient'),
] as const
/** Frozen: the signature parameters of a request, in the order a signer writes them. */
export const REQUEST_PARAMS = ['created', 'expires', 'nonce', 'keyid', 'alg'] as const
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{22}$/

export interface RequestParts {
  /** Sent and signed uppercase. */
  method: string
  /** The path of the request target as sent, percent-encoding untouched, without the query. */
  path: string
  /** The raw query after `?`, '' when there is none. */
  query: string
  /** The body bytes exactly as sent (sealed bytes when sealed). */
  body: Uint8Array
}

export interface SignRequestOptions extends RequestParts {
  contentType: string
  recipient: string
  key: Signer
  /** Unix time in whole seconds. */
  now: number
  /** 16 bytes; random when absent. */
  nonce?: Uint8Array
  /** expires - created, 1..60 seconds; 60 when absent. */
  lifetime?: number
  crypto?: CryptoProvider
  random?: RandomBytes
}

export type SignedRequestHeaders = {
  'content-digest': string
  'content-type': string
  'fazt-recipient': string
  'fazt-protocol': string
  'signature-input': string
  signature: string
}

export function signRequest(opts: SignRequestOptions): SignedRequestHeaders {
  const crypto = opts.crypto ?? naclCrypto
  const method = checkMethod(opts.method, rangeError)
  checkPath(opts.path, rangeError)
  checkQuery(opts.query, rangeError)
  checkContentType(opts.contentType, rangeError)
  checkSeconds(opts.now, 'now')
  if (!isNodeId(opts.recipient)) throw new RangeError('recipient must be a node id')
  const lifetime = opts.lifetime ?? MAX_SIGNATURE_LIFETIME_SECONDS
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > MAX_SIGNATURE_LIFETIME_SECONDS) {
    throw new RangeError('lifetime must be 1..60 seconds')
  }
  const nonce = opts.nonce ?? (opts.random ?? naclRandomBytes)(16)
  if (nonce.length !== 16) throw new RangeError('a nonce is 16 bytes')

  const params: Params = new Map()
  params.set('created', opts.now)
  params.set('expires', opts.now + lifetime)
  params.set('nonce', toBase64Url(nonce))
  params.set('keyid', encodeKey(opts.key.publicKey))
  params.set('alg', SIGNATURE_ALG)
  const input: InnerList = { items: [...REQUEST_COMPONENTS], params }
  const digest = contentDigest(opts.body, crypto)
  const base = requestBase(input, method, opts.path, opts.query, digest, opts.contentType, opts.recipient)
  const sig = opts.key.sign(utf8(base))
  return {
    'content-digest': digest,
    'content-type': opts.contentType,
    'fazt-recipient': opts.recipient,
    'fazt-protocol': String(PROTOCOL_VERSION),
    'signature-input': `${SIGNATURE_LABEL}=${serializeInnerList(input)}`,
    signature: `${SIGNATURE_LABEL}=${serializeBareItem(sig)}`,
  }
}

/** PEERS.md §4.3: the exact bytes a request signature is made over. */
export function requestBase(
  input: InnerList,
  method: string,
  path: string,
  query: string,
  digest: string,
  contentType: string,
  recipient: string,
): string {
  const values = [method, path, queryComponent(query), digest, contentType, recipient]
  return signatureBase(
    REQUEST_COMPONENTS.map((id, i) => ({ id, value: values[i] as string })),
    input,
  )
}

/** Returns the key to verify with, or undefined/null when the key id is not pinned to a peer. */
export type LookupKey = (keyId: string, claimedKey: Uint8Array) => Uint8Array | undefined | null

export interface VerifyRequestOptions {
  /** Unix time in whole seconds, from the verifier's clock. */
  now: number
  /** This node's id: a request signed for another node is refused. */
  expectedRecipient: string
  lookupKey: LookupKey
  crypto?: CryptoProvider
}

export interface VerifiedRequest {
  keyId: string
  publicKey: Uint8Array
  /** The caller records (keyId, nonce) until `expires` and refuses a second use (PEERS.md §6). */
  nonce: string
  created: number
  expires: number
  signature: Uint8Array
}

/** PEERS.md §4.5: checks run in this order; the first failure is reported. */
export function verifyRequest(
  headers: HeaderBag,
  parts: RequestParts,
  opts: VerifyRequestOptions,
): VerifiedRequest {
  const crypto = opts.crypto ?? naclCrypto
  checkSeconds(opts.now, 'now')
  // 1. parse
  const sig = readFaztSignature(headers, REQUEST_COMPONENTS, REQUEST_PARAMS)
  const expires = sig.params.get('expires')
  const nonce = sig.params.get('nonce')
  if (typeof expires !== 'number') throw malformed('expires must be an integer')
  if (typeof nonce !== 'string' || !NONCE_PATTERN.test(nonce) || fromBase64Url(nonce)?.length !== 16) {
    throw malformed('nonce must be the base64url of 16 bytes')
  }
  const recipient = coveredHeader(headers, HEADER.recipient, MAX_RECIPIENT_HEADER_LENGTH)
  const contentType = coveredHeader(headers, HEADER.contentType, MAX_CONTENT_TYPE_LENGTH)
  const digestHeader = coveredHeader(headers, HEADER.contentDigest, MAX_DIGEST_HEADER_LENGTH)
  const digest = parseContentDigest(digestHeader)
  const method = checkMethod(parts.method, malformed)
  checkPath(parts.path, malformed)
  checkQuery(parts.query, malformed)
  checkContentType(contentType, malformed)
  // 2. recipient
  if (recipient !== opts.expectedRecipient) {
    throw new AppError('WRONG_RECIPIENT', 'the request was signed for another node', {
      hint: 'the caller pinned a different node id for this address',
      details: { recipient },
    })
  }
  // 3. time window
  const lifetime = expires - sig.created
  if (lifetime < 1 || lifetime > MAX_SIGNATURE_LIFETIME_SECONDS)
    throw malformed('expires must be created + 1..60')
  const skew = sig.created - opts.now
  if (Math.abs(skew) > MAX_CLOCK_SKEW_SECONDS) {
    throw new AppError('CLOCK_SKEW', `the caller's clock is ${skew} s away from this node's`, {
      hint: 'synchronise both clocks (NTP); signatures are accepted within ±60 s',
      details: { skew },
    })
  }
  if (opts.now > expires) throw new AppError('EXPIRED', 'the request signature has expired')
  // 4. key
  const publicKey = opts.lookupKey(sig.keyId, sig.publicKeyFromId)
  if (publicKey === undefined || publicKey === null) {
    throw new AppError('UNKNOWN_KEY', 'the request is signed by a key this node does not know', {
      hint: 'pair the nodes first (fazt peer add), or the peer was removed',
    })
  }
  // 5. digest of the bytes as received
  checkDigest(digest, parts.body, crypto)
  // 6. signature
  const base = requestBase(sig.input, method, parts.path, parts.query, digestHeader, contentType, recipient)
  if (!crypto.verify(utf8(base), sig.signature, publicKey)) {
    throw new AppError('BAD_SIGNATURE', 'the request signature does not verify')
  }
  return { keyId: sig.keyId, publicKey, nonce, created: sig.created, expires, signature: sig.signature }
}

function rangeError(message: string): Error {
  return new RangeError(message)
}
