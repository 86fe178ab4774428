// PEERS.md §10 — sealed bodies for plain HTTP. The caller seals each request to the callee's box key
// with a fresh ephemeral X25519 key; the callee seals its response with the same shared key and a fresh
// nonce, so only that caller can read it. Signatures cover the sealed bytes: verify first, then open.

import nacl from 'tweetnacl'
import { AppError } from '../../sdk/contract/errors.js'
import { type CryptoProvider, naclCrypto, naclRandomBytes, type RandomBytes } from './crypto.js'
import { concatBytes, fromUtf8, utf8 } from './encoding.js'

/** Frozen envelope kinds (the first byte). */
export const SEALED_REQUEST = 0x01
export const SEALED_RESPONSE = 0x02
const KEY = 32
const NONCE = 24
const OVERHEAD = 16
const MAX_CONTENT_TYPE = 255

/** The shared key of one request/response exchange. Never serialize or log it. */
export interface SealContext {
  readonly sharedKey: Uint8Array
}

export interface Opened {
  contentType: string
  body: Uint8Array
}

function frame(contentType: string, body: Uint8Array): Uint8Array {
  const ct = utf8(contentType)
  if (ct.length === 0 || ct.length > MAX_CONTENT_TYPE || !/^[\x21-\x7e][\x20-\x7e]*$/.test(contentType)) {
    throw new RangeError('sealed content type must be 1..255 printable ASCII characters')
  }
  return concatBytes(Uint8Array.of(ct.length), ct, body)
}

function unframe(plain: Uint8Array): Opened {
  const n = plain[0] ?? 0
  if (n === 0 || plain.length < 1 + n) throw malformed('the sealed plaintext has no content type')
  let contentType: string
  try {
    contentType = fromUtf8(plain.subarray(1, 1 + n))
  } catch {
    throw malformed('the sealed content type is not text')
  }
  return { contentType, body: plain.subarray(1 + n) }
}

function malformed(message: string): AppError {
  return new AppError('SEAL_MALFORMED', message)
}
function openFailed(): AppError {
  return new AppError(
    'SEAL_OPEN_FAILED',
    'the sealed body cannot be opened: it was altered, or sealed to another key',
  )
}

export interface SealRequestOptions {
  body: Uint8Array
  contentType: string
  /** The callee's box key from its verified node record. */
  recipientBoxKey: Uint8Array
  random?: RandomBytes
  /** X25519 implementation (node:crypto is much faster than tweetnacl); same bytes either way. */
  crypto?: CryptoProvider
  /** Fixed values for test vectors only. */
  ephemeralSecret?: Uint8Array
  nonce?: Uint8Array
}

/** Wire: 0x01 | ephemeral public key (32) | nonce (24) | nacl.box ciphertext. */
export function sealRequest(opts: SealRequestOptions): { wire: Uint8Array; context: SealContext } {
  if (opts.recipientBoxKey.length !== KEY) throw new RangeError('a box key is 32 bytes')
  const random = opts.random ?? naclRandomBytes
  const crypto = opts.crypto ?? naclCrypto
  const eph = opts.ephemeralSecret
    ? { secretKey: opts.ephemeralSecret, publicKey: crypto.boxPublicKey(opts.ephemeralSecret) }
    : crypto.boxKeyPair()
  const ephSecret = eph.secretKey
  const ephPublic = eph.publicKey
  const nonce = opts.nonce ?? random(NONCE)
  if (nonce.length !== NONCE) throw new RangeError('a box nonce is 24 bytes')
  const sharedKey = crypto.boxBefore(opts.recipientBoxKey, ephSecret)
  const box = nacl.box.after(frame(opts.contentType, opts.body), nonce, sharedKey)
  return {
    wire: concatBytes(Uint8Array.of(SEALED_REQUEST), ephPublic, nonce, box),
    context: { sharedKey },
  }
}

export function openRequest(
  wire: Uint8Array,
  boxSecretKey: Uint8Array,
  crypto: CryptoProvider = naclCrypto,
): Opened & { context: SealContext } {
  if (wire.length === 0 || wire[0] !== SEALED_REQUEST)
    throw malformed('not a sealed request (first byte 0x01)')
  if (wire.length < 1 + KEY + NONCE + OVERHEAD + 1) throw malformed('sealed request is truncated')
  const ephPublic = wire.subarray(1, 1 + KEY)
  const nonce = wire.subarray(1 + KEY, 1 + KEY + NONCE)
  let sharedKey: Uint8Array
  try {
    sharedKey = crypto.boxBefore(ephPublic, boxSecretKey)
  } catch {
    throw openFailed()
  }
  const plain = nacl.box.open.after(wire.subarray(1 + KEY + NONCE), nonce, sharedKey)
  if (plain === null) throw openFailed()
  return { ...unframe(plain), context: { sharedKey } }
}

/** Wire: 0x02 | nonce (24) | nacl.box ciphertext under the request's shared key. */
export function sealResponse(
  context: SealContext,
  message: { body: Uint8Array; contentType: string },
  opts: { random?: RandomBytes; nonce?: Uint8Array } = {},
): Uint8Array {
  const nonce = opts.nonce ?? (opts.random ?? naclRandomBytes)(NONCE)
  if (nonce.length !== NONCE) throw new RangeError('a box nonce is 24 bytes')
  const box = nacl.box.after(frame(message.contentType, message.body), nonce, context.sharedKey)
  return concatBytes(Uint8Array.of(SEALED_RESPONSE), nonce, box)
}

export function openResponse(context: SealContext, wire: Uint8Array): Opened {
  if (wire.length === 0 || wire[0] !== SEALED_RESPONSE)
    throw malformed('not a sealed response (first byte 0x02)')
  if (wire.length < 1 + NONCE + OVERHEAD + 1) throw malformed('sealed response is truncated')
  const nonce = wire.subarray(1, 1 + NONCE)
  const plain = nacl.box.open.after(wire.subarray(1 + NONCE), nonce, context.sharedKey)
  if (plain === null) throw openFailed()
  return unframe(plain)
}
