import assert from 'node:assert/strict'
import { test } from 'node:test'
import { nodeCrypto } from '../../../peer/crypto-node.js'
import { naclCrypto } from '../../../peer/protocol/crypto.js'
import { fromBase64Url, toBase64Url, utf8 } from '../../../peer/protocol/encoding.js'
import { fingerprint } from '../../../peer/protocol/fingerprint.js'
import { createInvite, decodeInvite, encodeInvite, type Invite } from '../../../peer/protocol/invite.js'
import { signNodeRecord, verifyNodeRecord } from '../../../peer/protocol/node-record.js'
import {
  checkPairProof,
  checkRecordMatchesFingerprint,
  checkRecordMatchesInvite,
  pairProof,
  parsePairRequest,
} from '../../../peer/protocol/pairing.js'
import { createRotation } from '../../../peer/protocol/rotation.js'
import { nodeA, nodeB, SEEDS, seq, T0, testNode, throwsCode } from './fixtures.js'

const a = nodeA(naclCrypto)
const b = nodeB(naclCrypto)
const eve = testNode(naclCrypto, seq(0x11), seq(0x12))
const { code, invite } = createInvite({
  urls: ['http://127.0.0.2:7080'],
  signKey: b.signer.publicKey,
  exp: T0 + 900,
})

test('an invite code is one line starting fazt1. and decodes to what was encoded', () => {
  assert.match(code, /^fazt1\.[A-Za-z0-9_-]+$/)
  assert.deepEqual(decodeInvite(code, { now: T0 }), invite)
  assert.equal(invite.node_id, b.nodeId)
  assert.equal(invite.fp, fingerprint(b.signer.publicKey))
  assert.equal(fromBase64Url(invite.secret)?.length, 32)
})

test('whitespace and line breaks inside a pasted code are ignored', () => {
  const wrapped = ` ${code.slice(0, 40)}\n  ${code.slice(40, 90)}\r\n${code.slice(90)}\t`
  assert.deepEqual(decodeInvite(wrapped), invite)
})

test('garbage is INVITE_MALFORMED with a message a person can act on', () => {
  for (const g of [
    '',
    '   ',
    'hello',
    'fazt',
    'fazt1',
    'fazt1.',
    'fazt1.!!!!',
    'fazt.abc',
    'FAZT1.abc',
    'x'.repeat(5000),
  ]) {
    const e = throwsCode(() => decodeInvite(g), 'INVITE_MALFORMED')
    assert.ok(e.hint?.includes('fazt peer invite'))
  }
  throwsCode(() => decodeInvite(42 as unknown as string), 'INVITE_MALFORMED')
})

test('every truncation of a code is refused as INVITE_MALFORMED, never accepted or crashing', () => {
  for (let n = 0; n < code.length; n++) throwsCode(() => decodeInvite(code.slice(0, n)), 'INVITE_MALFORMED')
})

test('a code from a newer invite format is INVITE_VERSION', () => {
  const e = throwsCode(() => decodeInvite(code.replace('fazt1.', 'fazt2.')), 'INVITE_VERSION')
  assert.match(e.hint ?? '', /upgrade/)
})

test('an expired code is INVITE_EXPIRED when the time is given', () => {
  decodeInvite(code, { now: T0 + 900 })
  throwsCode(() => decodeInvite(code, { now: T0 + 901 }), 'INVITE_EXPIRED')
})

test('a well-formed payload with a damaged field is INVITE_MALFORMED', () => {
  const enc = (v: Record<string, unknown>) => `fazt1.${toBase64Url(utf8(JSON.stringify(v)))}`
  const good: Record<string, unknown> = { ...invite }
  const bad: Array<Record<string, unknown>> = [
    { ...good, urls: [] },
    { ...good, urls: ['javascript:alert(1)'] },
    { ...good, node_id: 'fzshort' },
    { ...good, fp: 'AAAA-AAAA-AAAA-AAAA-B' },
    { ...good, secret: 'c2hvcnQ' },
    { ...good, exp: '1700000900' },
    { ...good, exp: undefined },
  ]
  for (const v of bad) throwsCode(() => decodeInvite(enc(v)), 'INVITE_MALFORMED')
  throwsCode(() => decodeInvite(enc([] as unknown as Record<string, unknown>)), 'INVITE_MALFORMED')
  assert.throws(() => encodeInvite({ ...invite, urls: [] } as Invite), RangeError)
})

test('the pairing proof binds the secret to both node ids and never contains the secret', () => {
  const secret = SEEDS.inviteSecret
  const proof = pairProof(secret, a.nodeId, b.nodeId)
  assert.equal(proof.length, 43)
  assert.equal(pairProof(secret, a.nodeId, b.nodeId, nodeCrypto), proof)
  assert.notEqual(pairProof(secret, b.nodeId, a.nodeId), proof)
  assert.notEqual(pairProof(secret, eve.nodeId, b.nodeId), proof)
  assert.notEqual(pairProof(seq(1), a.nodeId, b.nodeId), proof)
  assert.equal(checkPairProof(proof, secret, a.nodeId, b.nodeId), true)
  assert.equal(checkPairProof(proof, secret, eve.nodeId, b.nodeId), false)
  for (const junk of [undefined, 5, '', 'x'.repeat(43), toBase64Url(secret)]) {
    assert.equal(checkPairProof(junk, secret, a.nodeId, b.nodeId), false)
  }
})

test('the invited node record is accepted, another node or key at that address is KEY_MISMATCH', () => {
  const urls = ['http://127.0.0.2:7080']
  const rec = (n: typeof b) =>
    verifyNodeRecord(
      signNodeRecord({
        signer: n.signer,
        boxPublicKey: n.box.publicKey,
        keyChain: [],
        urls,
        version: '1',
        verbs: [],
        issuedAt: T0,
      }),
    )
  checkRecordMatchesInvite(invite, rec(b), T0)
  throwsCode(() => checkRecordMatchesInvite(invite, rec(eve), T0), 'KEY_MISMATCH')
  throwsCode(() => checkRecordMatchesInvite({ ...invite, node_id: eve.nodeId }, rec(eve), T0), 'KEY_MISMATCH')
  checkRecordMatchesFingerprint(fingerprint(b.signer.publicKey).toLowerCase(), rec(b), T0)
  throwsCode(
    () => checkRecordMatchesFingerprint(fingerprint(b.signer.publicKey), rec(eve), T0),
    'KEY_MISMATCH',
  )
})

test('an invite made before the inviter rotated still matches during the grace period only', () => {
  const next = naclCrypto.signerFromSeed(seq(0x55))
  const rot = createRotation({ nodeId: b.nodeId, oldKey: b.signer, newKey: next, at: T0, graceSeconds: 600 })
  const record = verifyNodeRecord(
    signNodeRecord({
      signer: next,
      boxPublicKey: b.box.publicKey,
      keyChain: [rot],
      urls: ['http://x'],
      version: '1',
      verbs: [],
      issuedAt: T0,
    }),
  )
  checkRecordMatchesInvite(invite, record, T0 + 600)
  throwsCode(() => checkRecordMatchesInvite(invite, record, T0 + 601), 'KEY_MISMATCH')
})

test('peer.pair params are shape-checked', () => {
  const node = signNodeRecord({
    signer: a.signer,
    boxPublicKey: a.box.publicKey,
    keyChain: [],
    urls: ['http://x'],
    version: '1',
    verbs: [],
    issuedAt: T0,
  })
  const proof = pairProof(SEEDS.inviteSecret, a.nodeId, b.nodeId)
  assert.deepEqual(parsePairRequest({ node, proof, name: 'laptop' }), { node, proof, name: 'laptop' })
  assert.deepEqual(parsePairRequest({ node }), { node })
  for (const bad of [null, [], {}, { node, proof: 'x' }, { node, name: 'Bad Name' }, { node, secret: 'x' }]) {
    throwsCode(() => parsePairRequest(bad), 'INVALID_ARGUMENT')
  }
})
