import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import { createNodeCrypto, nodeCrypto } from '../../../peer/crypto-node.js'
import { hasCanonicalS, naclCrypto } from '../../../peer/protocol/crypto.js'

const providers = [naclCrypto, nodeCrypto]
const h = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'))

test('both providers reproduce RFC 8032 Ed25519 test vector 1', () => {
  const seed = h('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60')
  const pub = h('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')
  const sig = h(
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  )
  for (const c of providers) {
    const signer = c.signerFromSeed(seed)
    assert.deepEqual(signer.publicKey, pub, c.name)
    assert.deepEqual(signer.sign(new Uint8Array(0)), sig, c.name)
    assert.equal(c.verify(new Uint8Array(0), sig, pub), true, c.name)
  }
})

test('tweetnacl and node:crypto produce byte-identical keys and signatures', () => {
  for (let i = 0; i < 50; i++) {
    const seed = new Uint8Array(randomBytes(32))
    const msg = new Uint8Array(randomBytes(i * 7))
    const a = naclCrypto.signerFromSeed(seed)
    const b = nodeCrypto.signerFromSeed(seed)
    assert.deepEqual(a.publicKey, b.publicKey)
    assert.deepEqual(a.sign(msg), b.sign(msg))
  }
})

test('a signature made by one provider verifies with the other', () => {
  const seed = new Uint8Array(randomBytes(32))
  const msg = new Uint8Array(randomBytes(100))
  for (const signer of providers) {
    const s = signer.signerFromSeed(seed)
    const sig = s.sign(msg)
    for (const verifier of providers) {
      assert.equal(verifier.verify(msg, sig, s.publicKey), true, `${signer.name} -> ${verifier.name}`)
      const other = Uint8Array.from(msg)
      other[0] = (other[0] as number) ^ 1
      assert.equal(verifier.verify(other, sig, s.publicKey), false)
    }
  }
})

test('both providers hash SHA-512 identically', () => {
  for (const n of [0, 1, 111, 112, 128, 1000]) {
    const data = new Uint8Array(randomBytes(n))
    assert.deepEqual(naclCrypto.sha512(data), nodeCrypto.sha512(data))
  }
})

test('both providers refuse a malleated signature (S + L) that tweetnacl alone would accept', () => {
  const s = naclCrypto.signerFromSeed(new Uint8Array(32).fill(7))
  const msg = new Uint8Array([1, 2, 3])
  const sig = s.sign(msg)
  // S < L < 2^253, so S + L still fits in 32 bytes and only the S < L rule can catch it.
  const L = [0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14]
  const mall = Uint8Array.from(sig)
  let carry = 0
  for (let i = 0; i < 32; i++) {
    const v = (mall[32 + i] as number) + (L[i] ?? (i === 31 ? 0x10 : 0)) + carry
    mall[32 + i] = v & 0xff
    carry = v >> 8
  }
  assert.equal(hasCanonicalS(mall), false)
  for (const c of providers) {
    assert.equal(c.verify(msg, sig, s.publicKey), true)
    assert.equal(c.verify(msg, mall, s.publicKey), false, c.name)
  }
})

test('verify returns false, never throws, for malformed keys and signatures', () => {
  const s = naclCrypto.signerFromSeed(new Uint8Array(32).fill(1))
  const msg = new Uint8Array([9])
  const sig = s.sign(msg)
  for (const c of [...providers, createNodeCrypto()]) {
    assert.equal(c.verify(msg, sig.subarray(0, 63), s.publicKey), false)
    assert.equal(c.verify(msg, sig, s.publicKey.subarray(0, 31)), false)
    assert.equal(c.verify(msg, sig, new Uint8Array(32).fill(0xff)), false)
    assert.equal(c.verify(msg, new Uint8Array(64), s.publicKey), false)
  }
})

test('a seed of the wrong length is refused by both providers', () => {
  for (const c of providers) assert.throws(() => c.signerFromSeed(new Uint8Array(31)), RangeError)
})

test('X25519 box keys and shared keys agree between tweetnacl and node:crypto', async () => {
  const { createNodeCrypto } = await import('../../../peer/crypto-node.js')
  const { naclCrypto } = await import('../../../peer/protocol/crypto.js')
  const nodeC = createNodeCrypto()
  for (let i = 0; i < 20; i++) {
    const a = new Uint8Array(32).map((_, j) => (i * 31 + j * 7) & 255)
    const b = new Uint8Array(32).map((_, j) => (i * 13 + j * 11 + 5) & 255)
    assert.deepEqual(nodeC.boxPublicKey(a), naclCrypto.boxPublicKey(a))
    const pb = naclCrypto.boxPublicKey(b)
    assert.deepEqual(nodeC.boxBefore(pb, a), naclCrypto.boxBefore(pb, a))
  }
})
