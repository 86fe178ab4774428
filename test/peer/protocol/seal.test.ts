import assert from 'node:assert/strict'
import { test } from 'node:test'
import { naclCrypto } from '../../../peer/protocol/crypto.js'
import { fromUtf8, utf8 } from '../../../peer/protocol/encoding.js'
import { openRequest, openResponse, sealRequest, sealResponse } from '../../../peer/protocol/seal.js'
import { signRequest, verifyRequest } from '../../../peer/protocol/signature.js'
import { SEALED_CONTENT_TYPE } from '../../../peer/protocol/wire.js'
import { nodeA, nodeB, seq, T0, testNode, throwsCode } from './fixtures.js'

const a = nodeA(naclCrypto)
const b = nodeB(naclCrypto)
const eve = testNode(naclCrypto, seq(0x11), seq(0x12))
const body = utf8('{"params":{"query":"select 1"},"verb":"sql"}')

test('a sealed request opens with the recipient box key and the response opens only for that caller', () => {
  const { wire, context } = sealRequest({
    body,
    contentType: 'application/json',
    recipientBoxKey: b.box.publicKey,
  })
  assert.equal(wire[0], 0x01)
  assert.equal(wire.length, 1 + 32 + 24 + 16 + 1 + 16 + body.length)
  const opened = openRequest(wire, b.box.secretKey)
  assert.equal(opened.contentType, 'application/json')
  assert.equal(fromUtf8(opened.body), fromUtf8(body))
  const reply = sealResponse(opened.context, {
    body: utf8('{"ok":true,"data":[]}'),
    contentType: 'application/json',
  })
  assert.equal(reply[0], 0x02)
  assert.equal(fromUtf8(openResponse(context, reply).body), '{"ok":true,"data":[]}')
  // Another exchange's key cannot open it.
  const other = sealRequest({ body, contentType: 'application/json', recipientBoxKey: b.box.publicKey })
  throwsCode(() => openResponse(other.context, reply), 'SEAL_OPEN_FAILED')
})

test('the plaintext never appears in the sealed bytes and each seal is fresh', () => {
  const one = sealRequest({ body, contentType: 'application/json', recipientBoxKey: b.box.publicKey }).wire
  const two = sealRequest({ body, contentType: 'application/json', recipientBoxKey: b.box.publicKey }).wire
  assert.notDeepEqual(one, two)
  assert.equal(Buffer.from(one).includes(Buffer.from('select 1')), false)
})

test('a request sealed to another node cannot be opened', () => {
  const { wire } = sealRequest({ body, contentType: 'application/json', recipientBoxKey: b.box.publicKey })
  throwsCode(() => openRequest(wire, eve.box.secretKey), 'SEAL_OPEN_FAILED')
})

test('flipping any byte of a sealed request or response makes opening fail with a typed error', () => {
  const { wire, context } = sealRequest({
    body,
    contentType: 'application/json',
    recipientBoxKey: b.box.publicKey,
  })
  for (let i = 0; i < wire.length; i++) {
    const t = Uint8Array.from(wire)
    t[i] = (t[i] as number) ^ 0x40
    throwsCode(() => openRequest(t, b.box.secretKey), i === 0 ? 'SEAL_MALFORMED' : 'SEAL_OPEN_FAILED')
  }
  const reply = sealResponse(context, { body, contentType: 'application/json' })
  for (let i = 1; i < reply.length; i++) {
    const t = Uint8Array.from(reply)
    t[i] = (t[i] as number) ^ 0x01
    throwsCode(() => openResponse(context, t), 'SEAL_OPEN_FAILED')
  }
})

test('truncated, empty or foreign envelopes are SEAL_MALFORMED', () => {
  const { wire, context } = sealRequest({
    body,
    contentType: 'application/json',
    recipientBoxKey: b.box.publicKey,
  })
  throwsCode(() => openRequest(new Uint8Array(0), b.box.secretKey), 'SEAL_MALFORMED')
  throwsCode(() => openRequest(wire.subarray(0, 60), b.box.secretKey), 'SEAL_MALFORMED')
  throwsCode(() => openRequest(utf8('{"verb":"x"}'), b.box.secretKey), 'SEAL_MALFORMED')
  throwsCode(() => openResponse(context, wire), 'SEAL_MALFORMED')
  throwsCode(() => openResponse(context, Uint8Array.of(2, 1, 2)), 'SEAL_MALFORMED')
  throwsCode(() => openRequest(wire.subarray(0, wire.length - 1), b.box.secretKey), 'SEAL_OPEN_FAILED')
})

test('the signature covers the sealed bytes, so tampering is caught before decryption', () => {
  const { wire } = sealRequest({ body, contentType: 'application/json', recipientBoxKey: b.box.publicKey })
  const parts = { method: 'POST', path: '/_fazt/rpc', query: '', body: wire }
  const headers = signRequest({
    ...parts,
    contentType: SEALED_CONTENT_TYPE,
    recipient: b.nodeId,
    key: a.signer,
    now: T0,
  })
  const opts = { now: T0, expectedRecipient: b.nodeId, lookupKey: () => a.signer.publicKey }
  verifyRequest(headers, parts, opts)
  const tampered = Uint8Array.from(wire)
  tampered[70] = (tampered[70] as number) ^ 1
  throwsCode(() => verifyRequest(headers, { ...parts, body: tampered }, opts), 'DIGEST_MISMATCH')
})

test('an empty body and a long content type round-trip; an impossible content type is refused', () => {
  const { wire, context } = sealRequest({
    body: new Uint8Array(0),
    contentType: 'x'.repeat(255),
    recipientBoxKey: b.box.publicKey,
  })
  const opened = openRequest(wire, b.box.secretKey)
  assert.equal(opened.body.length, 0)
  assert.equal(opened.contentType.length, 255)
  assert.equal(
    openResponse(context, sealResponse(context, { body: new Uint8Array(0), contentType: 'a/b' })).contentType,
    'a/b',
  )
  assert.throws(() => sealRequest({ body, contentType: '', recipientBoxKey: b.box.publicKey }), RangeError)
  assert.throws(
    () => sealRequest({ body, contentType: 'x'.repeat(256), recipientBoxKey: b.box.publicKey }),
    RangeError,
  )
  assert.throws(
    () => sealRequest({ body, contentType: 'a\nb', recipientBoxKey: b.box.publicKey }),
    RangeError,
  )
})
