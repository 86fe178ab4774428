import assert from 'node:assert/strict'
import { test } from 'node:test'
import { nodeCrypto } from '../../../peer/crypto-node.js'
import { naclCrypto } from '../../../peer/protocol/crypto.js'
import { encodeKey } from '../../../peer/protocol/identity.js'
import {
  type SignedNodeRecord,
  signNodeRecord,
  verifyNodeRecord,
} from '../../../peer/protocol/node-record.js'
import { createRotation } from '../../../peer/protocol/rotation.js'
import { nodeA, nodeB, SEEDS, T0, throwsCode } from './fixtures.js'

const a = nodeA(naclCrypto)
const b = nodeB(naclCrypto)
const aNext = naclCrypto.signerFromSeed(SEEDS.aNextSign)
const base = {
  urls: ['http://127.0.0.2:7080', 'https://b.example'],
  version: '0.1.0',
  verbs: ['app.list'],
  issuedAt: T0,
}
const wire = (r: SignedNodeRecord): SignedNodeRecord => JSON.parse(JSON.stringify(r)) as SignedNodeRecord

const recordB = signNodeRecord({ ...base, signer: b.signer, boxPublicKey: b.box.publicKey, keyChain: [] })
const rotation = createRotation({
  nodeId: a.nodeId,
  oldKey: a.signer,
  newKey: aNext,
  at: T0,
  graceSeconds: 3600,
})
const recordA = signNodeRecord({
  ...base,
  signer: aNext,
  boxPublicKey: a.box.publicKey,
  keyChain: [rotation],
})

test('a node record round-trips through JSON and verifies with both providers', () => {
  const v = verifyNodeRecord(wire(recordB), { now: T0 })
  assert.equal(v.record.node_id, b.nodeId)
  assert.equal(v.record.box_key, encodeKey(b.box.publicKey))
  assert.equal(v.firstKey, encodeKey(b.signer.publicKey))
  verifyNodeRecord(wire(recordB), { crypto: nodeCrypto })
})

test('after rotation the node id stays the one of the first key and the chain verifies', () => {
  assert.equal(recordA.record.node_id, a.nodeId)
  const v = verifyNodeRecord(wire(recordA), { now: T0 })
  assert.equal(v.firstKey, encodeKey(a.signer.publicKey))
  assert.equal(v.record.sign_key, encodeKey(aNext.publicKey))
  assert.equal(v.chain.length, 1)
})

test('any change to a signed record is NODE_RECORD_INVALID', () => {
  const changes: Array<(r: SignedNodeRecord) => void> = [
    (r) => r.record.urls.push('http://evil.example'),
    (r) => {
      r.record.version = '9.9.9'
    },
    (r) => {
      r.record.issued_at += 1
    },
    (r) => {
      r.record.box_key = encodeKey(a.box.publicKey)
    },
    (r) => {
      ;(r.record as unknown as Record<string, unknown>).extra = true
    },
    (r) => {
      r.sig = recordA.sig
    },
  ]
  for (const change of changes) {
    const r = wire(recordB)
    change(r)
    throwsCode(() => verifyNodeRecord(r), 'NODE_RECORD_INVALID')
  }
})

test('a record claiming a node id not derived from its first key is NODE_RECORD_INVALID', () => {
  const r = wire(recordB)
  r.record.node_id = a.nodeId
  throwsCode(() => verifyNodeRecord(r), 'NODE_RECORD_INVALID')
})

test('a record signed by a retired key, or whose chain does not end at sign_key, is NODE_RECORD_INVALID', () => {
  const byOld = signNodeRecord({ ...base, signer: a.signer, boxPublicKey: a.box.publicKey, keyChain: [] })
  const r = wire(byOld)
  r.record.key_chain = [rotation]
  throwsCode(() => verifyNodeRecord(r), 'NODE_RECORD_INVALID')
  const dropped = wire(recordA)
  dropped.record.key_chain = []
  throwsCode(() => verifyNodeRecord(dropped), 'NODE_RECORD_INVALID')
})

test('a record of another format version is VERSION_SKEW', () => {
  const r = wire(recordB) as unknown as { record: Record<string, unknown> }
  r.record.v = 2
  throwsCode(() => verifyNodeRecord(r), 'VERSION_SKEW')
})

test('a record issued more than 60 s in the future is refused when now is given', () => {
  verifyNodeRecord(wire(recordB), { now: T0 - 60 })
  throwsCode(() => verifyNodeRecord(wire(recordB), { now: T0 - 61 }), 'NODE_RECORD_INVALID')
})

test('garbage and hostile shapes are NODE_RECORD_INVALID, not crashes', () => {
  const r = recordB.record
  const junk: unknown[] = [
    null,
    'x',
    { record: null },
    { record: [] },
    { record: { ...r, urls: [] }, sig: recordB.sig },
    { record: { ...r, urls: ['ftp://x'] }, sig: recordB.sig },
    { record: { ...r, urls: ['http://u:p@x'] }, sig: recordB.sig },
    { record: { ...r, urls: new Array(17).fill('http://x') }, sig: recordB.sig },
    { record: { ...r, verbs: [1] }, sig: recordB.sig },
    { record: { ...r, sign_key: 'short' }, sig: recordB.sig },
    { record: { ...r, key_chain: {} }, sig: recordB.sig },
    { record: { ...r, key_chain: [null] }, sig: recordB.sig },
    { record: { ...r, issued_at: 1.5 }, sig: recordB.sig },
    { record: r, sig: 42 },
  ]
  for (const j of junk) throwsCode(() => verifyNodeRecord(j), 'NODE_RECORD_INVALID')
})
