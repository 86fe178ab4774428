// PEERS.md §1 — the CryptoProvider backed by node:crypto (OpenSSL). Same bytes as naclCrypto, several
// times faster (bench/peer-crypto.ts); lives outside peer/protocol because it needs node:crypto.

import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto'
import {
  type CryptoProvider,
  ED25519_PUBLIC_KEY_LENGTH,
  hasCanonicalS,
  type Signer,
} from './protocol/crypto.js'

// DER prefixes of PKCS#8 and SPKI for Ed25519 (RFC 8410): the 32 raw bytes follow.
const PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
])
const SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00])

// Importing a public key costs about as much as a verify; peers are few, so keep recent ones.
const MAX_CACHED_KEYS = 256

function der(prefix: Uint8Array, raw: Uint8Array): Buffer {
  return Buffer.concat([prefix, raw])
}

/** Plain Uint8Array copies, so results compare equal to tweetnacl's with assert.deepStrictEqual. */
const bytes = (b: Buffer): Uint8Array => new Uint8Array(b)

export function createNodeCrypto(): CryptoProvider {
  const keys = new Map<string, KeyObject | null>()
  function publicKeyObject(raw: Uint8Array): KeyObject | null {
    const id = Buffer.from(raw).toString('base64')
    let key = keys.get(id)
    if (key !== undefined) return key
    try {
      key = createPublicKey({ key: der(SPKI_PREFIX, raw), format: 'der', type: 'spki' })
    } catch {
      key = null
    }
    if (keys.size >= MAX_CACHED_KEYS) keys.delete(keys.keys().next().value as string)
    keys.set(id, key)
    return key
  }
  return {
    name: 'node:crypto',
    signerFromSeed(seed): Signer {
      if (seed.length !== 32) throw new RangeError('an Ed25519 seed is 32 bytes')
      const privateKey = createPrivateKey({ key: der(PKCS8_PREFIX, seed), format: 'der', type: 'pkcs8' })
      const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' })
      return {
        publicKey: bytes(spki.subarray(SPKI_PREFIX.length)),
        sign: (message) => bytes(sign(null, message, privateKey)),
      }
    },
    verify(message, signature, publicKey) {
      if (publicKey.length !== ED25519_PUBLIC_KEY_LENGTH || !hasCanonicalS(signature)) return false
      const key = publicKeyObject(publicKey)
      if (key === null) return false
      try {
        return verify(null, message, key, signature)
      } catch {
        return false
      }
    },
    sha512: (data) => bytes(createHash('sha512').update(data).digest()),
  }
}

export const nodeCrypto: CryptoProvider = createNodeCrypto()
