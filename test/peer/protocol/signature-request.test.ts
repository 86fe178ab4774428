import assert from 'node:assert/strict'
import { test } from 'node:test'
import { nodeCrypto } from '../../../peer/crypto-node.js'
import { type CryptoProvider, naclCrypto } from '../../../peer/protocol/crypto.js'
import { utf8 } from '../../../peer/protocol/encoding.js'
import { encodeKey } from '../../../peer/protocol/identity.js'
import {
  type LookupKey,
  type RequestParts,
  type SignedRequestHeaders,
  signRequest,
  verifyRequest,
} from '../../../peer/protocol/signature.js'
import { nodeA, nodeB, seq, T0, testNode, throwsCode } from './fixtures.js'

const a = nodeA(naclCrypto)
const b = nodeB(naclCrypto)
const stranger = testNode(naclCrypto, seq(0x99), seq(0x77))
const parts: RequestParts = {
  method: 'POST',
  path: '/_fazt/rpc',
  query: 'x=1&y=%20',
  body: utf8('{"params":{},"verb":"app.list"}'),
}
/** Knows A only. */
const lookupA: LookupKey = (keyId) =>
  keyId === encodeKey(a.signer.publicKey) ? a.signer.publicKey : undefined

function sign(over: Partial<Parameters<typeof signRequest>[0]> = {}): SignedRequestHeaders {
  return signRequest({
    ...parts,
    contentType: 'application/json',
    recipient: b.nodeId,
    key: a.signer,
    now: T0,
    ...over,
  })
}
function verify(
  headers: Record<string, string | string[] | undefined>,
  over: Partial<RequestParts> = {},
  opts: { now?: number; crypto?: CryptoProvider; recipient?: string; lookup?: LookupKey } = {},
) {
  return verifyRequest(
    headers,
    { ...parts, ...over },
    {
      now: opts.now ?? T0 + 1,
      expectedRecipient: opts.recipient ?? b.nodeId,
      lookupKey: opts.lookup ?? lookupA,
      ...(opts.crypto ? { crypto: opts.crypto } : {}),
    },
  )
}

test('a signed request verifies and reports key id, nonce and times', () => {
  const h = sign({ nonce: seq(1, 16) })
  const v = verify({ ...h })
  assert.equal(v.keyId, encodeKey(a.signer.publicKey))
  assert.equal(v.nonce, 'AQIDBAUGBwgJCgsMDQ4PEA')
  assert.equal(v.created, T0)
  assert.equal(v.expires, T0 + 60)
  assert.deepEqual(v.publicKey, a.signer.publicKey)
})

test('requests signed with one crypto provider verify with the other, with identical headers', () => {
  const aNode = nodeA(nodeCrypto)
  const nonce = seq(5, 16)
  const viaNacl = sign({ nonce })
  const viaNode = sign({ nonce, key: aNode.signer, crypto: nodeCrypto })
  assert.deepEqual(viaNode, viaNacl)
  verify({ ...viaNacl }, {}, { crypto: nodeCrypto })
  verify({ ...viaNode }, {}, { crypto: naclCrypto })
})

test('two requests get different random nonces', () => {
  assert.notEqual(sign()['signature-input'], sign()['signature-input'])
})

test('lowercase methods are signed and verified uppercase', () => {
  verify({ ...sign({ method: 'post' }) }, { method: 'POST' })
  verify({ ...sign() }, { method: 'post' })
})

test('headers are found whatever their case, as arrays, or through a Headers object', () => {
  const h = sign()
  const upper = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toUpperCase(), v]))
  verify(upper)
  verify({ ...h, signature: [h.signature] })
  verifyRequest(new Headers(h), parts, { now: T0, expectedRecipient: b.nodeId, lookupKey: lookupA })
})

test('a tampered body is DIGEST_MISMATCH', () => {
  throwsCode(
    () => verify({ ...sign() }, { body: utf8('{"params":{},"verb":"app.delete"}') }),
    'DIGEST_MISMATCH',
  )
})

test('a tampered body with a recomputed digest is BAD_SIGNATURE', () => {
  const other = utf8('{"evil":1}')
  const forged = sign({ body: other, key: stranger.signer })['content-digest']
  throwsCode(() => verify({ ...sign(), 'content-digest': forged }, { body: other }), 'BAD_SIGNATURE')
})

test('a tampered path, query, method or content type is BAD_SIGNATURE', () => {
  const h = sign()
  throwsCode(() => verify({ ...h }, { path: '/_fazt/rpc2' }), 'BAD_SIGNATURE')
  throwsCode(() => verify({ ...h }, { query: 'x=2&y=%20' }), 'BAD_SIGNATURE')
  throwsCode(() => verify({ ...h }, { query: '' }), 'BAD_SIGNATURE')
  throwsCode(() => verify({ ...h }, { method: 'PUT' }), 'BAD_SIGNATURE')
  throwsCode(() => verify({ ...h, 'content-type': 'text/plain' }), 'BAD_SIGNATURE')
})

test('a request signed for another node is WRONG_RECIPIENT there', () => {
  throwsCode(() => verify({ ...sign() }, {}, { recipient: stranger.nodeId }), 'WRONG_RECIPIENT')
  throwsCode(
    () => verify({ ...sign(), 'fazt-recipient': stranger.nodeId }, {}, { recipient: stranger.nodeId }),
    'BAD_SIGNATURE',
  )
})

test('created is accepted within ±60 s and refused beyond as CLOCK_SKEW', () => {
  verify({ ...sign() }, {}, { now: T0 + 60 })
  verify({ ...sign() }, {}, { now: T0 - 60 })
  throwsCode(() => verify({ ...sign() }, {}, { now: T0 - 61 }), 'CLOCK_SKEW')
  throwsCode(() => verify({ ...sign({ lifetime: 60 }) }, {}, { now: T0 + 61 }), 'CLOCK_SKEW')
  const e = throwsCode(() => verify({ ...sign() }, {}, { now: T0 + 3600 }), 'CLOCK_SKEW')
  assert.deepEqual(e.details, { skew: -3600 })
})

test('a signature used after its expires is EXPIRED', () => {
  verify({ ...sign({ lifetime: 10 }) }, {}, { now: T0 + 10 })
  throwsCode(() => verify({ ...sign({ lifetime: 10 }) }, {}, { now: T0 + 11 }), 'EXPIRED')
})

test('a key the verifier does not know is UNKNOWN_KEY, even when the signature is valid', () => {
  throwsCode(() => verify({ ...sign({ key: stranger.signer }) }), 'UNKNOWN_KEY')
  throwsCode(() => verify({ ...sign() }, {}, { lookup: () => null }), 'UNKNOWN_KEY')
})

test('a signature by another key than the one looked up is BAD_SIGNATURE', () => {
  const h = sign({ key: stranger.signer })
  throwsCode(() => verify({ ...h }, {}, { lookup: () => a.signer.publicKey }), 'BAD_SIGNATURE')
  const flipped = h.signature.replace(/:(.)/, (_, c: string) => `:${c === 'A' ? 'B' : 'A'}`)
  throwsCode(() => verify({ ...sign(), signature: flipped }), 'BAD_SIGNATURE')
})

test('missing signature headers are SIG_MISSING', () => {
  const h: Record<string, string | undefined> = { ...sign() }
  throwsCode(() => verify({ ...h, signature: undefined }), 'SIG_MISSING')
  throwsCode(() => verify({ ...h, 'signature-input': undefined }), 'SIG_MISSING')
  throwsCode(() => verify({ ...h, signature: [] as unknown as string }), 'SIG_MISSING')
  const relabelled = {
    ...h,
    signature: h.signature?.replace('fazt=', 'other='),
    'signature-input': h['signature-input']?.replace('fazt=', 'other='),
  }
  throwsCode(() => verify(relabelled), 'SIG_MISSING')
})

test('a wrong alg, extra or missing parameter, or other component list is SIG_MALFORMED', () => {
  const h = sign()
  const input = h['signature-input']
  const variants = [
    input.replace('alg="ed25519"', 'alg="rsa-pss-sha512"'),
    input.replace('alg="ed25519"', 'alg=ed25519'),
    input.replace(';alg="ed25519"', ''),
    `${input};tag="x"`,
    input.replace('"@query" ', ''),
    input.replace('"@method" "@path"', '"@path" "@method"'),
    input.replace('"@method"', '"@method";req'),
    input.replace(/nonce="[^"]*"/, 'nonce="short"'),
    input.replace(/keyid="[^"]*"/, 'keyid="test-key-ed25519"'),
    input.replace(/created=\d+/, 'created=-5'),
    input.replace(/expires=\d+/, `expires=${T0 + 61}`),
    input.replace(/expires=\d+/, `expires=${T0}`),
    input.replace('fazt=(', 'fazt=:AAAA:;x=('),
    'fazt=1',
  ]
  for (const v of variants) throwsCode(() => verify({ ...h, 'signature-input': v }), 'SIG_MALFORMED')
})

test('malformed Signature, Content-Digest and covered headers are SIG_MALFORMED', () => {
  const h = sign()
  const cases: Array<Record<string, string | undefined>> = [
    { signature: 'fazt=:AAAA:' },
    { signature: 'fazt="not bytes"' },
    { signature: 'fazt=(:AAAA:)' },
    { signature: 'fazt=:!!:' },
    { signature: `${h.signature};p=1` },
    { 'content-digest': 'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:' },
    { 'content-digest': 'sha-512=:AAAA:' },
    { 'content-digest': 'garbage garbage' },
    { 'content-digest': undefined },
    { 'content-type': undefined },
    { 'fazt-recipient': undefined },
    { 'content-type': 'application/json\r\nx: y' },
  ]
  for (const c of cases) throwsCode(() => verify({ ...h, ...c }), 'SIG_MALFORMED')
})

test('request parts that cannot be in a signature base are SIG_MALFORMED', () => {
  const h = sign()
  for (const over of [
    { path: 'relative' },
    { path: '/a b' },
    { path: '/a\nb' },
    { query: 'a#b' },
    { method: 'GE T' },
  ]) {
    throwsCode(() => verify({ ...h }, over), 'SIG_MALFORMED')
  }
})

test('hostile huge header values are refused as SIG_MALFORMED before any parsing', () => {
  const h = sign()
  const huge = 'a'.repeat(1_000_000)
  for (const name of ['signature-input', 'signature', 'content-digest', 'fazt-recipient', 'content-type']) {
    const e = throwsCode(
      () => verify({ ...h, [name]: `${h[name as keyof typeof h]}${huge}` }),
      'SIG_MALFORMED',
    )
    assert.match(e.message, /longer than/, name)
  }
  throwsCode(() => verify({ ...h }, { path: `/${huge}` }), 'SIG_MALFORMED')
  throwsCode(() => verify({ ...h }, { query: huge }), 'SIG_MALFORMED')
})

test('cheap checks run first: recipient and time are reported before the key and the signature', () => {
  const bad = { ...sign({ key: stranger.signer }), signature: sign().signature }
  throwsCode(() => verify(bad, {}, { recipient: stranger.nodeId }), 'WRONG_RECIPIENT')
  throwsCode(() => verify(bad, {}, { now: T0 + 500 }), 'CLOCK_SKEW')
  throwsCode(() => verify(bad, { body: utf8('x') }), 'UNKNOWN_KEY')
  throwsCode(() => verify({ ...sign(), signature: bad.signature }, { body: utf8('x') }), 'DIGEST_MISMATCH')
})

test('signRequest refuses inputs that would make an unverifiable request', () => {
  assert.throws(() => sign({ now: Date.now() }), /seconds/)
  assert.throws(() => sign({ recipient: 'zyt' }), RangeError)
  assert.throws(() => sign({ lifetime: 61 }), RangeError)
  assert.throws(() => sign({ nonce: new Uint8Array(8) }), RangeError)
  assert.throws(() => sign({ path: '/a\r\nb' }), RangeError)
  assert.throws(() => sign({ contentType: '' }), RangeError)
})
