import type { DB } from '../core/db-open.js'
import { copyAppStorage, deleteAppStorage } from '../storage/app-lifecycle.js'

// The single call site between hosting and app storage (node/storage). Both run inside hosting's own
// transaction (better-sqlite3 nests them as savepoints), so a fork or a remove is all or nothing.

export interface StorageHooks {
  copy(db: DB, fromAppId: string, toAppId: string): void
  remove(db: DB, appId: string): void
}

export const storageHooks: StorageHooks = {
  copy(db, from, to) {
    copyAppStorage(db, from, to)
  },
  remove(db, appId) {
    deleteAppStorage(db, appId)
  },
}
