// PEERS.md §1 — the CryptoProvider backed by node:crypto (OpenSSL). Same bytes as naclCrypto, several
// times faster (bench/peer-crypto.ts); lives outside peer/protocol because it needs node:crypto.

import {
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto'
import nacl from 'tweetnacl'
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

// The same prefixes for X25519 (RFC 8410, OID 1.3.101.110).
const X25519_PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
])
// nacl.box.before = HSalsa20(key = X25519 shared secret, input = 16 zero bytes, constant "expand 32-byte k").
const SIGMA = new TextEncoder().encode('expand 32-byte k')
const ZERO16 = new Uint8Array(16)
const lowlevel = (
  nacl as unknown as {
    lowlevel: { crypto_core_hsalsa20(o: Uint8Array, i: Uint8Array, k: Uint8Array, c: Uint8Array): void }
  }
).lowlevel

// Importing a public key costs about as much as a verify; peers are few, so keep recent ones.
const MAX_CACHED_KEYS = 256

function der(prefix: Uint8Array, raw: Uint8Array): Buffer {
  return Buffer.concat([prefix, raw])
}

function remember<T>(cache: Map<string, T>, id: string, value: T): T {
  if (cache.size >= MAX_CACHED_KEYS) cache.delete(cache.keys().next().value as string)
  cache.set(id, value)
  return value
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
  // Importing an X25519 private key from DER costs ~0.7 ms; the node's own key and each fresh ephemeral
  // key are kept as key objects instead.
  const boxKeys = new Map<string, KeyObject>()
  function privateBoxKey(secret: Uint8Array): KeyObject {
    if (secret.length !== 32) throw new RangeError('an X25519 secret key is 32 bytes')
    const id = Buffer.from(secret).toString('base64')
    const known = boxKeys.get(id)
    if (known) return known
    return remember(
      boxKeys,
      id,
      createPrivateKey({ key: der(X25519_PKCS8_PREFIX, secret), format: 'der', type: 'pkcs8' }),
    )
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
    boxKeyPair() {
      const { privateKey } = generateKeyPairSync('x25519')
      const jwk = privateKey.export({ format: 'jwk' })
      const secretKey = bytes(Buffer.from(jwk.d as string, 'base64url'))
      remember(boxKeys, Buffer.from(secretKey).toString('base64'), privateKey)
      return { publicKey: bytes(Buffer.from(jwk.x as string, 'base64url')), secretKey }
    },
    boxPublicKey(secretKey) {
      const jwk = createPublicKey(privateBoxKey(secretKey)).export({ format: 'jwk' })
      return bytes(Buffer.from(jwk.x as string, 'base64url'))
    },
    boxBefore(publicKey, secretKey) {
      if (publicKey.length !== 32) throw new RangeError('an X25519 public key is 32 bytes')
      const shared = diffieHellman({
        privateKey: privateBoxKey(secretKey),
        publicKey: createPublicKey({
          key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(publicKey).toString('base64url') },
          format: 'jwk',
        }),
      })
      const out = new Uint8Array(32)
      lowlevel.crypto_core_hsalsa20(out, ZERO16, new Uint8Array(shared), SIGMA)
      return out
    },
  }
}

export const nodeCrypto: CryptoProvider = createNodeCrypto()
