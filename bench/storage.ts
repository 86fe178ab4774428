// App storage through the store API beside raw better-sqlite3 running the same statements, same run,
// same kind of file (node/core/db-open.ts: WAL, synchronous as below, foreign keys on), same schema.
// Figures: single-key KV writes/s and reads/s, document queries/s; ratio = store cost / raw cost per op.
// Usage: npm run bench -- storage   (prints JSON; RUNS=3, SYNC=NORMAL|FULL)
import { join } from 'node:path'
import type { Statement } from 'better-sqlite3'
import { type DB, openDatabase } from '../node/core/db-open.js'
import { insertApp } from '../node/hosting/app-store.js'
import { DocStore } from '../node/storage/doc-store.js'
import { createStorage } from '../node/storage/storage.js'
import { tempDir } from '../test/helpers/paths.js'
import { median, round } from './lib/stats.js'

const runs = Number(process.env.RUNS ?? 3)
const sync = process.env.SYNC === 'FULL' ? 'FULL' : 'NORMAL'
const WRITES = Number(process.env.WRITES ?? (sync === 'FULL' ? 3000 : 20000))
const READS = 100_000
const DOCS = 5000

function open(name: string): { db: DB; appId: string } {
  const db = openDatabase(join(tempDir('fazt-bench-'), `${name}.db`), { synchronous: sync })
  return { db, appId: insertApp(db, { name: 'bench' }, Date.now()).id }
}

/**
 * Ops per second of `store` and of `raw`, measured in alternating chunks so that drift on a shared
 * machine hits both alike. `i` counts up across chunks (unique keys for writes).
 */
function pair(
  chunk: number,
  chunks: number,
  store: (i: number) => void,
  raw: (i: number) => void,
): [number, number] {
  const ns = [0, 0]
  const fns = [store, raw]
  const next = [0, 0]
  for (let c = 0; c < chunks; c++) {
    for (const side of c % 2 === 0 ? [0, 1] : [1, 0]) {
      const fn = fns[side] as (i: number) => void
      let i = next[side] as number
      const t = process.hrtime.bigint()
      for (let k = 0; k < chunk; k++) fn(i++)
      ns[side] = (ns[side] as number) + Number(process.hrtime.bigint() - t)
      next[side] = i
    }
  }
  return [(chunk * chunks) / ((ns[0] as number) / 1e9), (chunk * chunks) / ((ns[1] as number) / 1e9)]
}

const KV_SET = `INSERT INTO app_kv (app_id, key, value, expires_at, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (app_id, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at,
    updated_at = excluded.updated_at,
    created_at = iif(app_kv.expires_at <= excluded.updated_at, excluded.created_at, app_kv.created_at)`
const KV_GET =
  'SELECT value FROM app_kv WHERE app_id = ? AND key = ? AND (expires_at IS NULL OR expires_at > ?)'

const value = (i: number) => ({ n: i, name: `user-${i}`, tags: ['a', 'b'], active: i % 2 === 0 })
const STATUSES = ['active', 'idle', 'banned', 'new']

function seedDocs(db: DB, appId: string): void {
  const ins = db.prepare(
    'INSERT INTO app_docs (app_id, collection, id, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  )
  db.transaction(() => {
    for (let i = 0; i < DOCS; i++) {
      const doc = {
        status: STATUSES[i % 4],
        age: (i * 37) % 100,
        name: `user-${i}`,
        tags: [`t${i % 10}`],
        meta: { score: i % 1000 },
      }
      ins.run(appId, 'users', `u${i}`, JSON.stringify(doc), 1_700_000_000_000 + i, 1_700_000_000_000 + i)
    }
  })()
}

type Row = [string, string, number, number]
const toDoc = ([id, data, c, u]: Row) => {
  const d = JSON.parse(data)
  d.id = id
  d._createdAt = c
  d._updatedAt = u
  return d
}

// n: queries per side per run.
const queries = {
  filter: { query: { status: 'active', age: { $gte: 30 } }, opts: { limit: 20 }, n: 2000 },
  sorted: {
    query: { 'meta.score': { $lt: 500 }, tags: { $contains: 't3' } },
    opts: { limit: 20, sort: 'age', order: 'desc' as const },
    n: 200,
  },
  by_id: { query: { id: 'u4321' }, opts: {}, n: 40_000 },
}
// What a programmer would write by hand with json_extract (no type guards): the cost of exact semantics.
const naive = {
  filter: `SELECT id, data, created_at, updated_at FROM app_docs WHERE app_id = ? AND collection = 'users'
    AND json_extract(data, '$.status') = 'active' AND json_extract(data, '$.age') >= 30
    ORDER BY created_at, id LIMIT 20`,
}

const samples: Record<string, number[]> = {}
const record = (name: string, [store, raw]: [number, number]) => {
  for (const [k, v] of [
    [`${name}_store`, store],
    [`${name}_raw`, raw],
    [`${name}_ratio`, raw / store],
  ] as const) {
    samples[k] ??= []
    samples[k].push(v)
  }
}

for (let run = 0; run < runs; run++) {
  const s = open(`store-${run}`)
  const r = open(`raw-${run}`)
  const store = createStorage(s.db).app(s.appId)
  const rawSet = r.db.prepare(KV_SET)
  const rawGet = r.db.prepare(KV_GET).pluck()

  record(
    'kv_write',
    pair(
      WRITES / 20,
      20,
      (i) => store.kv.set(`key-${i}`, value(i)),
      (i) => {
        const now = Date.now()
        rawSet.run(r.appId, `key-${i}`, JSON.stringify(value(i)), null, now, now)
      },
    ),
  )
  const keys = Array.from({ length: 4096 }, (_, i) => `key-${(i * 7919) % WRITES}`)
  record(
    'kv_read',
    pair(
      READS / 20,
      20,
      (i) => store.kv.get(keys[i & 4095] as string),
      (i) => JSON.parse(rawGet.get(r.appId, keys[i & 4095], Date.now()) as string),
    ),
  )

  seedDocs(s.db, s.appId)
  seedDocs(r.db, r.appId)
  const docs = new DocStore(createStorage(r.db).engine)
  for (const [name, { query, opts, n }] of Object.entries(queries)) {
    // Raw runs the very statement the store builds, prepared once: the ratio is the API's own cost.
    const q = docs.findSql(r.appId, 'users', query, opts)
    const stmt: Statement = r.db.prepare(q.text).raw(true)
    const hits = store.docs.find('users', query, opts).length
    if (hits !== (stmt.all(...q.params) as Row[]).length || hits === 0)
      throw new Error(`${name}: results differ`)
    record(
      `doc_${name}`,
      pair(
        n / 20,
        20,
        () => store.docs.find('users', query, opts),
        () => (stmt.all(...q.params) as Row[]).map(toDoc),
      ),
    )
    const hand = naive[name as keyof typeof naive]
    if (hand) {
      const h = r.db.prepare(hand as string).raw(true)
      record(
        `doc_${name}_naive`,
        pair(
          n / 20,
          20,
          () => (h.all(r.appId) as Row[]).map(toDoc),
          () => (stmt.all(...q.params) as Row[]).map(toDoc),
        ),
      )
    }
  }
  s.db.close()
  r.db.close()
}

const m = (k: string) => round(median(samples[k] ?? []), 0)
const figure = (name: string) => ({
  store_per_s: m(`${name}_store`),
  raw_per_s: m(`${name}_raw`),
  // Cost per operation, store over raw (median of the per-run ratios): 1.0 = free; the target is <= 2.
  ratio: round(median(samples[`${name}_ratio`] ?? []), 2),
})
console.log(
  JSON.stringify(
    {
      figure: 'storage_ops_per_s',
      durability: `journal_mode=WAL, synchronous=${sync}: ${sync === 'FULL' ? 'a commit survives power loss' : 'a commit survives a process crash (kill -9), not necessarily power loss'}`,
      runs,
      kv_write: {
        ...figure('kv_write'),
        note: 'one autocommit upsert per set; JSON.stringify on both sides',
      },
      kv_read: { ...figure('kv_read'), note: 'point lookup with the TTL check; JSON.parse on both sides' },
      doc_query_filter: {
        ...figure('doc_filter'),
        query: queries.filter,
        docs: DOCS,
        naive_json_extract_per_s: m('doc_filter_naive_store'),
        // The exact SQL's cost per query over the hand-written one's (same run, alternating chunks).
        exact_over_naive: round(1 / median(samples.doc_filter_naive_ratio ?? []), 2),
        note: 'raw = the same SQL the store builds; naive = hand-written json_extract without the type guards that make results exact',
      },
      doc_query_sorted: { ...figure('doc_sorted'), query: queries.sorted, docs: DOCS },
      doc_query_by_id: { ...figure('doc_by_id'), query: queries.by_id, docs: DOCS },
      target_ratio: 2,
      samples: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.map((x) => round(x, 2))])),
    },
    null,
    2,
  ),
)
