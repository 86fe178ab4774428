import type { QuickJSContext } from 'quickjs-emscripten-core'
import { declaredFormat } from './module-resolve.js'
import { scriptShape } from './script-shape.js'

/** The api/ files of one release of one app, as the sandbox runs them. */
export interface AppCode {
  appId: string
  appName: string
  release: number
  /** Release path (`api/...`) -> source text. */
  files: Map<string, string>
}

export type Format = 'cjs' | 'esm' | 'json'

/**
 * How api/main.js runs: compiled once as a function returning its completion value (`function`), as a
 * script evaluated per request (`script`, exact but slower: see script-shape.ts), or as an ES module
 * whose default export handles requests (`module`).
 */
export type MainPlan = { mode: 'function'; body: string } | { mode: 'script' } | { mode: 'module' }

// Wrappers start on the source's first line, so line numbers in errors match the file.
export const CJS_HEAD = '(function (exports, require, module, __filename, __dirname) {'
export const MAIN_HEAD = '(function (request, respond, require, module, exports) {'
const ESM_HINT = /\b(import|export|await)\b/

/** Decides how each file is evaluated, compiling (never running) in the app's own context. */
export class CodeInspector {
  readonly #ctx: QuickJSContext
  readonly #files: Map<string, string>
  readonly #formats = new Map<string, Format>()

  constructor(ctx: QuickJSContext, files: Map<string, string>) {
    this.#ctx = ctx
    this.#files = files
  }

  source(path: string): string {
    const s = this.#files.get(path)
    if (s === undefined) throw new Error(`no file ${path}`)
    return s
  }

  /** .mjs/.cjs/.json by name; a .js file is CommonJS unless only ES module syntax explains it. */
  format(path: string): Format {
    let f = this.#formats.get(path)
    if (f === undefined) {
      f = declaredFormat(path) ?? this.#detect(path)
      this.#formats.set(path, f)
    }
    return f
  }

  #detect(path: string): Format {
    const src = this.source(path)
    if (this.#compiles(`${CJS_HEAD}${src}\n})`, path)) return 'cjs'
    return ESM_HINT.test(src) ? 'esm' : 'cjs'
  }

  mainPlan(path: string): MainPlan {
    if (this.format(path) === 'esm') return { mode: 'module' }
    const src = this.source(path)
    const shape = scriptShape(src)
    if (
      shape &&
      this.#compiles(`(function () {${shape.head}\n})`, path) &&
      this.#compiles(`(function () { return (${shape.tail}\n) })`, path) &&
      this.#compiles(`${MAIN_HEAD}${shape.body}\n})`, path)
    ) {
      return { mode: 'function', body: shape.body }
    }
    // A script with a top-level `return` cannot be a global script: it is a function body as written.
    if (!this.#compiles(`{${src}\n}`, path) && this.#compiles(`${MAIN_HEAD}${src}\n})`, path)) {
      return { mode: 'function', body: src }
    }
    return { mode: 'script' }
  }

  #compiles(code: string, filename: string): boolean {
    const r = this.#ctx.evalCode(code, filename, { type: 'global', compileOnly: true })
    const ok = r.error === undefined
    r.dispose()
    return ok
  }
}
