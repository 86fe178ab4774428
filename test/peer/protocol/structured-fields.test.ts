import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  Decimal,
  type InnerList,
  type Item,
  isInnerList,
  parseDictionary,
  StructuredFieldError,
  serializeMember,
  Token,
} from '../../../peer/protocol/structured-fields.js'

test('RFC 8941 dictionaries parse and serialize back to the same text', () => {
  const cases = [
    'en="Applepie", da=:w4ZibGV0w6ZydGU=:',
    'a=?0, b, c;foo=bar',
    'rating=1.5, feelings=(joy sadness)',
    'a=(1 2), b=3, c=4;aa=bb, d=(5 6);valid',
    'sig1=("@method" "@path";req "signature";req;key="x");created=1;keyid="k";alg="ed25519"',
    'x=-12;y=0.001, z=*tok/en:1',
  ]
  for (const text of cases) {
    const dict = parseDictionary(text)
    const again = [...dict].map(([k, m]) =>
      !isInnerList(m) && m.value === true ? k + serializeMember(m).slice(2) : `${k}=${serializeMember(m)}`,
    )
    assert.equal(again.join(', '), text)
  }
})

test('dictionary members carry the right types', () => {
  const d = parseDictionary('a=1, b=2.5, c="s", d=tok, e=:AQID:, f=?1, g=(1 "x");p')
  assert.equal((d.get('a') as Item).value, 1)
  assert.ok((d.get('b') as Item).value instanceof Decimal)
  assert.equal((d.get('c') as Item).value, 's')
  assert.ok((d.get('d') as Item).value instanceof Token)
  assert.deepEqual((d.get('e') as Item).value, Uint8Array.of(1, 2, 3))
  assert.equal((d.get('f') as Item).value, true)
  assert.equal((d.get('g') as InnerList).items.length, 2)
  assert.equal((d.get('g') as InnerList).params.get('p'), true)
})

test('a later dictionary member with the same key replaces the earlier one (RFC 8941 §3.2)', () => {
  assert.equal((parseDictionary('a=1, a=2').get('a') as Item).value, 2)
})

test('malformed structured fields are refused', () => {
  const bad = [
    'A=1',
    'a=1,',
    'a=1 b=2',
    'a="unterminated',
    'a="bad\\escape"',
    'a="tab\there"',
    'a=:not base64!:',
    'a=:AQI:',
    'a=(1 2',
    'a=(1,2)',
    'a=1234567890123456',
    'a=1.1234',
    'a=1.',
    'a=-',
    'a=?2',
    'a=é',
    'a=1;B=2',
    ',a=1',
  ]
  for (const text of bad) assert.throws(() => parseDictionary(text), StructuredFieldError, text)
})

test('parsing a hostile 1 MB header is linear, not quadratic', () => {
  const huge = `a=(${'"x" '.repeat(250_000)})`
  const started = performance.now()
  assert.equal((parseDictionary(huge).get('a') as InnerList).items.length, 250_000)
  assert.ok(performance.now() - started < 5000)
})
