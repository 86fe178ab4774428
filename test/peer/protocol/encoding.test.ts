import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import {
  fromBase64,
  fromBase64Url,
  fromUtf8,
  toBase32,
  toBase64,
  toBase64Url,
  utf8,
} from '../../../peer/protocol/encoding.js'

test('base64 and base64url agree with Buffer for every length 0..100', () => {
  for (let n = 0; n <= 100; n++) {
    const b = new Uint8Array(randomBytes(n))
    assert.equal(toBase64(b), Buffer.from(b).toString('base64'))
    assert.equal(toBase64Url(b), Buffer.from(b).toString('base64url'))
    assert.deepEqual(fromBase64(toBase64(b)), b)
    assert.deepEqual(fromBase64Url(toBase64Url(b)), b)
  }
})

test('base64 decoders accept exactly one spelling of each byte string', () => {
  for (const bad of [
    'A',
    'AA',
    'AAA',
    'AB==',
    'AAB=',
    'AA=A',
    '====',
    'A===',
    'AA==AA==',
    ' AAA',
    'AA\n==',
  ]) {
    assert.equal(fromBase64(bad), undefined, bad)
  }
  for (const bad of ['A', 'AB', 'AAB', 'AA==', 'A+', 'A/', 'AA.'])
    assert.equal(fromBase64Url(bad), undefined, bad)
  assert.deepEqual(fromBase64('AA=='), Uint8Array.of(0))
  assert.deepEqual(fromBase64Url('AA'), Uint8Array.of(0))
})

test('base32 follows the RFC 4648 test vectors without padding', () => {
  const cases: Array<[string, string]> = [
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ]
  for (const [plain, encoded] of cases) assert.equal(toBase32(utf8(plain)), encoded)
})

test('utf8 decoding refuses invalid byte sequences', () => {
  assert.equal(fromUtf8(utf8('héllo ☃')), 'héllo ☃')
  assert.throws(() => fromUtf8(Uint8Array.of(0xff, 0xfe)), TypeError)
})
