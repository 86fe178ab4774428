import type { Settings } from '../core/settings.js'

/** Limits of app functions (docs/functions.md#limits), each a setting `functions.<name>`. Sizes in bytes. */
export interface FunctionLimits {
  /** Wall time of one invocation (TimeoutError, 504). */
  timeoutMs: number
  /** Memory of one app's sandbox: its wasm heap is capped here, QuickJS's allocator a little below. */
  memoryBytes: number
  /** QuickJS stack of one sandbox (runaway recursion becomes a RangeError-like error). */
  stackBytes: number
  /** A response body. */
  responseBytes: number
  /** A request body. */
  requestBytes: number
  /** Log lines kept from one invocation; more are counted as dropped. */
  logsPerCall: number
  /** Characters of one log line. */
  logChars: number
  /** Log lines kept per app (the oldest are trimmed). */
  logKeep: number
  /** Source of one app's api/ folder, bundled packages included. */
  codeBytes: number
}

export const DEFAULT_FUNCTION_LIMITS: Readonly<FunctionLimits> = Object.freeze({
  timeoutMs: 5000,
  memoryBytes: 64 * 1024 * 1024,
  stackBytes: 1024 * 1024,
  responseBytes: 10 * 1024 * 1024,
  requestBytes: 10 * 1024 * 1024,
  logsPerCall: 100,
  logChars: 4096,
  logKeep: 1000,
  codeBytes: 16 * 1024 * 1024,
})

const SETTINGS: Record<keyof FunctionLimits, [string, number, number]> = {
  // key, min, max
  timeoutMs: ['functions.timeout_ms', 10, 600_000],
  memoryBytes: ['functions.memory_bytes', 24 * 1024 * 1024, 2 * 1024 * 1024 * 1024 - 65536],
  stackBytes: ['functions.stack_bytes', 64 * 1024, 4 * 1024 * 1024],
  responseBytes: ['functions.response_bytes', 1024, 512 * 1024 * 1024],
  requestBytes: ['functions.request_bytes', 1024, 512 * 1024 * 1024],
  logsPerCall: ['functions.logs_per_call', 0, 10_000],
  logChars: ['functions.log_chars', 80, 1024 * 1024],
  logKeep: ['functions.log_keep', 10, 1_000_000],
  codeBytes: ['functions.code_bytes', 1024, 256 * 1024 * 1024],
}

/** The limits in force: defaults, then settings (out-of-range values are clamped), then `overrides`. */
export function readFunctionLimits(
  settings: Settings,
  overrides: Partial<FunctionLimits> = {},
): FunctionLimits {
  const out = { ...DEFAULT_FUNCTION_LIMITS }
  for (const [name, [key, min, max]] of Object.entries(SETTINGS) as [
    keyof FunctionLimits,
    [string, number, number],
  ][]) {
    const raw = settings.get(key)
    const n = raw === undefined ? Number.NaN : Number(raw)
    if (Number.isFinite(n)) out[name] = Math.min(max, Math.max(min, Math.floor(n)))
  }
  return { ...out, ...overrides }
}
