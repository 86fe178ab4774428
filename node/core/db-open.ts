import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { AppError } from '../../sdk/contract/errors.js'
import { migrate } from './db-migrate.js'

export type DB = Database.Database

export interface OpenOptions {
  /** Create the file (and its folder) when missing. Verbs that only read pass false. */
  create?: boolean
  /** `NORMAL` (default) or `FULL`: durability of each commit in WAL mode. */
  synchronous?: 'NORMAL' | 'FULL'
  migrationsDir?: string
  readonly?: boolean
}

/**
 * Opens the data file with fazt's pragmas and brings its schema up to date.
 * Low-level failures are translated here, where they are understood.
 */
export function openDatabase(path: string, opts: OpenOptions = {}): DB {
  const create = opts.create ?? true
  if (!existsSync(path)) {
    if (!create) {
      throw new AppError('NOT_FOUND', `no data file at ${path}`, {
        hint: 'start a node with `fazt server start` or pass --db PATH',
      })
    }
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
    // Create with 0600 before SQLite opens it, so the file is never world-readable.
    closeSync(openSync(path, 'a', 0o600))
    chmodSync(path, 0o600)
  }
  let db: DB
  try {
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: true })
  } catch (e) {
    throw translateOpenError(e, path)
  }
  try {
    db.pragma('busy_timeout = 5000')
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL')
      db.pragma(`synchronous = ${opts.synchronous ?? 'NORMAL'}`)
    }
    db.pragma('foreign_keys = ON')
    db.pragma('temp_store = MEMORY')
    if (!opts.readonly) migrate(db, opts.migrationsDir)
    return db
  } catch (e) {
    db.close()
    throw translateOpenError(e, path)
  }
}

function translateOpenError(e: unknown, path: string): Error {
  if (e instanceof AppError) return e
  const code = (e as { code?: string }).code ?? ''
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new AppError('DB_CORRUPT', `${path} is not a fazt data file or is damaged`, {
      hint: 'restore it from a backup (`fazt db backup` makes one) or point --db at another file',
      cause: e,
    })
  }
  if (
    code === 'SQLITE_CANTOPEN' ||
    code === 'EACCES' ||
    code === 'SQLITE_READONLY' ||
    code === 'SQLITE_PERM'
  ) {
    return new AppError('DB_UNREADABLE', `cannot open ${path}: ${(e as Error).message}`, {
      hint: 'check the file and folder permissions, or pass --db PATH',
      cause: e,
    })
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new AppError('UNAVAILABLE', `${path} is busy`, { hint: 'try again in a moment', cause: e })
  }
  return new AppError('DB_UNREADABLE', `cannot open ${path}: ${(e as Error).message}`, { cause: e })
}
