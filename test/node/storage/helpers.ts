import type { DB } from '../../../node/core/db-open.js'
import { openDatabase } from '../../../node/core/db-open.js'
import { insertApp } from '../../../node/hosting/app-store.js'
import type { StorageOptions } from '../../../node/storage/engine.js'
import { createStorage, type Storage } from '../../../node/storage/storage.js'
import { tempDb } from '../../helpers/paths.js'

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public t = 1_700_000_000_000) {}
  now(): number {
    return this.t
  }
  advance(ms: number): void {
    this.t += ms
  }
}

/** A deterministic PRNG (mulberry32), so a failing generated case can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface Fixture {
  db: DB
  path: string
  clock: TestClock
  storage: Storage
  /** App ids by name: apps "a" and "b" always exist. */
  apps: { a: string; b: string }
}

/** A fresh data file with two apps, "a" and "b", and a storage on its connection. */
export function fixture(opts: StorageOptions = {}, path = tempDb()): Fixture {
  const db = openDatabase(path)
  const clock = new TestClock()
  const a = insertApp(db, { name: 'a' }, clock.now()).id
  const b = insertApp(db, { name: 'b' }, clock.now()).id
  const storage = createStorage(db, { clock, ...opts })
  return { db, path, clock, storage, apps: { a, b } }
}

/** Asserts a thrown AppError's code (and optionally part of its message). */
export function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    return (e as { code?: string }).code ?? `not an AppError: ${(e as Error).message}`
  }
  return 'no error'
}
