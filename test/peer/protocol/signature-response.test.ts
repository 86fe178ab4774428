import assert from 'node:assert/strict'
import { test } from 'node:test'
import { nodeCrypto } from '../../../peer/crypto-node.js'
import { naclCrypto } from '../../../peer/protocol/crypto.js'
import { utf8 } from '../../../peer/protocol/encoding.js'
import { encodeKey } from '../../../peer/protocol/identity.js'
import { type LookupKey, signRequest, verifyRequest } from '../../../peer/protocol/signature.js'
import {
  type RequestBinding,
  type SignedResponseHeaders,
  signResponse,
  verifyResponse,
} from '../../../peer/protocol/signature-response.js'
import { nodeA, nodeB, seq, T0, testNode, throwsCode } from './fixtures.js'

const a = nodeA(naclCrypto)
const b = nodeB(naclCrypto)
const mallory = testNode(naclCrypto, seq(0x99), seq(0x77))
const reqBody = utf8('{"params":{},"verb":"app.list"}')
const reqHeaders = signRequest({
  method: 'POST',
  path: '/_fazt/rpc',
  query: '',
  body: reqBody,
  contentType: 'application/json',
  recipient: b.nodeId,
  key: a.signer,
  now: T0,
})
const binding: RequestBinding = {
  method: 'POST',
  path: '/_fazt/rpc',
  signature: reqHeaders.signature,
}
const body = utf8('{"data":[],"ok":true}')
/** A pinned B. */
const pinnedB: LookupKey = (keyId) =>
  keyId === encodeKey(b.signer.publicKey) ? b.signer.publicKey : undefined

function respond(over: Partial<Parameters<typeof signResponse>[0]> = {}): SignedResponseHeaders {
  return signResponse({
    status: 200,
    body,
    contentType: 'application/json',
    request: binding,
    key: b.signer,
    now: T0 + 1,
    ...over,
  })
}
function check(
  h: Record<string, string | undefined>,
  over: { status?: number; body?: Uint8Array } = {},
  req = binding,
) {
  return verifyResponse(h, { status: over.status ?? 200, body: over.body ?? body }, req, {
    lookupKey: pinnedB,
  })
}

test('the callee signs its response over the request it received, and the caller verifies it', () => {
  const v = verifyRequest(
    reqHeaders,
    { method: 'POST', path: binding.path, query: '', body: reqBody },
    {
      now: T0,
      expectedRecipient: b.nodeId,
      lookupKey: () => a.signer.publicKey,
    },
  )
  assert.ok(v.signature.length === 64)
  const h = respond({ request: { method: 'POST', path: binding.path, signature: reqHeaders.signature } })
  const ok = check({ ...h })
  assert.equal(ok.keyId, encodeKey(b.signer.publicKey))
  assert.equal(ok.created, T0 + 1)
})

test('responses are byte-identical and cross-verify between crypto providers', () => {
  const viaNode = respond({ key: nodeB(nodeCrypto).signer, crypto: nodeCrypto })
  assert.deepEqual(viaNode, respond())
  verifyResponse({ ...viaNode }, { status: 200, body }, binding, { lookupKey: pinnedB, crypto: nodeCrypto })
})

test('a tampered status is BAD_SIGNATURE', () => {
  throwsCode(() => check({ ...respond() }, { status: 201 }), 'BAD_SIGNATURE')
  throwsCode(() => check({ ...respond({ status: 403 }) }, { status: 200 }), 'BAD_SIGNATURE')
})

test('a tampered body is DIGEST_MISMATCH, a tampered content type BAD_SIGNATURE', () => {
  throwsCode(() => check({ ...respond() }, { body: utf8('{"data":[1],"ok":true}') }), 'DIGEST_MISMATCH')
  throwsCode(() => check({ ...respond(), 'content-type': 'text/html' }), 'BAD_SIGNATURE')
})

test('a genuine response replayed to another request is BAD_SIGNATURE', () => {
  const other = signRequest({
    method: 'POST',
    path: '/_fazt/rpc',
    query: '',
    body: reqBody,
    contentType: 'application/json',
    recipient: b.nodeId,
    key: a.signer,
    now: T0 + 5,
  })
  const h = { ...respond() }
  throwsCode(() => check(h, {}, { ...binding, signature: other.signature }), 'BAD_SIGNATURE')
  throwsCode(() => check(h, {}, { ...binding, path: '/other' }), 'BAD_SIGNATURE')
  throwsCode(() => check(h, {}, { ...binding, method: 'GET' }), 'BAD_SIGNATURE')
})

test('a response signed by a key not pinned for the peer is UNKNOWN_KEY', () => {
  throwsCode(() => check({ ...respond({ key: mallory.signer }) }), 'UNKNOWN_KEY')
})

test('a response whose keyid names the pinned key but is signed by another is BAD_SIGNATURE', () => {
  const forged = respond({ key: mallory.signer })
  const genuine = respond()
  throwsCode(() => check({ ...forged, 'signature-input': genuine['signature-input'] }), 'BAD_SIGNATURE')
})

test('an unsigned or malformed response is SIG_MISSING or SIG_MALFORMED, never believed', () => {
  const h = respond()
  throwsCode(() => check({ 'content-type': 'application/json' }), 'SIG_MISSING')
  throwsCode(
    () => check({ ...h, 'signature-input': h['signature-input'].replace(';req;key="fazt"', ';req') }),
    'SIG_MALFORMED',
  )
  throwsCode(
    () => check({ ...h, 'signature-input': h['signature-input'].replace(/;created=\d+/, '') }),
    'SIG_MALFORMED',
  )
  throwsCode(() => check({ ...h }, { status: 1000 }), 'SIG_MALFORMED')
  throwsCode(() => check({ ...h }, {}, { ...binding, signature: 'garbage(' }), 'SIG_MALFORMED')
})

test('signResponse refuses a request binding it cannot serialize', () => {
  assert.throws(() => respond({ request: { ...binding, signature: 'nope' } }), RangeError)
  assert.throws(() => respond({ status: 42 }), RangeError)
})
