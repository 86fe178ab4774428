// PEERS.md §1 — the primitives the protocol needs, behind a small interface so the node can plug in
// node:crypto (OpenSSL, much faster) while this layer stays portable. `naclCrypto` is the portable
// default. Every implementation must give byte-identical results: Ed25519 (RFC 8032) is deterministic.

import nacl from 'tweetnacl'

/** A private signing key. The seed never leaves the object that holds it. */
export interface Signer {
  /** 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array
  /** 64-byte detached Ed25519 signature. */
  sign(message: Uint8Array): Uint8Array
}

export interface CryptoProvider {
  readonly name: string
  /** From a 32-byte RFC 8032 seed (the "private key" of RFC 8032 §5.1.5). */
  signerFromSeed(seed: Uint8Array): Signer
  /** False (never a throw) for any malformed key or signature. Rejects non-canonical S (S >= L). */
  verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean
  sha512(data: Uint8Array): Uint8Array
  /** A fresh X25519 key pair (the ephemeral key of a sealed request). */
  boxKeyPair(): { publicKey: Uint8Array; secretKey: Uint8Array }
  /** X25519 public key of a 32-byte secret (nacl.box.keyPair.fromSecretKey). */
  boxPublicKey(secretKey: Uint8Array): Uint8Array
  /** nacl.box.before: HSalsa20 of the X25519 shared secret. Throws on a malformed key. */
  boxBefore(publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array
}

/** Source of randomness, injected so tests can fix nonces and keys. */
export type RandomBytes = (n: number) => Uint8Array

export const ED25519_SEED_LENGTH = 32
export const ED25519_PUBLIC_KEY_LENGTH = 32
export const ED25519_SIGNATURE_LENGTH = 64

// The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian.
const L = Uint8Array.from([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
])

/**
 * RFC 8032 §5.1.7 requires S < L. OpenSSL enforces it; tweetnacl does not, so without this check the two
 * implementations would disagree about a malleated signature (S + L), and a signature could have two
 * accepted spellings.
 */
export function hasCanonicalS(signature: Uint8Array): boolean {
  if (signature.length !== ED25519_SIGNATURE_LENGTH) return false
  for (let i = 31; i >= 0; i--) {
    const s = signature[32 + i] as number
    const l = L[i] as number
    if (s < l) return true
    if (s > l) return false
  }
  return false // S == L
}

export const naclCrypto: CryptoProvider = {
  name: 'tweetnacl',
  signerFromSeed(seed) {
    if (seed.length !== ED25519_SEED_LENGTH) throw new RangeError('an Ed25519 seed is 32 bytes')
    const pair = nacl.sign.keyPair.fromSeed(seed)
    return {
      publicKey: pair.publicKey,
      sign: (message) => nacl.sign.detached(message, pair.secretKey),
    }
  },
  verify(message, signature, publicKey) {
    if (publicKey.length !== ED25519_PUBLIC_KEY_LENGTH || !hasCanonicalS(signature)) return false
    try {
      return nacl.sign.detached.verify(message, signature, publicKey)
    } catch {
      return false
    }
  },
  sha512: (data) => nacl.hash(data),
  boxKeyPair: () => nacl.box.keyPair(),
  boxPublicKey: (secretKey) => nacl.box.keyPair.fromSecretKey(secretKey).publicKey,
  boxBefore: (publicKey, secretKey) => nacl.box.before(publicKey, secretKey),
}

export const naclRandomBytes: RandomBytes = (n) => nacl.randomBytes(n)
