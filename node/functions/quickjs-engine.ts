import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import v8 from 'node:v8'
import variantExport from '@jitl/quickjs-wasmfile-release-sync'
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSSyncVariant,
  type QuickJSWASMModule,
} from 'quickjs-emscripten-core'

// The package's types describe its CommonJS build; imported as ESM, the default export is the variant.
const variant = variantExport as unknown as QuickJSSyncVariant
// Node has WebAssembly; this project's TypeScript lib does not declare it.
const WASM = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => object } })
  .WebAssembly

const WASM_PAGE = 64 * 1024

/**
 * Caps every WebAssembly memory of this process (docs/architecture.md#why-one-wasm-module-per-app): QuickJS's own memory limit does not
 * bound the wasm heap, which many small allocations grow to 2 GB. Must run before the first wasm memory
 * is created; V8 flags are process-wide, so every worker sets the same value.
 */
export function capWasmMemory(bytes: number): void {
  v8.setFlagsFromString(`--wasm-max-mem-pages=${Math.max(1, Math.floor(bytes / WASM_PAGE))}`)
}

/**
 * QuickJS (the sync release build) compiled once per worker; each app sandbox instantiates its own
 * wasm module from it (~1–7 ms), so an app that exhausts or corrupts its heap is dropped alone.
 */
export class Engine {
  readonly #variant: QuickJSSyncVariant

  private constructor(v: QuickJSSyncVariant) {
    this.#variant = v
  }

  static load(): Engine {
    const wasmFile = createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm')
    const wasmModule = new WASM.Module(readFileSync(wasmFile))
    return new Engine(newVariant(variant, { wasmModule } as Parameters<typeof newVariant>[1]))
  }

  /** A fresh, isolated QuickJS wasm module (its own heap). */
  newModule(): Promise<QuickJSWASMModule> {
    return newQuickJSWASMModuleFromVariant(this.#variant)
  }
}

/** Current size of a module's wasm heap (it grows, never shrinks). */
export function heapBytes(mod: QuickJSWASMModule): number {
  const m = (mod as unknown as { module?: { HEAPU8?: Uint8Array } }).module
  return m?.HEAPU8?.byteLength ?? 0
}
