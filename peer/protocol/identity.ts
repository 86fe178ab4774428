// PEERS.md §1 — keys and node ids. A node signs with Ed25519 and receives sealed bodies on an X25519
// (nacl.box) key. Its node id is derived from its FIRST signing key and never changes when it rotates.

import nacl from 'tweetnacl'
import { type CryptoProvider, naclCrypto, naclRandomBytes, type RandomBytes } from './crypto.js'
import { fromBase64Url, toBase32, toBase64Url } from './encoding.js'

/** Frozen: `fz` + 26 lowercase base32 characters (128 bits). */
export const NODE_ID_PREFIX = 'fz'
export const NODE_ID_PATTERN = /^fz[a-z2-7]{26}$/
/** Frozen: a key id is base64url(32-byte Ed25519 public key), 43 characters. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/
export const BOX_KEY_LENGTH = 32

/** fz + lowercase base32 of the first 16 bytes of SHA-512(first public key). */
export function nodeIdFromKey(firstPublicKey: Uint8Array, crypto: CryptoProvider = naclCrypto): string {
  if (firstPublicKey.length !== 32) throw new RangeError('an Ed25519 public key is 32 bytes')
  return NODE_ID_PREFIX + toBase32(crypto.sha512(firstPublicKey).subarray(0, 16)).toLowerCase()
}

export function isNodeId(value: unknown): value is string {
  return typeof value === 'string' && NODE_ID_PATTERN.test(value)
}

/** The `keyid` of a signature and the wire form of every Ed25519 or X25519 public key. */
export function encodeKey(publicKey: Uint8Array): string {
  return toBase64Url(publicKey)
}

/** Undefined unless `text` is the canonical base64url of exactly 32 bytes. */
export function decodeKey(text: unknown): Uint8Array | undefined {
  if (typeof text !== 'string' || !KEY_ID_PATTERN.test(text)) return undefined
  const bytes = fromBase64Url(text)
  return bytes?.length === 32 ? bytes : undefined
}

export interface BoxKeyPair {
  readonly publicKey: Uint8Array
  readonly secretKey: Uint8Array
}

export function boxKeyPairFromSecret(secretKey: Uint8Array): BoxKeyPair {
  if (secretKey.length !== BOX_KEY_LENGTH) throw new RangeError('an X25519 secret key is 32 bytes')
  return nacl.box.keyPair.fromSecretKey(secretKey)
}

/** What a node stores (in data.db) to be itself: two 32-byte secrets. */
export interface NodeSecrets {
  readonly signSeed: Uint8Array
  readonly boxSecret: Uint8Array
}

export function generateNodeSecrets(random: RandomBytes = naclRandomBytes): NodeSecrets {
  return { signSeed: random(32), boxSecret: random(32) }
}
