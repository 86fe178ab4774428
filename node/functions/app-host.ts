import { AppError } from '../../sdk/contract/errors.js'
import type { AppStorage, StorageUnit } from '../storage/app-storage.js'
import type { Storage } from '../storage/storage.js'
import type { Batch } from './batch.js'
import type { EnvStore } from './env-store.js'
import type { RpcClient } from './rpc.js'
import type { SandboxHost } from './sandbox-host.js'

type Args = unknown[]
// JSON carries a missing argument as null; the stores read optional arguments as undefined.
const opt = <T>(v: unknown): T | undefined => (v === null ? undefined : (v as T))

/**
 * `fazt.*` of one app inside a worker: its storage (the invocation's writes are one savepoint of the
 * worker's batch, opened at the first storage call, so storage-free requests never take the write lock),
 * its env, realtime.
 */
export class AppHost implements SandboxHost {
  /** The invocation's savepoint is open (it used storage). */
  entered = false
  #unit: StorageUnit | undefined
  readonly #app: AppStorage

  constructor(
    readonly appId: string,
    readonly appName: string,
    storage: Storage,
    private batch: Batch,
    private env: EnvStore,
    private rpc: RpcClient | undefined,
  ) {
    this.#app = storage.app(appId)
  }

  #tx(): StorageUnit {
    if (!this.#unit) {
      this.#unit = this.batch.enter(this.appId, this.#app, performance.now())
      this.entered = true
    }
    return this.#unit
  }

  /** Ends the invocation's writes: kept when it answered, rolled back on an error or a limit. */
  finish(keep: boolean): void {
    if (!this.#unit) return
    this.#unit = undefined
    this.entered = false
    this.batch.leave(keep)
  }

  call(op: string, a: Args): unknown {
    switch (op) {
      case 'kv.set':
        return void this.#tx().kv.set(a[0] as string, a[1], opt<number>(a[2]))
      case 'kv.get':
        return this.#tx().kv.get(a[0] as string)
      case 'kv.delete':
        return this.#tx().kv.delete(a[0] as string)
      case 'kv.list':
        return this.#tx().kv.list(opt(a[0]), opt(a[1]))
      case 'ds.insert':
        return this.#tx().docs.insert(a[0] as string, a[1] as Record<string, unknown>)
      case 'ds.find':
        return this.#tx().docs.find(a[0] as string, opt(a[1]), opt(a[2]))
      case 'ds.findOne':
        return this.#tx().docs.findOne(a[0] as string, a[1] as Record<string, unknown>)
      case 'ds.update':
        return this.#tx().docs.update(
          a[0] as string,
          a[1] as Record<string, unknown>,
          a[2] as Record<string, unknown>,
        )
      case 'ds.delete':
        return this.#tx().docs.delete(a[0] as string, a[1] as Record<string, unknown>)
      case 'ds.count':
        return this.#tx().docs.count(a[0] as string, opt(a[1]))
      case 's3.get': {
        const b = this.#tx().blobs.get(a[0] as string)
        return b && { data: b.data.toString('base64'), mime: b.mime, size: b.size, hash: b.hash }
      }
      case 's3.delete':
        return this.#tx().blobs.delete(a[0] as string)
      case 's3.list':
        return this.#tx().blobs.list(opt(a[0]), opt(a[1]))
      case 'env':
        return this.env.values(this.appId)
      default:
        if (op.startsWith('rt.')) return this.#realtime(op.slice(3), a)
        throw new AppError('INVALID_ARGUMENT', `unknown operation ${op.slice(0, 40)}`)
    }
  }

  blobPut(path: unknown, data: string | Buffer, mime: unknown): unknown {
    return this.#tx().blobs.put(path as string, data, opt<string>(mime))
  }

  #realtime(op: string, args: Args): unknown {
    if (!this.rpc) throw new AppError('UNAVAILABLE', 'realtime is not available here')
    return this.rpc.call(op, this.appId, this.appName, args)
  }
}
