import type { DB } from '../core/db-open.js'
import { AppStorage, type Stores } from './app-storage.js'
import { BlobStore } from './blob-store.js'
import { DocStore } from './doc-store.js'
import { StorageEngine, type StorageOptions } from './engine.js'
import { KvStore } from './kv-store.js'

/**
 * App storage on one connection (docs/storage.md). One per connection: the main thread's node context has one,
 * each worker thread of the functions runtime makes its own on its own connection to the same file.
 */
export interface Storage {
  readonly engine: StorageEngine
  /** The storage of one app; every call through it is confined to that app's rows. */
  app(appId: string): AppStorage
  /** Deletes up to `batch` expired KV keys (all apps); returns how many. Skipped while a unit is open. */
  sweepExpired(batch?: number): number
}

export function createStorage(db: DB, opts: StorageOptions = {}): Storage {
  const engine = new StorageEngine(db, opts)
  const stores: Stores = {
    engine,
    kv: new KvStore(engine),
    docs: new DocStore(engine),
    blobs: new BlobStore(engine),
  }
  return {
    engine,
    app: (appId) => new AppStorage(stores, appId),
    sweepExpired: (batch = 500) => {
      if (engine.busy) return 0
      return engine.run(undefined, '-', () => stores.kv.sweep(engine.clock.now(), batch))
    },
  }
}

/** Shorthand for one app's storage on a connection (prefer one `createStorage` per connection). */
export function openAppStorage(db: DB, appId: string, opts: StorageOptions = {}): AppStorage {
  return createStorage(db, opts).app(appId)
}
