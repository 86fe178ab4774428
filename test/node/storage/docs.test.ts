import assert from 'node:assert/strict'
import { test } from 'node:test'
import { codeOf, fixture } from './helpers.js'

test('insert returns the given id or a new one; a duplicate id is CONFLICT; timestamps are the store’s', () => {
  const fx = fixture({
    newId: (() => {
      let n = 0
      return () => `gen${++n}`
    })(),
  })
  const a = fx.storage.app(fx.apps.a)
  const b = fx.storage.app(fx.apps.b)
  assert.equal(a.docs.insert('posts', { id: 'p1', title: 'one' }), 'p1')
  assert.equal(a.docs.insert('posts', { title: 'two', _createdAt: 5, _updatedAt: 6 }), 'gen1')
  assert.equal(
    codeOf(() => a.docs.insert('posts', { id: 'p1' })),
    'CONFLICT',
  )
  // The same id in another collection or another app is another document.
  assert.equal(a.docs.insert('drafts', { id: 'p1' }), 'p1')
  assert.equal(b.docs.insert('posts', { id: 'p1', title: 'b' }), 'p1')
  const t = fx.clock.now()
  assert.deepEqual(a.docs.findOne('posts', 'gen1'), {
    id: 'gen1',
    title: 'two',
    _createdAt: t,
    _updatedAt: t,
  })
  assert.equal(a.docs.findOne('posts', 'nope'), null)
  assert.deepEqual(a.docs.findOne('posts', { title: 'one' })?.id, 'p1')
  assert.equal(b.docs.findOne('posts', 'p1')?.title, 'b')
  for (const bad of [null, [], 'x', 5])
    assert.equal(
      codeOf(() => a.docs.insert('posts', bad as never)),
      'INVALID_ARGUMENT',
    )
  assert.equal(
    codeOf(() => a.docs.insert('posts', { id: 7 })),
    'INVALID_ARGUMENT',
  )
  assert.equal(
    codeOf(() => a.docs.insert('', {})),
    'INVALID_ARGUMENT',
  )
  fx.db.close()
})

test('update: $set creates nested objects, $unset removes, $inc adds (missing counts as 0), plain fields set', () => {
  const fx = fixture()
  const a = fx.storage.app(fx.apps.a)
  a.docs.insert('c', { id: 'x', n: 1, keep: true, deep: { a: 1 } })
  fx.clock.advance(10)
  assert.equal(
    a.docs.update(
      'c',
      { id: 'x' },
      { $set: { 'p.q.r': 'new', 'deep.b': [1] }, $unset: { keep: 1 }, $inc: { n: 2, m: -1.5 } },
    ),
    1,
  )
  assert.deepEqual(a.docs.findOne('c', 'x'), {
    id: 'x',
    n: 3,
    m: -1.5,
    deep: { a: 1, b: [1] },
    p: { q: { r: 'new' } },
    _createdAt: fx.clock.now() - 10,
    _updatedAt: fx.clock.now(),
  })
  assert.equal(a.docs.update('c', {}, { title: 'plain', 'deep.a': 2 }), 1)
  assert.deepEqual(a.docs.findOne('c', 'x')?.deep, { a: 2, b: [1] })
  assert.equal(a.docs.findOne('c', 'x')?.title, 'plain')
  assert.equal(a.docs.update('c', { id: 'none' }, { $set: { z: 1 } }), 0)
  // A `__proto__` key becomes an ordinary field, never a prototype.
  assert.equal(a.docs.update('c', {}, JSON.parse('{"$set": {"__proto__": {"polluted": 1}}}')), 1)
  assert.equal(({} as Record<string, unknown>).polluted, undefined)
  assert.deepEqual(a.docs.find('c', { '__proto__.polluted': 1 }).length, 1)
  fx.db.close()
})

test('a failing update changes no document, not even those it reached first', () => {
  const fx = fixture()
  const a = fx.storage.app(fx.apps.a)
  for (let i = 0; i < 5; i++) a.docs.insert('c', { id: `d${i}`, n: i === 3 ? 'text' : i })
  const before = a.docs.find('c')
  fx.clock.advance(1)
  assert.equal(
    codeOf(() => a.docs.update('c', {}, { $inc: { n: 1 } })),
    'INVALID_ARGUMENT',
  )
  assert.equal(
    codeOf(() => a.docs.update('c', {}, { $set: { 'n.deeper': 1 } })),
    'INVALID_ARGUMENT',
  )
  assert.equal(
    codeOf(() => a.docs.update('c', {}, { $set: { big: 'x'.repeat(1024 * 1024) } })),
    'LIMIT_EXCEEDED',
  )
  assert.deepEqual(a.docs.find('c'), before)
  fx.db.close()
})

test('update refuses unknown operators, reserved fields, overlapping paths and mixed forms', () => {
  const fx = fixture()
  const a = fx.storage.app(fx.apps.a)
  a.docs.insert('c', { id: 'x', a: { b: 1 } })
  const bad: unknown[] = [
    {},
    { $rename: { a: 'b' } },
    { $set: { id: 'y' } },
    { $set: { _createdAt: 1 } },
    { $unset: { _updatedAt: 1 } },
    { $set: { a: 1 }, $inc: { 'a.b': 1 } },
    { $set: { 'a.b': 1 }, $unset: { a: 1 } },
    { $set: { a: 1 }, b: 2 },
    { $set: { $where: 1 } },
    { $set: { 'a..b': 1 } },
    { $set: { a: undefined } },
    { $inc: { a: '1' } },
    { $inc: { a: Number.NaN } },
    { $set: 5 },
    [],
  ]
  for (const changes of bad) {
    assert.equal(
      codeOf(() => a.docs.update('c', {}, changes as never)),
      'INVALID_ARGUMENT',
      JSON.stringify(changes),
    )
  }
  assert.deepEqual(a.docs.findOne('c', 'x')?.a, { b: 1 })
  fx.db.close()
})

test('delete and count; delete needs a query ({} for all)', () => {
  const fx = fixture()
  const a = fx.storage.app(fx.apps.a)
  const b = fx.storage.app(fx.apps.b)
  for (let i = 0; i < 10; i++) {
    a.docs.insert('c', { i })
    b.docs.insert('c', { i })
  }
  assert.equal(a.docs.count('c'), 10)
  assert.equal(a.docs.count('c', { i: { $gte: 5 } }), 5)
  assert.equal(a.docs.delete('c', { i: { $lt: 3 } }), 3)
  assert.equal(
    codeOf(() => a.docs.delete('c', undefined as never)),
    'INVALID_ARGUMENT',
  )
  assert.equal(
    codeOf(() => a.docs.delete('c', null as never)),
    'INVALID_ARGUMENT',
  )
  assert.equal(
    codeOf(() => a.docs.update('c', null as never, { x: 1 })),
    'INVALID_ARGUMENT',
  )
  assert.equal(a.docs.count('c', null as never), 7)
  assert.equal(a.docs.delete('c', {}), 7)
  assert.equal(a.docs.count('c'), 0)
  assert.equal(b.docs.count('c'), 10)
  fx.db.close()
})

test('find: default order is creation order, limit defaults to and is capped at maxLimit', () => {
  const fx = fixture({ limits: { maxLimit: 50 } })
  const a = fx.storage.app(fx.apps.a)
  for (let i = 0; i < 60; i++) {
    fx.clock.advance(1)
    a.docs.insert('c', { id: `z${59 - i}`, i })
  }
  const all = a.docs.find('c')
  assert.equal(all.length, 50)
  assert.deepEqual(
    all.map((d) => d.i),
    Array.from({ length: 50 }, (_, i) => i),
  )
  assert.deepEqual(
    a.docs.find('c', {}, { order: 'desc', limit: 3 }).map((d) => d.i),
    [59, 58, 57],
  )
  assert.deepEqual(
    a.docs.find('c', {}, { sort: 'i', order: 'desc', offset: 10, limit: 2 }).map((d) => d.i),
    [49, 48],
  )
  assert.equal(
    codeOf(() => a.docs.find('c', {}, { limit: 51 })),
    'LIMIT_EXCEEDED',
  )
  for (const opts of [
    { limit: -1 },
    { limit: 1.5 },
    { offset: -1 },
    { order: 'up' },
    { sort: 5 },
    { sort: '' },
  ]) {
    assert.equal(
      codeOf(() => a.docs.find('c', {}, opts as never)),
      'INVALID_ARGUMENT',
      JSON.stringify(opts),
    )
  }
  fx.db.close()
})

test('document limits: 1 MiB of JSON, nesting depth; each a clear error that stores nothing', () => {
  const fx = fixture()
  const a = fx.storage.app(fx.apps.a)
  assert.equal(
    codeOf(() => a.docs.insert('c', { id: 'big', s: 'x'.repeat(1024 * 1024) })),
    'LIMIT_EXCEEDED',
  )
  let deep: Record<string, unknown> = { leaf: 1 }
  for (let i = 0; i < 70; i++) deep = { d: deep }
  assert.equal(
    codeOf(() => a.docs.insert('c', { id: 'deep', deep })),
    'LIMIT_EXCEEDED',
  )
  assert.equal(
    codeOf(() => a.docs.insert('c', { id: 'k'.repeat(513) })),
    'LIMIT_EXCEEDED',
  )
  assert.equal(
    codeOf(() => a.docs.insert('c'.repeat(513), {})),
    'LIMIT_EXCEEDED',
  )
  assert.equal(a.docs.count('c'), 0)
  fx.db.close()
})
