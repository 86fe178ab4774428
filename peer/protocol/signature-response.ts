// PEERS.md §5 — signed responses, bound to the request they answer (RFC 9421 §2.4 `;req` components):
// the callee signs the status, body digest and content type together with the request's method, path and
// signature, so a response cannot be replayed to another request or pass as another peer's.

import { AppError } from '../../sdk/contract/errors.js'
import { type CryptoProvider, naclCrypto, type Signer } from './crypto.js'
import { checkDigest, contentDigest, parseContentDigest } from './digest.js'
import { utf8 } from './encoding.js'
import type { HeaderBag } from './headers.js'
import { encodeKey } from './identity.js'
import { checkContentType, checkMethod, checkPath, checkSeconds } from './request-parts.js'
import type { LookupKey } from './signature.js'
import { component, signatureBase } from './signature-base.js'
import {
  coveredHeader,
  MAX_CONTENT_TYPE_LENGTH,
  MAX_DIGEST_HEADER_LENGTH,
  MAX_SIGNATURE_HEADER_LENGTH,
  malformed,
  readFaztSignature,
} from './signature-input.js'
import {
  type InnerList,
  isInnerList,
  type Member,
  type Params,
  parseDictionary,
  serializeBareItem,
  serializeInnerList,
  serializeMember,
} from './structured-fields.js'
import { HEADER, PROTOCOL_VERSION, SIGNATURE_ALG, SIGNATURE_LABEL } from './wire.js'

/** Frozen: the covered components of a response, in this order (PEERS.md §5.1). */
export const RESPONSE_COMPONENTS = [
  component('@status'),
  component('content-digest'),
  component('content-type'),
  component('@method', [['req', true]]),
  component('@path', [['req', true]]),
  component('signature', [
    ['req', true],
    ['key', SIGNATURE_LABEL],
  ]),
] as const
export const RESPONSE_PARAMS = ['created', 'keyid', 'alg'] as const

/** What binds a response to its request: taken from the request as sent (caller) or received (callee). */
export interface RequestBinding {
  method: string
  path: string
  /** The request's whole `Signature` header value, e.g. `fazt=:…:`. */
  signature: string
}

export interface SignResponseOptions {
  status: number
  body: Uint8Array
  contentType: string
  request: RequestBinding
  key: Signer
  now: number
  crypto?: CryptoProvider
}

export type SignedResponseHeaders = {
  'content-digest': string
  'content-type': string
  'fazt-protocol': string
  'signature-input': string
  signature: string
}

export function signResponse(opts: SignResponseOptions): SignedResponseHeaders {
  const crypto = opts.crypto ?? naclCrypto
  checkStatus(opts.status, (m) => new RangeError(m))
  checkContentType(opts.contentType, (m) => new RangeError(m))
  checkSeconds(opts.now, 'now')
  const params: Params = new Map()
  params.set('created', opts.now)
  params.set('keyid', encodeKey(opts.key.publicKey))
  params.set('alg', SIGNATURE_ALG)
  const input: InnerList = { items: [...RESPONSE_COMPONENTS], params }
  const digest = contentDigest(opts.body, crypto)
  const base = responseBase(
    input,
    opts.status,
    digest,
    opts.contentType,
    opts.request,
    (m) => new RangeError(m),
  )
  return {
    'content-digest': digest,
    'content-type': opts.contentType,
    'fazt-protocol': String(PROTOCOL_VERSION),
    'signature-input': `${SIGNATURE_LABEL}=${serializeInnerList(input)}`,
    signature: `${SIGNATURE_LABEL}=${serializeBareItem(opts.key.sign(utf8(base)))}`,
  }
}

/** PEERS.md §5.2: the exact bytes a response signature is made over. */
export function responseBase(
  input: InnerList,
  status: number,
  digest: string,
  contentType: string,
  request: RequestBinding,
  fail: (message: string) => Error,
): string {
  const method = checkMethod(request.method, fail)
  checkPath(request.path, fail)
  const values = [
    String(status),
    digest,
    contentType,
    method,
    request.path,
    requestSignatureValue(request, fail),
  ]
  return signatureBase(
    RESPONSE_COMPONENTS.map((id, i) => ({ id, value: values[i] as string })),
    input,
  )
}

/** RFC 9421 §2.1.2: with `key="fazt"` the value is the serialized `fazt` member of the request's Signature. */
function requestSignatureValue(request: RequestBinding, fail: (message: string) => Error): string {
  if (typeof request.signature !== 'string' || request.signature.length > MAX_SIGNATURE_HEADER_LENGTH) {
    throw fail('request Signature is missing or too long')
  }
  let member: Member | undefined
  try {
    member = parseDictionary(request.signature).get(SIGNATURE_LABEL)
  } catch {
    throw fail('request Signature is not a structured dictionary')
  }
  if (member === undefined || isInnerList(member)) throw fail('request Signature has no fazt byte sequence')
  return serializeMember(member)
}

export interface VerifyResponseOptions {
  /** Must return only keys pinned for the peer that was called (its effective key set, PEERS.md §7.3). */
  lookupKey: LookupKey
  crypto?: CryptoProvider
}

export interface VerifiedResponse {
  keyId: string
  publicKey: Uint8Array
  created: number
}

/** PEERS.md §5.3. A response that does not verify must not be believed, whatever its status. */
export function verifyResponse(
  headers: HeaderBag,
  parts: { status: number; body: Uint8Array },
  request: RequestBinding,
  opts: VerifyResponseOptions,
): VerifiedResponse {
  const crypto = opts.crypto ?? naclCrypto
  const sig = readFaztSignature(headers, RESPONSE_COMPONENTS, RESPONSE_PARAMS)
  const contentType = coveredHeader(headers, HEADER.contentType, MAX_CONTENT_TYPE_LENGTH)
  const digestHeader = coveredHeader(headers, HEADER.contentDigest, MAX_DIGEST_HEADER_LENGTH)
  const digest = parseContentDigest(digestHeader)
  checkContentType(contentType, malformed)
  checkStatus(parts.status, malformed)
  const publicKey = opts.lookupKey(sig.keyId, sig.publicKeyFromId)
  if (publicKey === undefined || publicKey === null) {
    throw new AppError('UNKNOWN_KEY', 'the response is signed by a key not pinned for this peer', {
      hint: 'another node answered at this address, or the peer rotated its key: check fazt peer list',
    })
  }
  checkDigest(digest, parts.body, crypto)
  const base = responseBase(sig.input, parts.status, digestHeader, contentType, request, malformed)
  if (!crypto.verify(utf8(base), sig.signature, publicKey)) {
    throw new AppError('BAD_SIGNATURE', 'the response signature does not verify')
  }
  return { keyId: sig.keyId, publicKey, created: sig.created }
}

function checkStatus(status: number, fail: (message: string) => Error): void {
  if (!Number.isInteger(status) || status < 100 || status > 599) throw fail('status must be 100..599')
}
