import assert from 'node:assert/strict'
import { test } from 'node:test'
import { canonicalJson } from '../../../peer/protocol/canonical-json.js'
import { throwsCode } from './fixtures.js'

test('canonical JSON sorts keys at every depth and writes no whitespace', () => {
  const value = { b: 1, a: [3, { z: true, y: null }], é: 'x', A: { d: 'q', c: -0.5 } }
  assert.equal(canonicalJson(value), '{"A":{"c":-0.5,"d":"q"},"a":[3,{"y":null,"z":true}],"b":1,"é":"x"}')
})

test('canonical JSON is the same for the same value whatever the insertion order', () => {
  assert.equal(canonicalJson({ x: 1, y: 2 }), canonicalJson({ y: 2, x: 1 }))
})

test('canonical JSON escapes strings as JSON.stringify does, control characters included', () => {
  const s = 'a"b\\c\n\u0001\u2028\ud800'
  assert.equal(canonicalJson(s), JSON.stringify(s))
  assert.deepEqual(JSON.parse(canonicalJson({ s })), { s })
})

test('canonical JSON omits undefined members, as a JSON round trip would', () => {
  assert.equal(canonicalJson({ a: undefined, b: 1 }), '{"b":1}')
})

test('canonical JSON refuses values that JSON cannot carry unchanged', () => {
  for (const bad of [
    Number.NaN,
    Number.POSITIVE_INFINITY,
    [undefined],
    new Date(0),
    () => 1,
    10n,
    Symbol('x'),
  ]) {
    throwsCode(() => canonicalJson(bad), 'INVALID_ARGUMENT')
  }
  const cyclic: Record<string, unknown> = {}
  cyclic.self = cyclic
  throwsCode(() => canonicalJson(cyclic), 'INVALID_ARGUMENT')
  let deep: unknown = 1
  for (let i = 0; i < 100; i++) deep = [deep]
  throwsCode(() => canonicalJson(deep), 'INVALID_ARGUMENT')
})

test('canonical JSON accepts a shared (non-cyclic) sub-object twice', () => {
  const shared = { k: 1 }
  assert.equal(canonicalJson({ a: shared, b: shared }), '{"a":{"k":1},"b":{"k":1}}')
})
