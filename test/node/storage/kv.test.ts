import assert from 'node:assert/strict'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { startKvSweeper } from '../../../node/storage/kv-sweeper.js'
import { prefixRange } from '../../../node/storage/prefix.js'
import { codeOf, fixture } from './helpers.js'

test('set, get, delete and list by key; values are any JSON; other apps see none of it', () => {
  const fx = fixture()
  const a = fx.storage.app(fx.apps.a)
  const b = fx.storage.app(fx.apps.b)
  const values = [0, -1.5, 'text', '', true, false, null, [1, [2]], { x: { y: 'z' } }]
  for (const [i, v] of values.entries()) a.kv.set(`k${i}`, v)
  for (const [i, v] of values.entries()) assert.deepEqual(a.kv.get(`k${i}`), v)
  assert.equal(a.kv.get('absent'), undefined)
  assert.equal(b.kv.get('k0'), undefined)
  assert.deepEqual(b.kv.list(), [])
  a.kv.set('k0', 'again')
  assert.equal(a.kv.get('k0'), 'again')
  assert.equal(a.kv.delete('k0'), true)
  assert.equal(a.kv.delete('k0'), false)
  assert.equal(a.kv.get('k0'), undefined)
  assert.deepEqual(
    a.kv.list('k').map((e) => e.key),
    ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8'],
  )
  fx.db.close()
})

test('expired keys are invisible the millisecond they expire, before any sweep', () => {
  const fx = fixture()
  const a = fx.storage.app(fx.apps.a)
  a.kv.set('short', 1, 100)
  a.kv.set('long', 2, 10_000)
  a.kv.set('forever', 3)
  assert.deepEqual(a.kv.list(), [
    { key: 'forever', value: 3 },
    { key: 'long', value: 2, expiresAt: fx.clock.now() + 10_000 },
    { key: 'short', value: 1, expiresAt: fx.clock.now() + 100 },
  ])
  fx.clock.advance(99)
  assert.equal(a.kv.get('short'), 1)
  fx.clock.advance(1)
  assert.equal(a.kv.get('short'), undefined)
  assert.deepEqual(
    a.kv.list().map((e) => e.key),
    ['forever', 'long'],
  )
  // Deleting an expired key reports that nothing live was there.
  assert.equal(a.kv.delete('short'), false)
  // Setting it again makes a new key, with no TTL unless given.
  a.kv.set('long', 'renewed')
  fx.clock.advance(1_000_000)
  assert.equal(a.kv.get('long'), 'renewed')
  fx.db.close()
})

test('the sweeper deletes expired rows in the background and leaves live ones', async () => {
  const fx = fixture()
  const a = fx.storage.app(fx.apps.a)
  const b = fx.storage.app(fx.apps.b)
  for (let i = 0; i < 1200; i++) a.kv.set(`t${i}`, i, 50)
  b.kv.set('tb', 1, 50)
  a.kv.set('live', 1, 1_000_000)
  a.kv.set('plain', 2)
  const rows = () => fx.db.prepare('SELECT count(*) FROM app_kv').pluck().get() as number
  assert.equal(rows(), 1203)
  fx.clock.advance(50)
  const sweeper = startKvSweeper(fx.storage, { intervalMs: 10, batch: 100, maxBatches: 5 })
  try {
    for (let i = 0; i < 200 && rows() > 2; i++) await sleep(10)
  } finally {
    sweeper.stop()
  }
  assert.equal(rows(), 2)
  assert.deepEqual(
    a.kv.list().map((e) => e.key),
    ['live', 'plain'],
  )
  fx.db.close()
})

test('a sweep skips a connection whose unit is open, and resumes after', () => {
  const fx = fixture()
  const a = fx.storage.app(fx.apps.a)
  a.kv.set('x', 1, 10)
  fx.clock.advance(10)
  const unit = a.begin()
  assert.equal(fx.storage.sweepExpired(), 0)
  unit.commit()
  assert.equal(fx.storage.sweepExpired(), 1)
  fx.db.close()
})

test('prefixes are literal: % and _ and backslashes match only themselves', () => {
  const fx = fixture()
  const a = fx.storage.app(fx.apps.a)
  const b = fx.storage.app(fx.apps.b)
  const keys = [
    '%',
    '%a',
    '_',
    '_x',
    'a',
    'a%',
    'a%b',
    'a_b',
    'ab',
    'abc',
    'a\\',
    'a\\b',
    'é',
    'é%',
    '😀',
    '😀x',
    '\uffff',
    '\u{10ffff}a',
  ]
  for (const k of keys) {
    a.kv.set(k, k)
    b.kv.set(k, `b:${k}`)
  }
  for (const prefix of ['', '%', '_', 'a', 'a%', 'a_', 'a\\', 'é', '😀', '\uffff', '\u{10ffff}', 'zzz']) {
    const want = keys
      .filter((k) => k.startsWith(prefix))
      .sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)))
    const got = a.kv.list(prefix)
    assert.deepEqual(
      got.map((e) => e.key),
      want,
      `prefix ${JSON.stringify(prefix)}`,
    )
    assert.ok(
      got.every((e) => e.value === e.key),
      'values come from app a only',
    )
  }
  fx.db.close()
})

test('prefix ranges end just past the prefix, across surrogates and the last code point', () => {
  assert.deepEqual(prefixRange(''), { from: '', to: null })
  assert.deepEqual(prefixRange('ab'), { from: 'ab', to: 'ac' })
  assert.deepEqual(prefixRange('a\ud7ff'), { from: 'a\ud7ff', to: 'a\ue000' })
  assert.deepEqual(prefixRange('a\u{10ffff}'), { from: 'a\u{10ffff}', to: 'b' })
  assert.deepEqual(prefixRange('\u{10ffff}'), { from: '\u{10ffff}', to: null })
})

test('list pages with limit and after', () => {
  const fx = fixture()
  const a = fx.storage.app(fx.apps.a)
  for (let i = 0; i < 25; i++) a.kv.set(`p/${String(i).padStart(2, '0')}`, i)
  a.kv.set('q', 'other')
  const seen: number[] = []
  let after: string | undefined
  for (;;) {
    const page = a.kv.list('p/', after === undefined ? { limit: 10 } : { limit: 10, after })
    if (page.length === 0) break
    seen.push(...page.map((e) => e.value as number))
    after = page.at(-1)?.key
  }
  assert.deepEqual(
    seen,
    Array.from({ length: 25 }, (_, i) => i),
  )
  assert.equal(
    codeOf(() => a.kv.list('', { limit: 1001 })),
    'LIMIT_EXCEEDED',
  )
  assert.equal(
    codeOf(() => a.kv.list('', { limit: -1 })),
    'INVALID_ARGUMENT',
  )
  fx.db.close()
})

test('limits: key 512 bytes, value 1 MiB; each a clear error that changes nothing', () => {
  const fx = fixture()
  const a = fx.storage.app(fx.apps.a)
  a.kv.set('k', 'before')
  const key512 = 'é'.repeat(256)
  a.kv.set(key512, 1)
  assert.equal(a.kv.get(key512), 1)
  assert.equal(
    codeOf(() => a.kv.set(`${key512}x`, 1)),
    'LIMIT_EXCEEDED',
  )
  const big = 'x'.repeat(1024 * 1024 - 2) // with its quotes: exactly 1 MiB of JSON
  a.kv.set('big', big)
  assert.equal((a.kv.get('big') as string).length, big.length)
  assert.equal(
    codeOf(() => a.kv.set('k', `${big}y`)),
    'LIMIT_EXCEEDED',
  )
  assert.equal(a.kv.get('k'), 'before')
  for (const bad of ['', 'a\u0000b', 'tab\there', 'lone\ud800', 42 as unknown as string]) {
    assert.equal(
      codeOf(() => a.kv.set(bad, 1)),
      'INVALID_ARGUMENT',
      JSON.stringify(bad),
    )
  }
  assert.equal(
    codeOf(() => a.kv.set('u', undefined)),
    'INVALID_ARGUMENT',
  )
  assert.equal(
    codeOf(() => a.kv.set('f', () => 1)),
    'INVALID_ARGUMENT',
  )
  assert.equal(
    codeOf(() => a.kv.set('big', 1n)),
    'INVALID_ARGUMENT',
  )
  for (const ttl of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, '10' as unknown as number, 1e15]) {
    assert.equal(
      codeOf(() => a.kv.set('t', 1, ttl)),
      'INVALID_ARGUMENT',
      String(ttl),
    )
  }
  assert.equal(a.kv.get('t'), undefined)
  fx.db.close()
})

test('limits are configurable per store', () => {
  const fx = fixture({ limits: { maxKeyBytes: 4, maxValueBytes: 10 } })
  const a = fx.storage.app(fx.apps.a)
  a.kv.set('abcd', '12345678')
  assert.equal(
    codeOf(() => a.kv.set('abcde', 1)),
    'LIMIT_EXCEEDED',
  )
  assert.equal(
    codeOf(() => a.kv.set('abcd', '123456789')),
    'LIMIT_EXCEEDED',
  )
  assert.equal(a.kv.get('abcd'), '12345678')
  fx.db.close()
})

test('a key of an app that does not exist is refused as NOT_FOUND', () => {
  const fx = fixture()
  assert.equal(
    codeOf(() => fx.storage.app('app_000000000000').kv.set('k', 1)),
    'NOT_FOUND',
  )
  fx.db.close()
})
