import type { Statement } from 'better-sqlite3'
import { AppError } from '../../sdk/contract/errors.js'
import { type FieldResolver, fieldResolver } from './doc-path.js'
import { compileQuery, isPlainObject } from './doc-query.js'
import { orderBy } from './doc-sort.js'
import { applyChanges, compileChanges } from './doc-update.js'
import type { StorageEngine } from './engine.js'
import { checkCount, checkDepth, checkName, describe, invalid, shown, toJson } from './limits.js'
import { type Sql, sql, TRUE } from './sql.js'
import { isUniqueViolation } from './sqlite-errors.js'

/** A document as apps see it: its fields plus id and timestamps (ms since the epoch). */
export type Doc = Record<string, unknown> & { id: string; _createdAt: number; _updatedAt: number }

export interface FindOptions {
  /** Default and maximum: the store's maxLimit. */
  limit?: number
  offset?: number
  /** A field (dotted path); default: creation order. */
  sort?: string
  order?: 'asc' | 'desc'
}

type Row = [id: string, data: string, createdAt: number, updatedAt: number]

/** Document statements of one connection; every method takes the app id first. */
export class DocStore {
  #e: StorageEngine
  #insert: Statement
  #byId: Statement
  #write: Statement
  #field: FieldResolver

  constructor(e: StorageEngine) {
    this.#e = e
    this.#field = fieldResolver(e.limits)
    this.#insert = e.db.prepare(
      'INSERT INTO app_docs (app_id, collection, id, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    this.#byId = e.db
      .prepare(
        'SELECT id, data, created_at, updated_at FROM app_docs WHERE app_id = ? AND collection = ? AND id = ?',
      )
      .raw()
    this.#write = e.db.prepare('UPDATE app_docs SET data = ?, updated_at = ? WHERE rowid = ?')
  }

  /** Returns the id: `doc.id` when given (a duplicate is CONFLICT), else a new one. */
  insert(appId: string, collection: string, doc: unknown): string {
    const l = this.#e.limits
    this.#collection(collection)
    if (!isPlainObject(doc)) throw invalid(`a document must be an object, not ${describe(doc)}`)
    // id and the timestamps live in columns; timestamps given by the app are the store's to set.
    const { id: given, _createdAt, _updatedAt, ...data } = doc
    const id = given === undefined ? this.#e.newId() : checkName('document id', given, l.maxKeyBytes)
    const json = this.#json(data)
    const now = this.#e.clock.now()
    try {
      this.#insert.run(appId, collection, id, json, now, now)
    } catch (e) {
      if (!isUniqueViolation(e)) throw e
      throw new AppError(
        'CONFLICT',
        `collection ${shown(collection)} already has a document with id ${shown(id)}`,
      )
    }
    return id
  }

  find(appId: string, collection: string, query: unknown, opts: FindOptions = {}): Doc[] {
    const s = this.findSql(appId, collection, query, opts)
    const rows = this.#e
      .prepare(s.text)
      .raw(true)
      .all(...s.params) as Row[]
    return rows.map(toDoc)
  }

  /** The statement `find` runs (its rows: id, data, created_at, updated_at). For benchmarks and debugging. */
  findSql(appId: string, collection: string, query: unknown, opts: FindOptions = {}): Sql {
    const l = this.#e.limits
    if (!isPlainObject(opts)) throw invalid(`find options must be an object, not ${describe(opts)}`)
    const limit = opts.limit === undefined ? l.maxLimit : checkCount('limit', opts.limit, l.maxLimit)
    const offset = opts.offset === undefined ? 0 : checkCount('offset', opts.offset, Number.MAX_SAFE_INTEGER)
    const order = orderBy(opts.sort, opts.order, l, this.#field)
    return sql`SELECT d.id, d.data, d.created_at, d.updated_at FROM app_docs AS d
      WHERE ${this.#where(appId, collection, query)} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`
  }

  /** By id (a string) or the first match of a query in creation order; null when none. */
  findOne(appId: string, collection: string, queryOrId: unknown): Doc | null {
    if (typeof queryOrId === 'string') {
      this.#collection(collection)
      const row = this.#byId.get(appId, collection, queryOrId) as Row | undefined
      return row ? toDoc(row) : null
    }
    return this.find(appId, collection, queryOrId, { limit: 1 })[0] ?? null
  }

  count(appId: string, collection: string, query: unknown): number {
    const s = sql`SELECT count(*) FROM app_docs AS d WHERE ${this.#where(appId, collection, query)}`
    return this.#e
      .prepare(s.text)
      .pluck(true)
      .get(...s.params) as number
  }

  /** Returns how many documents matched. Run it atomically: it reads, then writes each match. */
  update(appId: string, collection: string, query: unknown, changes: unknown): number {
    if (query === undefined || query === null)
      throw invalid('update needs a query', 'pass {} to update every document')
    const plan = compileChanges(changes, this.#e.limits)
    const s = sql`SELECT d.rowid, d.data FROM app_docs AS d WHERE ${this.#where(appId, collection, query)}`
    const rows = this.#e
      .prepare(s.text)
      .raw(true)
      .all(...s.params) as [number, string][]
    const now = this.#e.clock.now()
    for (const [rowid, data] of rows) {
      const doc = JSON.parse(data) as Record<string, unknown>
      applyChanges(doc, plan)
      this.#write.run(this.#json(doc), now, rowid)
    }
    return rows.length
  }

  /** Returns how many were deleted. `{}` deletes the whole collection. */
  delete(appId: string, collection: string, query: unknown): number {
    if (query === undefined || query === null)
      throw invalid('delete needs a query', 'pass {} to delete every document')
    const s = sql`DELETE FROM app_docs AS d WHERE ${this.#where(appId, collection, query)}`
    return this.#e.prepare(s.text).run(...s.params).changes
  }

  #where(appId: string, collection: string, query: unknown): Sql {
    this.#collection(collection)
    const q = compileQuery(query, this.#e.limits, this.#field)
    const id = q.id === undefined ? TRUE : sql`d.id = ${q.id}`
    return sql`d.app_id = ${appId} AND d.collection = ${collection} AND ${id} AND ${q.where}`
  }

  #collection(name: unknown): void {
    checkName('collection', name, this.#e.limits.maxKeyBytes)
  }

  #json(data: Record<string, unknown>): string {
    const l = this.#e.limits
    checkDepth(data, l.maxDocDepth)
    return toJson('document', data, l.maxValueBytes)
  }
}

function toDoc([id, data, createdAt, updatedAt]: Row): Doc {
  const doc = JSON.parse(data) as Doc
  doc.id = id
  doc._createdAt = createdAt
  doc._updatedAt = updatedAt
  return doc
}
