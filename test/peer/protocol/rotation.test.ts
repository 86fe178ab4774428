import assert from 'node:assert/strict'
import { test } from 'node:test'
import { nodeCrypto } from '../../../peer/crypto-node.js'
import { naclCrypto } from '../../../peer/protocol/crypto.js'
import { encodeKey } from '../../../peer/protocol/identity.js'
import {
  createRotation,
  effectiveKeys,
  extendsChain,
  MAX_GRACE_SECONDS,
  type SignedRotation,
  verifyKeyChain,
  verifyRotation,
} from '../../../peer/protocol/rotation.js'
import { nodeA, SEEDS, seq, T0, throwsCode } from './fixtures.js'

const a = nodeA(naclCrypto)
const k1 = a.signer
const k2 = naclCrypto.signerFromSeed(SEEDS.aNextSign)
const k3 = naclCrypto.signerFromSeed(seq(0x33))
const DAY = 86400
const r12 = createRotation({ nodeId: a.nodeId, oldKey: k1, newKey: k2, at: T0, graceSeconds: DAY })
const r23 = createRotation({ nodeId: a.nodeId, oldKey: k2, newKey: k3, at: T0 + 10 * DAY, graceSeconds: 0 })
const e = (k: { publicKey: Uint8Array }) => encodeKey(k.publicKey)
const clone = (r: SignedRotation): SignedRotation => JSON.parse(JSON.stringify(r)) as SignedRotation

test('a rotation record signed by both keys verifies with both providers', () => {
  assert.deepEqual(verifyRotation(clone(r12)), r12)
  assert.deepEqual(verifyRotation(clone(r12), nodeCrypto), r12)
  assert.equal(r12.record.grace_until, T0 + DAY)
})

test('a rotation with any field changed, or one signature swapped, is ROTATION_INVALID', () => {
  for (const field of ['at', 'grace_until'] as const) {
    const r = clone(r12)
    r.record[field] += 1
    throwsCode(() => verifyRotation(r), 'ROTATION_INVALID')
  }
  throwsCode(() => verifyRotation({ ...clone(r12), old_sig: r12.new_sig }), 'ROTATION_INVALID')
  throwsCode(() => verifyRotation({ ...clone(r12), new_sig: r12.old_sig }), 'ROTATION_INVALID')
  throwsCode(
    () => verifyRotation({ record: { ...r12.record, extra: 1 }, old_sig: r12.old_sig, new_sig: r12.new_sig }),
    'ROTATION_INVALID',
  )
  for (const junk of [null, 1, 'x', {}, { record: [] }, { record: { ...r12.record, type: 'rot' } }]) {
    throwsCode(() => verifyRotation(junk), 'ROTATION_INVALID')
  }
})

test('a rotation signed only by the new key cannot be made to pass', () => {
  const fake = createRotation({ nodeId: a.nodeId, oldKey: k3, newKey: k2, at: T0, graceSeconds: 0 })
  const claim = { record: { ...fake.record, old_key: e(k1) }, old_sig: fake.old_sig, new_sig: fake.new_sig }
  throwsCode(() => verifyRotation(claim), 'ROTATION_INVALID')
})

test('grace longer than 30 days, negative grace or an unchanged key is refused', () => {
  assert.throws(
    () =>
      createRotation({
        nodeId: a.nodeId,
        oldKey: k1,
        newKey: k2,
        at: T0,
        graceSeconds: MAX_GRACE_SECONDS + 1,
      }),
    RangeError,
  )
  assert.throws(
    () => createRotation({ nodeId: a.nodeId, oldKey: k1, newKey: k2, at: T0, graceSeconds: -1 }),
    RangeError,
  )
  assert.throws(
    () => createRotation({ nodeId: a.nodeId, oldKey: k1, newKey: k1, at: T0, graceSeconds: 0 }),
    RangeError,
  )
})

test('the old key is effective until grace_until inclusive and never after', () => {
  const { chain, currentKey } = verifyKeyChain(a.nodeId, e(k1), [clone(r12)])
  assert.equal(currentKey, e(k2))
  assert.deepEqual(effectiveKeys(currentKey, chain, T0 - 5), [e(k2), e(k1)])
  assert.deepEqual(effectiveKeys(currentKey, chain, T0 + DAY), [e(k2), e(k1)])
  assert.deepEqual(effectiveKeys(currentKey, chain, T0 + DAY + 1), [e(k2)])
  assert.deepEqual(effectiveKeys(e(k1), [], T0), [e(k1)])
})

test('an emergency rotation with zero grace retires the old key at once', () => {
  const { chain, currentKey } = verifyKeyChain(a.nodeId, e(k1), [clone(r12), clone(r23)])
  assert.equal(currentKey, e(k3))
  assert.deepEqual(effectiveKeys(currentKey, chain, T0 + 10 * DAY), [e(k3)])
  assert.deepEqual(effectiveKeys(currentKey, chain, T0 + 10 * DAY + 1), [e(k3)])
})

test('a broken, reordered, foreign or cyclic key chain is ROTATION_INVALID', () => {
  throwsCode(() => verifyKeyChain(a.nodeId, e(k1), [clone(r23)]), 'ROTATION_INVALID')
  throwsCode(() => verifyKeyChain(a.nodeId, e(k1), [clone(r23), clone(r12)]), 'ROTATION_INVALID')
  throwsCode(() => verifyKeyChain('fzaaaaaaaaaaaaaaaaaaaaaaaaaa', e(k1), [clone(r12)]), 'ROTATION_INVALID')
  const back = createRotation({ nodeId: a.nodeId, oldKey: k2, newKey: k1, at: T0 + 1, graceSeconds: 0 })
  throwsCode(() => verifyKeyChain(a.nodeId, e(k1), [clone(r12), back]), 'ROTATION_INVALID')
  const early = createRotation({ nodeId: a.nodeId, oldKey: k2, newKey: k3, at: T0 - 1, graceSeconds: 0 })
  throwsCode(() => verifyKeyChain(a.nodeId, e(k1), [clone(r12), early]), 'ROTATION_INVALID')
  throwsCode(() => verifyKeyChain(a.nodeId, e(k1), 'nope'), 'ROTATION_INVALID')
  throwsCode(() => verifyKeyChain(a.nodeId, e(k1), new Array(65).fill(r12)), 'ROTATION_INVALID')
})

test('a pinned chain is replaced only by a chain that extends it', () => {
  const fork = createRotation({ nodeId: a.nodeId, oldKey: k1, newKey: k3, at: T0, graceSeconds: DAY })
  assert.equal(extendsChain([], [r12]), true)
  assert.equal(extendsChain([r12], [clone(r12), r23]), true)
  assert.equal(extendsChain([r12], [r12]), true)
  assert.equal(extendsChain([r12, r23], [r12]), false)
  assert.equal(extendsChain([r12], [fork]), false)
})
