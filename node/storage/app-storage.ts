import { AppError } from '../../sdk/contract/errors.js'
import type { Blob, BlobInfo, BlobStore } from './blob-store.js'
import type { Doc, DocStore, FindOptions } from './doc-store.js'
import type { StorageEngine, Token } from './engine.js'
import type { KvEntry, KvStore, ListOptions } from './kv-store.js'

export interface Stores {
  engine: StorageEngine
  kv: KvStore
  docs: DocStore
  blobs: BlobStore
}

export interface AppKv {
  set(key: string, value: unknown, ttlMs?: number | null): void
  get(key: string): unknown
  delete(key: string): boolean
  list(prefix?: string, opts?: ListOptions): KvEntry[]
}

export interface AppDocs {
  insert(collection: string, doc: Record<string, unknown>): string
  find(collection: string, query?: Record<string, unknown>, opts?: FindOptions): Doc[]
  findOne(collection: string, queryOrId: Record<string, unknown> | string): Doc | null
  update(collection: string, query: Record<string, unknown>, changes: Record<string, unknown>): number
  delete(collection: string, query: Record<string, unknown>): number
  count(collection: string, query?: Record<string, unknown>): number
}

export interface AppBlobs {
  put(
    path: string,
    data: Uint8Array | ArrayBuffer | string,
    mime?: string,
  ): Omit<BlobInfo, 'createdAt' | 'updatedAt'>
  get(path: string): Blob | null
  delete(path: string): boolean
  list(prefix?: string, opts?: ListOptions): BlobInfo[]
}

/**
 * The storage of one app. The app id is fixed when the handle is made and goes into every statement,
 * so nothing reached through this handle can touch another app's rows.
 */
export class AppStorage {
  readonly appId: string
  readonly kv: AppKv
  readonly docs: AppDocs
  readonly blobs: AppBlobs
  protected readonly stores: Stores
  protected readonly token: Token

  constructor(stores: Stores, appId: string, token?: object) {
    if (typeof appId !== 'string' || appId === '')
      throw new AppError('INVALID_ARGUMENT', 'an app id is needed')
    this.stores = stores
    this.appId = appId
    this.token = token
    const { engine: e, kv, docs, blobs } = stores
    const run = <T>(fn: () => T): T => e.run(token, appId, fn)
    this.kv = {
      set: (key, value, ttlMs) => run(() => kv.set(appId, key, value, ttlMs)),
      get: (key) => run(() => kv.get(appId, key)),
      delete: (key) => run(() => kv.delete(appId, key)),
      list: (prefix, opts) => run(() => kv.list(appId, prefix, opts)),
    }
    this.docs = {
      insert: (c, doc) => run(() => docs.insert(appId, c, doc)),
      find: (c, query, opts) => run(() => docs.find(appId, c, query, opts)),
      findOne: (c, queryOrId) => run(() => docs.findOne(appId, c, queryOrId)),
      update: (c, query, changes) => e.atomic(token, appId, () => docs.update(appId, c, query, changes)),
      delete: (c, query) => run(() => docs.delete(appId, c, query)),
      count: (c, query) => run(() => docs.count(appId, c, query)),
    }
    this.blobs = {
      put: (path, data, mime) => run(() => blobs.put(appId, path, data, mime)),
      get: (path) => run(() => blobs.get(appId, path)),
      delete: (path) => run(() => blobs.delete(appId, path)),
      list: (prefix, opts) => run(() => blobs.list(appId, prefix, opts)),
    }
  }

  /**
   * Runs `fn` as one unit of work: one SQLite write transaction (BEGIN IMMEDIATE). Everything `fn` does
   * through `tx` persists together, or nothing does if it throws. `fn` must be synchronous: a
   * transaction is never held across an await. Inside a unit, `tx.unit()` nests as a savepoint.
   */
  unit<T>(fn: (tx: AppStorage) => T): T {
    const e = this.stores.engine
    if (this.token !== undefined) {
      // Nested: a savepoint, so the inner unit can fail alone.
      return e.atomic(this.token, this.appId, () => settle(fn(this)))
    }
    const tx = this.begin()
    let result: T
    try {
      result = settle(fn(tx))
    } catch (err) {
      tx.rollback()
      throw err
    }
    tx.commit()
    return result
  }

  /**
   * Opens a unit to finish later with commit() or rollback(), for a caller (the functions runtime) that
   * drives one invocation on its own connection. Until then the connection belongs to the unit.
   */
  begin(): StorageUnit {
    if (this.token !== undefined) {
      throw new AppError('CONFLICT', 'a unit is already open here', { hint: 'use tx.unit(fn) to nest' })
    }
    const token = {}
    this.stores.engine.begin(token, this.appId)
    return new StorageUnit(this.stores, this.appId, token)
  }
}

/** An open unit of work. */
export class StorageUnit extends AppStorage {
  get open(): boolean {
    return this.stores.engine.isOpen(this.token as object)
  }

  commit(): void {
    this.stores.engine.commit(this.token as object, this.appId)
  }

  /** Discards every write of the unit. Safe to call twice or after commit (does nothing then). */
  rollback(): void {
    this.stores.engine.rollback(this.token as object)
  }
}

function settle<T>(result: T): T {
  if (typeof (result as { then?: unknown })?.then === 'function') {
    throw new AppError('INVALID_ARGUMENT', 'a unit function must be synchronous', {
      hint: 'a transaction is never held across an await: do the async work before or after the unit',
    })
  }
  return result
}
