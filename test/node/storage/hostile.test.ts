import assert from 'node:assert/strict'
import { test } from 'node:test'
import { exportAppStorage } from '../../../node/storage/app-transfer.js'
import { codeOf, type Fixture, fixture } from './helpers.js'
import { type Doc, find } from './reference.js'

// Every hostile input either gives the reference's answer over app a's own rows, or a clear
// INVALID_ARGUMENT / LIMIT_EXCEEDED. App b holds look-alike rows (same collection, same ids) and must
// stay unseen and unchanged throughout.

function seeded(): { fx: Fixture; docs: Doc[] } {
  const fx = fixture()
  const a = fx.storage.app(fx.apps.a)
  const b = fx.storage.app(fx.apps.b)
  const shapes: Record<string, unknown>[] = [
    { name: 'alice', role: 'admin', n: 1, tags: ['x', "'", '%'] },
    { name: "o'brien", role: 'user', n: 2, "a') OR 1=1 --": 'inj', 'q"t': { 'x.y': 1 } },
    { name: '100%', role: 'user', n: 3, 'a[0]': 'bracket', $sneaky: 1 },
    { name: 'under_score', role: null, n: 4, nested: { deep: { er: 'yes' } } },
    { name: 'back\\slash', n: '5', __proto__x: 1 },
  ]
  const docs: Doc[] = []
  shapes.forEach((s, i) => {
    fx.clock.advance(1)
    const id = `d${i}`
    a.docs.insert('people', { ...s, id })
    b.docs.insert('people', { ...s, id, owner: 'b' })
    docs.push({
      ...JSON.parse(JSON.stringify(s)),
      id,
      _createdAt: fx.clock.now(),
      _updatedAt: fx.clock.now(),
    })
  })
  for (const k of ['%', '_', 'a%', 'a_', 'ab', "'", '"']) {
    a.kv.set(k, `a:${k}`)
    b.kv.set(k, `b:${k}`)
  }
  b.blobs.put('%/x', 'b')
  return { fx, docs }
}

function run(q: unknown, opts?: unknown): (fx: Fixture) => unknown {
  return (fx) => fx.storage.app(fx.apps.a).docs.find('people', q as never, opts as never)
}

const hostileQueries: [name: string, query: unknown, opts?: unknown][] = [
  ['$where at the top', { $where: 'this.role == "admin"' }],
  ['$where on a field', { name: { $where: '1' } }],
  ['$expr', { $expr: { $eq: [1, 1] } }],
  ['$regex', { name: { $regex: '.*' } }],
  ['$not', { name: { $not: { $eq: 'x' } } }],
  ['operator inside a path', { 'name.$gt': '' }],
  ['operator as a whole path', { $gt: 1 }],
  ['dollar segment deeper', { 'nested.$deep': 1 }],
  ['SQL in a field name', { "a') OR 1=1 --": 'inj' }],
  ['SQL in a field name, not matching', { "name') OR ('1'='1": 'x' }],
  ['SQL in a value', { name: "' OR '1'='1" }],
  ['quote in a value', { name: "o'brien" }],
  ['double quote and dot in a key', { 'q"t.x.y': 1 }],
  ['double quote in a key', { 'q"t': { $exists: true } }],
  ['JSON path syntax in a field', { '$.name': 'alice' }],
  ['bracket key is literal', { 'a[0]': 'bracket' }],
  ['array index is not a path', { 'tags.0': 'x' }],
  ['empty field', { '': 1 }],
  ['empty segment', { 'nested..deep': 1 }],
  ['leading dot', { '.name': 'alice' }],
  ['trailing dot', { 'name.': 'alice' }],
  ['control character', { 'na\u0000me': 'alice' }],
  ['% in $contains is literal', { name: { $contains: '%' } }],
  ['_ in $contains is literal', { name: { $contains: '_' } }],
  ['quote in $contains', { tags: { $contains: "'" } }],
  ['backslash', { name: { $contains: '\\' } }],
  ['object compared whole', { nested: { deep: { er: 'yes' } } }],
  ['mixed operators and keys', { n: { $gt: 1, x: 2 } }],
  ['array as a value', { tags: ['x'] }],
  ['object in $in', { n: { $in: [{ $gt: 0 }] } }],
  ['operator in operand', { n: { $eq: { $ne: 1 } } }],
  ['$in not a list', { n: { $in: 1 } }],
  ['$gt of a boolean', { n: { $gt: true } }],
  ['$exists of a string', { n: { $exists: 'yes' } }],
  ['NaN', { n: Number.NaN }],
  ['Infinity', { n: { $lt: Number.POSITIVE_INFINITY } }],
  ['undefined', { n: undefined }],
  ['a function', { n: () => 1 }],
  ['a Date', { n: new Date(0) }],
  ['$or of non-objects', { $or: ['1=1'] }],
  ['empty $or', { $or: [] }],
  ['$and not a list', { $and: { n: 1 } }],
  ['query is an array', [{ n: 1 }]],
  ['query is a string', '1=1) OR (1=1'],
  ['query is null', null],
  ['__proto__ as a field', JSON.parse('{"__proto__": {"$ne": "x"}}')],
  ['constructor as a field', { constructor: { $exists: true } }],
  ['huge $in (1001)', { n: { $in: Array.from({ length: 1001 }, (_, i) => i) } }],
  ['large $in (1000) is fine', { n: { $in: Array.from({ length: 1000 }, (_, i) => i) } }],
  ['huge $nin of strings', { name: { $nin: Array.from({ length: 5000 }, (_, i) => `s${i}`) } }],
  [
    'many conditions',
    Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, { $exists: false }])),
  ],
  ['deep nesting (9)', nest(9)],
  ['nesting 8 is fine', nest(8)],
  ['very deep nesting', nest(5000)],
  ['long path', { [Array.from({ length: 17 }, () => 'a').join('.')]: 1 }],
  ['huge field name', { ['x'.repeat(100_000)]: 1 }],
  ['sort by SQL', {}, { sort: 'name; DROP TABLE app_docs' }],
  ['sort by operator', {}, { sort: '$where' }],
  ['order with SQL', {}, { order: 'DESC; DROP TABLE app_docs' }],
  ['limit as a string', {}, { limit: '1; DROP TABLE app_docs' }],
  ['options not an object', {}, 'limit 1'],
  ['id pinned with SQL', { id: "d0' OR '1'='1" }],
  ['id of the other app’s look-alike', { id: 'd1' }],
]

function nest(depth: number): Record<string, unknown> {
  let q: Record<string, unknown> = { n: { $gte: 1 } }
  for (let i = 0; i < depth; i++) q = { $and: [q] }
  return q
}

test('hostile queries give the reference answer over the app’s own rows or a clear error', () => {
  const { fx, docs } = seeded()
  const before = exportAppStorage(fx.db, fx.apps.b, fx.clock.now())
  const outcomes: string[] = []
  for (const [name, query, opts] of hostileQueries) {
    let got: unknown
    try {
      got = run(query, opts)(fx)
    } catch (e) {
      const code = (e as { code?: string }).code
      assert.ok(
        code === 'INVALID_ARGUMENT' || code === 'LIMIT_EXCEEDED',
        `${name}: ${code} ${(e as Error).message}`,
      )
      assert.ok((e as Error).message.length > 10, `${name}: the message says what is wrong`)
      outcomes.push(`${name}: ${code}`)
      continue
    }
    const rows = got as Doc[]
    assert.ok(
      rows.every((d) => d.owner === undefined),
      `${name}: returned app b's rows`,
    )
    assert.deepEqual(rows, find(docs, (query ?? {}) as Record<string, unknown>, (opts ?? {}) as never), name)
    outcomes.push(`${name}: ${rows.length} rows`)
  }
  if (process.env.SHOW) console.log(outcomes.join('\n'))
  // Spot checks that the dangerous-looking but valid queries did what they say.
  const expect = (name: string, outcome: string) =>
    assert.ok(outcomes.includes(`${name}: ${outcome}`), `${name}: ${outcomes.join('\n')}`)
  expect('$where at the top', 'INVALID_ARGUMENT')
  expect('SQL in a field name', '1 rows')
  expect('SQL in a value', '0 rows')
  expect('quote in a value', '1 rows')
  expect('double quote and dot in a key', '0 rows')
  expect('double quote in a key', '1 rows')
  expect('bracket key is literal', '1 rows')
  expect('query is null', '5 rows')
  expect('long path', 'LIMIT_EXCEEDED')
  expect('% in $contains is literal', '1 rows')
  expect('_ in $contains is literal', '1 rows')
  expect('huge $in (1001)', 'LIMIT_EXCEEDED')
  expect('large $in (1000) is fine', '4 rows')
  expect('deep nesting (9)', 'LIMIT_EXCEEDED')
  expect('nesting 8 is fine', '4 rows')
  expect('many conditions', 'LIMIT_EXCEEDED')
  expect('sort by SQL', '5 rows')
  expect('id pinned with SQL', '0 rows')
  expect('id of the other app’s look-alike', '1 rows')
  assert.deepEqual(exportAppStorage(fx.db, fx.apps.b, fx.clock.now()), before, 'app b unchanged')
  fx.db.close()
})

test('hostile writes, counts, deletes and prefixes never reach another app', () => {
  const { fx } = seeded()
  const a = fx.storage.app(fx.apps.a)
  const before = exportAppStorage(fx.db, fx.apps.b, fx.clock.now())
  const attempts: (() => unknown)[] = [
    () => a.docs.update('people', { id: "d0' OR '1'='1" }, { $set: { hacked: 1 } }),
    () => a.docs.update('people', {}, { $set: { owner: 'a' } }),
    () => a.docs.update('people', { $where: '1' }, { $set: { x: 1 } }),
    () => a.docs.count('people', { "a') OR 1=1 --": { $exists: true } }),
    () => a.docs.delete('people', { name: "' OR 1=1 --" }),
    () => a.docs.delete('people', { $or: [{ id: 'd0' }, { id: 'd1' }] }),
    () => a.docs.insert("people' OR '1'='1", { id: 'd0' }),
    () => a.kv.delete('%'),
    () => a.kv.list('%').map((e) => e.value),
    () => a.kv.list('_').map((e) => e.value),
    () => a.kv.list("'").map((e) => e.value),
    () => a.blobs.list('%'),
    () => a.blobs.get('%/x'),
    () => a.blobs.delete('%/x'),
  ]
  const results = attempts.map((f) => {
    try {
      return f()
    } catch (e) {
      return (e as { code?: string }).code
    }
  })
  assert.deepEqual(results, [
    0,
    5,
    'INVALID_ARGUMENT',
    1,
    0,
    2,
    'd0',
    true,
    [],
    ['a:_'],
    ["a:'"],
    [],
    null,
    false,
  ])
  assert.deepEqual(exportAppStorage(fx.db, fx.apps.b, fx.clock.now()), before, 'app b unchanged')
  assert.equal(
    codeOf(() => fx.storage.app('')),
    'INVALID_ARGUMENT',
  )
  fx.db.close()
})
