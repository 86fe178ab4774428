// Conformance with the examples published in RFC 9421 and RFC 9530, computed by this code.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { nodeCrypto } from '../../../peer/crypto-node.js'
import { naclCrypto } from '../../../peer/protocol/crypto.js'
import { contentDigest } from '../../../peer/protocol/digest.js'
import { toBase64, utf8 } from '../../../peer/protocol/encoding.js'
import { signatureBase, splitTarget } from '../../../peer/protocol/signature-base.js'
import { type InnerList, type Item, parseDictionary } from '../../../peer/protocol/structured-fields.js'

// RFC 9421 Appendix B.1.4 test-key-ed25519 (PKCS#8 DER; the seed is its last 32 bytes).
const PKCS8 = 'MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF'
const PUBLIC = 'JrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs='

test('RFC 9421 B.2.6 (ed25519) signature base and signature are reproduced exactly', () => {
  const seed = new Uint8Array(Buffer.from(PKCS8, 'base64').subarray(16))
  const input = parseDictionary(
    'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
  ).get('sig-b26') as InnerList
  const values = ['Tue, 20 Apr 2021 02:07:55 GMT', 'POST', '/foo', 'example.com', 'application/json', '18']
  const base = signatureBase(
    input.items.map((id, i) => ({ id, value: values[i] as string })),
    input,
  )
  assert.equal(
    base,
    [
      '"date": Tue, 20 Apr 2021 02:07:55 GMT',
      '"@method": POST',
      '"@path": /foo',
      '"@authority": example.com',
      '"content-type": application/json',
      '"content-length": 18',
      '"@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
    ].join('\n'),
  )
  for (const c of [naclCrypto, nodeCrypto]) {
    const signer = c.signerFromSeed(seed)
    assert.equal(toBase64(signer.publicKey), PUBLIC)
    assert.equal(
      toBase64(signer.sign(utf8(base))),
      'wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==',
    )
  }
})

test('RFC 9530 sha-512 Content-Digest of the RFC example body is reproduced', () => {
  assert.equal(
    contentDigest(utf8('{"hello": "world"}'), naclCrypto),
    'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:',
  )
})

test('a duplicated covered component or a line break in a value cannot enter a base', () => {
  const input = parseDictionary('s=("a" "a")').get('s') as InnerList
  assert.throws(
    () =>
      signatureBase(
        input.items.map((id) => ({ id, value: 'x' })),
        input,
      ),
    /twice/,
  )
  const one = parseDictionary('s=("a")').get('s') as InnerList
  assert.throws(
    () => signatureBase([{ id: one.items[0] as Item, value: 'x\n"@method": GET' }], one),
    /forbidden/,
  )
})

test('request targets split into @path and @query as RFC 9421 §2.2.6-2.2.7 define', () => {
  assert.deepEqual(splitTarget('/a/b?x=1&y'), { path: '/a/b', query: 'x=1&y' })
  assert.deepEqual(splitTarget('/a'), { path: '/a', query: '' })
  assert.deepEqual(splitTarget('?q'), { path: '/', query: 'q' })
  assert.deepEqual(splitTarget('/p??x'), { path: '/p', query: '?x' })
})
