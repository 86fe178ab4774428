import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, VmCallResult } from 'quickjs-emscripten-core'
import { AppError } from '../../sdk/contract/errors.js'
import { resolveModule, VENDOR_FILE } from './module-resolve.js'
import { CJS_HEAD, type CodeInspector } from './sandbox-code.js'

/** What app code reaches outside its sandbox: the worker binds these to storage, env and realtime. */
export interface SandboxHost {
  /** `fazt.*` calls by name (`kv.set`, `ds.find`, `env`, `rt.broadcast`, …); throws AppError. */
  call(op: string, args: unknown[]): unknown
  blobPut(path: unknown, data: string | Buffer, mime: unknown): unknown
}

/** The error fields an app may see: its own code and message, never a host stack or path. */
export function publicError(e: unknown): { code: string; message: string } {
  if (e instanceof AppError) return { code: e.code, message: e.message }
  return { code: 'INTERNAL', message: 'internal error in the fazt API' }
}

/**
 * The host side of the prelude's `host` object and of ES module loading, for one sandbox. Every value
 * that comes from the sandbox is untrusted: strings are read, never evaluated on the host.
 */
export class HostBridge {
  /** Bytes of the current response's binary body, handed over by the prelude. */
  bytes: Buffer | undefined
  /** Set once the prelude ran: export names of a CommonJS module or package, for ES imports of it. */
  exportNames: ((target: string) => string) | undefined
  mainFile = 'api/main.js'
  readonly #ctx: QuickJSContext
  readonly #code: CodeInspector
  readonly #host: SandboxHost
  readonly #paths: ReadonlySet<string>
  readonly #maxBytes: number

  constructor(
    ctx: QuickJSContext,
    code: CodeInspector,
    paths: ReadonlySet<string>,
    host: SandboxHost,
    maxBytes: number,
  ) {
    this.#ctx = ctx
    this.#code = code
    this.#host = host
    this.#paths = paths
    this.#maxBytes = maxBytes
  }

  /** The `host` object given to the prelude. */
  install(rt: QuickJSRuntime): QuickJSHandle {
    const ctx = this.#ctx
    const obj = ctx.newObject()
    const fn = (
      name: string,
      impl: (...args: QuickJSHandle[]) => QuickJSHandle | VmCallResult<QuickJSHandle> | undefined,
    ) => {
      const h = ctx.newFunction(name, impl)
      ctx.setProp(obj, name, h)
      h.dispose()
    }
    fn('call', (op, args) =>
      this.#encode(() => this.#host.call(ctx.getString(op), JSON.parse(ctx.getString(args)))),
    )
    fn('blobPut', (path, data, off, len, mime) =>
      this.#encode(() => this.#host.blobPut(ctx.dump(path), this.#data(data, off, len), ctx.dump(mime))),
    )
    fn('bytes', (buf, off, len) => {
      this.bytes = this.#copy(buf, off, len)
      return undefined
    })
    fn('resolve', (from, spec) =>
      this.#wrap(() => ctx.newString(this.resolve(ctx.getString(from), ctx.getString(spec)))),
    )
    fn('format', (path) => ctx.newString(this.#code.format(ctx.getString(path))))
    fn('source', (path) => ctx.newString(this.#code.source(ctx.getString(path))))
    fn('compile', (path) => {
      const p = ctx.getString(path)
      return ctx.evalCode(`${CJS_HEAD}${this.#code.source(p)}\n})`, p, { type: 'global' })
    })
    fn('esm', (path) => this.#esm(ctx.getString(path)))
    fn('script', () =>
      ctx.evalCode(`{${this.#code.source(this.mainFile)}\n}`, this.mainFile, { type: 'global' }),
    )
    rt.setModuleLoader(
      (name) => this.#moduleSource(name),
      (base, req) => {
        try {
          const r = this.resolve(base, req)
          return r.startsWith('f:') ? r.slice(2) : r
        } catch (e) {
          return { error: e as Error }
        }
      },
    )
    return obj
  }

  /** `f:<path>` for a file of the release, `p:<name>` for a bundled package; throws an Error. */
  resolve(from: string, spec: string): string {
    const r = resolveModule(from, spec, this.#paths)
    if (r.kind === 'error') throw new Error(r.message)
    if (r.kind === 'file') return `f:${r.path}`
    if (!this.#paths.has(VENDOR_FILE)) {
      throw new Error(
        `package "${spec}" was not bundled: list it in package.json, run npm install, and deploy again with fazt app deploy`,
      )
    }
    return `p:${r.name}`
  }

  #moduleSource(name: string): string | { error: Error } {
    try {
      if (name.startsWith('p:')) return this.#synthetic(name)
      const format = this.#code.format(name)
      if (format === 'esm') return this.#code.source(name)
      if (format === 'json') return `export default ${this.#code.source(name)}`
      return this.#synthetic(`f:${name}`)
    } catch (e) {
      return { error: e instanceof Error ? new Error(e.message) : new Error(String(e)) }
    }
  }

  /** An ES module standing for a CommonJS module or package: its exports as default and named exports. */
  #synthetic(target: string): string {
    const names = JSON.parse(this.exportNames?.(target) ?? '[]') as string[]
    const lines = [
      `const __m = globalThis[Symbol.for('fazt.load')](${JSON.stringify(target)})`,
      "export default (__m !== null && typeof __m === 'object' && __m.__esModule === true && 'default' in __m) ? __m.default : __m",
    ]
    for (const [i, n] of names.entries()) {
      lines.push(`const __v${i} = __m[${JSON.stringify(n)}]`, `export { __v${i} as ${n} }`)
    }
    return lines.join('\n')
  }

  #esm(path: string): VmCallResult<QuickJSHandle> {
    const ctx = this.#ctx
    const r = ctx.evalCode(this.#code.source(path), path, { type: 'module' })
    if (r.error) return r
    const state = ctx.getPromiseState(r.value)
    if (state.type === 'fulfilled') {
      if (state.notAPromise) return r
      r.value.dispose()
      return { value: state.value }
    }
    r.value.dispose()
    if (state.type === 'rejected') return { error: state.error }
    return { error: ctx.newError(`${path} uses top-level await on something that never settles here`) }
  }

  #encode(run: () => unknown): QuickJSHandle {
    let out: string
    try {
      const v = run()
      out = v === undefined ? '' : `V${JSON.stringify(v)}`
    } catch (e) {
      out = `E${JSON.stringify(publicError(e))}`
    }
    return this.#ctx.newString(out)
  }

  #wrap(run: () => QuickJSHandle): QuickJSHandle | VmCallResult<QuickJSHandle> {
    try {
      return run()
    } catch (e) {
      return { error: this.#ctx.newError({ name: 'Error', message: (e as Error).message }) }
    }
  }

  #data(data: QuickJSHandle, off: QuickJSHandle, len: QuickJSHandle): string | Buffer {
    const type = this.#ctx.typeof(data)
    if (type === 'string') return this.#ctx.getString(data)
    if (type !== 'object' || this.#ctx.getNumber(len) < 0) {
      throw new AppError('INVALID_ARGUMENT', 'blob data must be a string, an ArrayBuffer or a typed array')
    }
    return this.#copy(data, off, len)
  }

  #copy(buf: QuickJSHandle, off: QuickJSHandle, len: QuickJSHandle): Buffer {
    const o = this.#ctx.getNumber(off)
    const n = this.#ctx.getNumber(len)
    if (!(n >= 0 && n <= this.#maxBytes))
      throw new AppError('LIMIT_EXCEEDED', `${n} bytes is more than allowed`)
    const view = this.#ctx.getArrayBuffer(buf)
    try {
      return Buffer.from(view.value.subarray(o, o + n))
    } finally {
      view.dispose()
    }
  }
}
