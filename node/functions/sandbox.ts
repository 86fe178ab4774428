import type {
  QuickJSContext,
  QuickJSHandle,
  QuickJSRuntime,
  QuickJSWASMModule,
} from 'quickjs-emscripten-core'
import type { FunctionLimits } from './limits.js'
import { PRELUDE } from './prelude.js'
import { type Engine, heapBytes } from './quickjs-engine.js'
import { MAIN_FILES } from './routes.js'
import { type AppCode, CodeInspector, MAIN_HEAD } from './sandbox-code.js'
import { HostBridge, type SandboxHost } from './sandbox-host.js'
import { appError, type LimitKind, type Outcome, readOutput } from './sandbox-outcome.js'

export interface Entry {
  /** The file that answers: a route file or main.js. */
  file: string
  /** A route file may fall back to main.js when it exports no handler. */
  fallback: string | undefined
}

interface Internals {
  invoke: QuickJSHandle
  take: QuickJSHandle
  routeHandler: QuickJSHandle
  mainHandler: QuickJSHandle
  scriptHandler: QuickJSHandle
  exportNames: QuickJSHandle
}

/**
 * One app's sandbox for one release: its own wasm module (its own heap, capped), one QuickJS runtime and
 * context, the prelude, and the app's modules compiled on first use and kept warm. One invocation at a
 * time. After an out-of-memory, a host-level stack overflow or a timeout it is `broken` and must be
 * disposed: a fresh one is made for the next request.
 */
export class Sandbox {
  readonly code: AppCode
  broken = false
  readonly #mod: QuickJSWASMModule
  readonly #rt: QuickJSRuntime
  readonly #ctx: QuickJSContext
  readonly #bridge: HostBridge
  readonly #in: Internals
  readonly #limits: FunctionLimits
  readonly #handlers = new Map<string, QuickJSHandle | null>()
  #deadline = 0

  /** `onTick` runs at every interrupt check while app code runs (about every 10k operations). */
  static async create(
    engine: Engine,
    code: AppCode,
    limits: FunctionLimits,
    host: SandboxHost,
    onTick?: () => void,
  ): Promise<Sandbox> {
    return new Sandbox(await engine.newModule(), code, limits, host, onTick)
  }

  private constructor(
    mod: QuickJSWASMModule,
    code: AppCode,
    limits: FunctionLimits,
    host: SandboxHost,
    onTick: (() => void) | undefined,
  ) {
    this.#mod = mod
    this.code = code
    this.#limits = limits
    this.#rt = mod.newRuntime()
    // QuickJS's own limit, below the wasm cap (which also holds the runtime's stack and static data).
    this.#rt.setMemoryLimit(jsHeapLimit(limits))
    this.#rt.setMaxStackSize(limits.stackBytes)
    this.#rt.setInterruptHandler(() => {
      onTick?.()
      return performance.now() > this.#deadline
    })
    const ctx = this.#rt.newContext()
    this.#ctx = ctx
    const inspector = new CodeInspector(ctx, code.files)
    this.#bridge = new HostBridge(ctx, inspector, new Set(code.files.keys()), host, limits.responseBytes)
    this.#deadline = performance.now() + limits.timeoutMs
    const prelude = ctx.evalCode(PRELUDE, 'fazt:prelude', { type: 'global' }).unwrap()
    const hostObj = this.#bridge.install(this.#rt)
    const app = ctx.newObject()
    for (const [k, v] of [
      ['id', code.appId],
      ['name', code.appName],
    ] as const) {
      const h = ctx.newString(v)
      ctx.setProp(app, k, h)
      h.dispose()
    }
    const lim = ctx
      .evalCode(
        `(${JSON.stringify({ logs: limits.logsPerCall, logChars: limits.logChars, body: limits.responseBytes, vendor: 'api/.fazt/modules.js' })})`,
      )
      .unwrap()
    const internals = ctx.callFunction(prelude, ctx.undefined, hostObj, app, lim).unwrap()
    for (const h of [prelude, hostObj, app, lim]) h.dispose()
    const get = (k: keyof Internals) => ctx.getProp(internals, k)
    this.#in = {
      invoke: get('invoke'),
      take: get('take'),
      routeHandler: get('routeHandler'),
      mainHandler: get('mainHandler'),
      scriptHandler: get('scriptHandler'),
      exportNames: get('exportNames'),
    }
    internals.dispose()
    this.#bridge.exportNames = (target) => {
      const t = ctx.newString(target)
      try {
        return ctx.getString(ctx.callFunction(this.#in.exportNames, ctx.undefined, t).unwrap())
      } finally {
        t.dispose()
      }
    }
  }

  /** Runs one request: `req` is the request JSON (method, path, query, headers, params). */
  invoke(entry: Entry, req: string, body: string | null, json: boolean): Outcome {
    this.#deadline = performance.now() + this.#limits.timeoutMs
    this.#bridge.bytes = undefined
    let out: Outcome
    try {
      out = this.#run(entry, req, body, json)
    } catch (e) {
      // V8 itself stopped the wasm (its stack ran out): QuickJS's state can no longer be trusted.
      this.broken = true
      if (e instanceof RangeError) return limit('stack')
      throw e
    }
    // The wasm heap never shrinks. Grown past QuickJS's own limit, the app ran out of memory (maybe
    // catching the error, or failing where QuickJS could not even make one): a fresh sandbox next time.
    const full = heapBytes(this.#mod) > jsHeapLimit(this.#limits)
    if (full) this.broken = true
    if (out.kind !== 'error' || (out.error.name !== 'InternalError' && !full)) return out
    // Caught by the prelude, but these are limits: an app may not swallow them into its own error.
    const { message } = out.error
    if (full || message === 'out of memory') {
      this.broken = true
      return { kind: 'limit', limit: 'memory', logs: out.logs, dropped: out.dropped }
    }
    if (message === 'stack overflow')
      return { kind: 'limit', limit: 'stack', logs: out.logs, dropped: out.dropped }
    return out
  }

  #run(entry: Entry, req: string, body: string | null, json: boolean): Outcome {
    const ctx = this.#ctx
    const handler = this.#handler(entry)
    if (!('h' in handler)) return handler
    const reqH = ctx.newString(req)
    const bodyH = body === null ? ctx.null : ctx.newString(body)
    const r = ctx.callFunction(
      this.#in.invoke,
      ctx.undefined,
      handler.h,
      reqH,
      bodyH,
      json ? ctx.true : ctx.false,
    )
    reqH.dispose()
    if (body !== null) bodyH.dispose()
    if (r.error) return this.#escaped(r.error)
    let out = ctx.getString(r.value)
    r.value.dispose()
    if (out === '') {
      const settled = this.#settle()
      if (typeof settled !== 'string') return settled
      out = settled
    }
    return readOutput(out, this.#bridge.bytes, this.#limits)
  }

  /** Runs promise jobs until the handler's promise settles, within the deadline. */
  #settle(): string | Outcome {
    const ctx = this.#ctx
    for (;;) {
      const jobs = this.#rt.executePendingJobs(256)
      if (jobs.error) return this.#escaped(jobs.error)
      jobs.dispose()
      const took = ctx.callFunction(this.#in.take, ctx.undefined).unwrap()
      const out = ctx.getString(took)
      took.dispose()
      if (out !== '') return out
      if (performance.now() > this.#deadline) {
        this.broken = true
        return limit('timeout')
      }
      if (!this.#rt.hasPendingJob()) {
        this.broken = true
        return appError(
          'the handler returned a promise that never settles (functions have no timers or network)',
        )
      }
    }
  }

  #handler(entry: Entry): { h: QuickJSHandle } | Outcome {
    let h = this.#handlers.get(entry.file)
    if (h === undefined) {
      const made = MAIN_FILES.includes(entry.file) ? this.#main(entry.file) : this.#route(entry.file)
      if (made !== null && !('h' in made)) return made
      h = made?.h ?? null
      this.#handlers.set(entry.file, h)
    }
    if (h !== null) return { h }
    if (entry.fallback) return this.#handler({ file: entry.fallback, fallback: undefined })
    return { kind: 'missing', file: entry.file }
  }

  #route(file: string): { h: QuickJSHandle } | null | Outcome {
    const ctx = this.#ctx
    const f = ctx.newString(file)
    const r = ctx.callFunction(this.#in.routeHandler, ctx.undefined, f)
    f.dispose()
    if (r.error) return this.#escaped(r.error)
    if (ctx.typeof(r.value) !== 'function') {
      r.value.dispose()
      return null
    }
    return { h: r.value }
  }

  #main(file: string): { h: QuickJSHandle } | Outcome {
    const ctx = this.#ctx
    this.#bridge.mainFile = file
    const plan = new CodeInspector(ctx, this.code.files).mainPlan(file)
    if (plan.mode === 'module')
      return this.#route(file) ?? appError(`${file} has no default export to handle requests`)
    if (plan.mode === 'script') return { h: ctx.callFunction(this.#in.scriptHandler, ctx.undefined).unwrap() }
    const fn = ctx.evalCode(`${MAIN_HEAD}${plan.body}\n})`, file, { type: 'global' })
    if (fn.error) return this.#escaped(fn.error)
    const r = ctx.callFunction(this.#in.mainHandler, ctx.undefined, fn.value)
    fn.value.dispose()
    return r.error ? this.#escaped(r.error) : { h: r.value }
  }

  /** An exception that left the prelude: a limit, or an error the prelude could not catch. */
  #escaped(err: QuickJSHandle): Outcome {
    const ctx = this.#ctx
    const kind = ctx.typeof(err)
    let name = ''
    let message = ''
    if (kind === 'object') {
      const n = ctx.getProp(err, 'name')
      const m = ctx.getProp(err, 'message')
      name = ctx.typeof(n) === 'string' ? ctx.getString(n) : ''
      message = ctx.typeof(m) === 'string' ? ctx.getString(m) : ''
      n.dispose()
      m.dispose()
    }
    const info = kind === 'object' ? this.#errorInfo(err, name, message) : undefined
    err.dispose()
    if (name === 'InternalError' && message === 'interrupted') {
      this.broken = true
      return limit('timeout')
    }
    if (kind !== 'object' || message === 'out of memory') {
      this.broken = true
      return limit('memory')
    }
    if (message === 'stack overflow' || message === 'Maximum call stack size exceeded') return limit('stack')
    return info ?? appError(message)
  }

  #errorInfo(err: QuickJSHandle, name: string, message: string): Outcome {
    const ctx = this.#ctx
    const read = (k: string) => {
      const v = ctx.getProp(err, k)
      const out =
        ctx.typeof(v) === 'string'
          ? ctx.getString(v)
          : ctx.typeof(v) === 'number'
            ? ctx.getNumber(v)
            : undefined
      v.dispose()
      return out
    }
    const fileName = read('fileName')
    const lineNumber = read('lineNumber')
    const stack = String(read('stack') ?? '').slice(0, 4000)
    const m = /(api\/[^\s:()]+):(\d+)/.exec(stack)
    const file = typeof fileName === 'string' ? fileName : (m?.[1] ?? null)
    const line = typeof lineNumber === 'number' ? lineNumber : m ? Number(m[2]) : null
    return {
      kind: 'error',
      error: { name: name.slice(0, 100) || 'Error', message: message.slice(0, 2000), code: null, file, line },
      logs: [],
      dropped: 0,
    }
  }

  dispose(): void {
    try {
      for (const h of this.#handlers.values()) h?.dispose()
      for (const h of Object.values(this.#in)) h.dispose()
      this.#ctx.dispose()
      this.#rt.dispose()
    } catch {
      // A heap broken by an out-of-memory may not free cleanly; the whole module is dropped anyway.
    }
  }
}

/** QuickJS's allocator limit: the wasm cap less what the module needs besides (stack, static data). */
function jsHeapLimit(limits: FunctionLimits): number {
  return Math.max(8 << 20, limits.memoryBytes - (20 << 20))
}

function limit(kind: LimitKind): Outcome {
  return { kind: 'limit', limit: kind, logs: [], dropped: 0 }
}
