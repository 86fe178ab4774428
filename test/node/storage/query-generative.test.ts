import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fixture, prng } from './helpers.js'
import { FIELDS, genDoc, genQuery, int, pick } from './query-gen.js'
import { type Doc, type FindOptions, find } from './reference.js'

const SEED = Number(process.env.FAZT_TEST_SEED ?? 20240611)

/** Seeds app "a" with `n` generated documents (and app "b" with decoys); returns a's as stored. */
function seed(n: number) {
  const fx = fixture()
  const r = prng(SEED)
  const a = fx.storage.app(fx.apps.a)
  const b = fx.storage.app(fx.apps.b)
  const docs: Doc[] = []
  for (let i = 0; i < n; i++) {
    // Some documents share a creation time, so ties in the default order are exercised.
    fx.clock.advance(int(r, 0, 2))
    const doc = genDoc(r)
    const id = r() < 0.8 ? `a${i.toString(36)}${pick(r, ['', '%', '_', 'é', 'Z'])}` : undefined
    const given = id === undefined ? doc : { ...doc, id }
    const got = a.docs.insert('things', given)
    const t = fx.clock.now()
    docs.push({ ...JSON.parse(JSON.stringify(doc)), id: got, _createdAt: t, _updatedAt: t })
    // The decoy app holds the same shapes (and ids) in the same collection name.
    if (i % 3 === 0) b.docs.insert('things', { ...doc, id: got })
    if (i % 7 === 0) a.docs.insert('other', { ...doc, id: got })
  }
  return { fx, r, a, docs }
}

test('documents round-trip: find({}) returns each stored document with id and timestamps', () => {
  const { fx, a, docs } = seed(300)
  assert.deepEqual(a.docs.find('things', {}), find(docs, {}))
  assert.equal(a.docs.count('things'), docs.length)
  fx.db.close()
})

test('generated queries return exactly what the reference evaluator returns', () => {
  const { fx, r, a, docs } = seed(400)
  const ids = [...docs.map((d) => d.id).slice(0, 30), 'nope', '']
  const times = [...new Set(docs.map((d) => d._createdAt))].filter((_, i) => i % 25 === 0)
  let nonEmpty = 0
  for (let i = 0; i < 800; i++) {
    const query = genQuery(r, ids, times)
    const opts: FindOptions = {}
    if (r() < 0.6) opts.sort = pick(r, FIELDS)
    if (r() < 0.5) opts.order = pick(r, ['asc', 'desc'] as const)
    if (r() < 0.4) opts.limit = int(r, 0, 40)
    if (r() < 0.3) opts.offset = int(r, 0, 30)
    const want = find(docs, query, opts)
    const label = `seed ${SEED} case ${i}: ${JSON.stringify(query)} ${JSON.stringify(opts)}`
    assert.deepEqual(a.docs.find('things', query, opts), want, label)
    assert.equal(a.docs.count('things', query), find(docs, query).length, label)
    if (want.length > 0) nonEmpty++
  }
  // The generator must produce meaningful cases, not only empty results.
  assert.ok(nonEmpty > 300, `only ${nonEmpty} of 800 queries matched anything`)
  fx.db.close()
})

test('update and delete change exactly the documents the reference matches', () => {
  const { fx, r, a, docs } = seed(200)
  const ids = docs.map((d) => d.id).slice(0, 20)
  const times = docs.map((d) => d._createdAt).filter((_, i) => i % 20 === 0)
  let current = docs
  for (let i = 0; i < 60; i++) {
    const query = genQuery(r, ids, times)
    const label = `seed ${SEED} case ${i}: ${JSON.stringify(query)}`
    fx.clock.advance(5)
    const hit = new Set(find(current, query).map((d) => d.id))
    if (i % 4 === 3) {
      assert.equal(a.docs.delete('things', query), hit.size, label)
      current = current.filter((d) => !hit.has(d.id))
    } else {
      assert.equal(a.docs.update('things', query, { $set: { marked: i } }), hit.size, label)
      current = current.map((d) => (hit.has(d.id) ? { ...d, marked: i, _updatedAt: fx.clock.now() } : d))
    }
    assert.deepEqual(a.docs.find('things', {}), find(current, {}), label)
  }
  fx.db.close()
})
