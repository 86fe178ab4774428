import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import { nodeCrypto } from '../../../peer/crypto-node.js'
import { naclCrypto } from '../../../peer/protocol/crypto.js'
import { BASE32_ALPHABET } from '../../../peer/protocol/encoding.js'
import {
  FINGERPRINT_PATTERN,
  fingerprint,
  luhn32,
  parseFingerprint,
} from '../../../peer/protocol/fingerprint.js'
import {
  boxKeyPairFromSecret,
  decodeKey,
  encodeKey,
  generateNodeSecrets,
  isNodeId,
  NODE_ID_PATTERN,
  nodeIdFromKey,
} from '../../../peer/protocol/identity.js'
import { seq, throwsCode } from './fixtures.js'

const key = () => new Uint8Array(randomBytes(32))

test('a node id is fz plus 26 lowercase base32 characters of SHA-512(first key)', () => {
  const pub = naclCrypto.signerFromSeed(seq(0)).publicKey
  const id = nodeIdFromKey(pub)
  assert.match(id, NODE_ID_PATTERN)
  assert.equal(id.length, 28)
  assert.equal(nodeIdFromKey(pub, nodeCrypto), id)
  const expected = `fz${Buffer.from(naclCrypto.sha512(pub).subarray(0, 16)).toString('hex')}`
  assert.notEqual(id, expected) // base32, not hex
  assert.equal(isNodeId(id), true)
  for (const bad of [`FZ${id.slice(2)}`, id.slice(0, -1), `${id}a`, `fz${'1'.repeat(26)}`, 42]) {
    assert.equal(isNodeId(bad), false)
  }
})

test('different keys give different node ids and fingerprints', () => {
  const ids = new Set<string>()
  const fps = new Set<string>()
  for (let i = 0; i < 200; i++) {
    const k = key()
    ids.add(nodeIdFromKey(k))
    fps.add(fingerprint(k))
  }
  assert.equal(ids.size, 200)
  assert.equal(fps.size, 200)
})

test('a fingerprint is XXXX-XXXX-XXXX-XXXX-C and the same with both crypto providers', () => {
  const k = key()
  const fp = fingerprint(k)
  assert.match(fp, FINGERPRINT_PATTERN)
  assert.equal(fingerprint(k, nodeCrypto), fp)
  assert.equal(parseFingerprint(fp), fp)
})

test('parseFingerprint accepts any case, spaces and missing dashes', () => {
  const fp = fingerprint(key())
  const plain = fp.replace(/-/g, '')
  for (const variant of [
    fp.toLowerCase(),
    plain,
    ` ${plain.slice(0, 8)} ${plain.slice(8)} `,
    plain.split('').join(' '),
  ]) {
    assert.equal(parseFingerprint(variant), fp)
  }
})

test('parseFingerprint catches every single mistyped character', () => {
  const fp = fingerprint(key()).replace(/-/g, '')
  for (let i = 0; i < fp.length; i++) {
    for (const c of BASE32_ALPHABET) {
      if (c === fp[i]) continue
      const typo = fp.slice(0, i) + c + fp.slice(i + 1)
      throwsCode(() => parseFingerprint(typo), 'INVALID_ARGUMENT')
    }
  }
})

test('parseFingerprint catches a swap of two different neighbouring characters in nearly all cases', () => {
  let swaps = 0
  let caught = 0
  for (let n = 0; n < 50; n++) {
    const fp = fingerprint(key()).replace(/-/g, '')
    for (let i = 0; i + 1 < 16; i++) {
      if (fp[i] === fp[i + 1]) continue
      swaps++
      const swapped = fp.slice(0, i) + fp[i + 1] + fp[i] + fp.slice(i + 2)
      try {
        parseFingerprint(swapped)
      } catch {
        caught++
      }
    }
  }
  // Luhn mod N misses only swaps of the pair whose doubled values wrap identically; measured rate ~99%.
  assert.ok(caught / swaps > 0.95, `caught ${caught} of ${swaps}`)
})

test('parseFingerprint explains what is wrong with garbage', () => {
  assert.match(throwsCode(() => parseFingerprint('ABCD-EFGH'), 'INVALID_ARGUMENT').message, /8 characters/)
  assert.match(
    throwsCode(() => parseFingerprint('ABCD-EFGH-IJKL-MN0P-Q'), 'INVALID_ARGUMENT').message,
    /outside/,
  )
  throwsCode(() => parseFingerprint('x'.repeat(10_000)), 'INVALID_ARGUMENT')
  throwsCode(() => parseFingerprint(''), 'INVALID_ARGUMENT')
})

test('luhn32 check character makes the weighted sum divisible by 32', () => {
  assert.equal(luhn32('AAAAAAAAAAAAAAAA'), 'A')
  assert.equal(luhn32('B'), '6') // 1 doubled = 2, check = 30
})

test('keys travel as 43-character base64url and decode strictly', () => {
  const k = key()
  const text = encodeKey(k)
  assert.equal(text.length, 43)
  assert.deepEqual(decodeKey(text), k)
  for (const bad of [
    text.slice(1),
    `${text}A`,
    `${text.slice(0, 42)}=`,
    text.replace(/.$/, '/'),
    7,
    undefined,
  ]) {
    assert.equal(decodeKey(bad), undefined)
  }
})

test('node secrets make a box key pair that nacl.box can use', () => {
  const secrets = generateNodeSecrets()
  assert.equal(secrets.signSeed.length, 32)
  const box = boxKeyPairFromSecret(secrets.boxSecret)
  assert.equal(box.publicKey.length, 32)
  assert.throws(() => boxKeyPairFromSecret(new Uint8Array(5)), RangeError)
})
