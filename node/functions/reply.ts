import type { FunctionLimits } from './limits.js'
import type { ErrorInfo, LimitKind, LogLine, Outcome } from './sandbox-outcome.js'

export interface HttpReply {
  status: number
  headers: string[]
  body: string | Uint8Array
}

const JSON_TYPE = 'application/json; charset=utf-8'

/** The error envelope of docs/functions.md#errors: `{"error":{"code","message","line"}}` (plus `file` when known). */
export function errorReply(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): HttpReply {
  const body = JSON.stringify({ error: { code, message, ...extra } })
  return { status, headers: ['Content-Type', JSON_TYPE, 'Cache-Control', 'no-store'], body }
}

const mib = (n: number) => `${Math.round((n / 1048576) * 10) / 10} MiB`

export function limitMessage(kind: LimitKind, limits: FunctionLimits): string {
  switch (kind) {
    case 'timeout':
      return `TimeoutError: the function ran longer than ${limits.timeoutMs} ms (setting functions.timeout_ms)`
    case 'memory':
      return `MemoryError: the function used more than its ${mib(limits.memoryBytes)} of memory (setting functions.memory_bytes); its sandbox was reset`
    case 'stack':
      return `RangeError: stack overflow: the function recursed too deeply (setting functions.stack_bytes)`
    case 'response':
      return `the response is larger than ${mib(limits.responseBytes)} (setting functions.response_bytes)`
  }
}

export function errorMessage(e: ErrorInfo): string {
  if (e.name === 'FaztError' && e.code) return `${e.code}: ${e.message}`
  return e.name === 'Error' ? e.message : `${e.name}: ${e.message}`
}

/** The HTTP answer for an outcome, and the log lines it leaves (the app's own, then the error). */
export function toReply(
  o: Outcome,
  path: string,
  limits: FunctionLimits,
  now: number,
): { reply: HttpReply; logs: LogLine[] } {
  switch (o.kind) {
    case 'response':
      return {
        reply: { status: o.status, headers: o.headers, body: o.body },
        logs: withDropped(o.logs, o.dropped, now),
      }
    case 'missing':
      return {
        reply: errorReply(404, 'NOT_FOUND', `no function answers ${path}: ${o.file} exports no handler`),
        logs: [],
      }
    case 'error': {
      const message = errorMessage(o.error)
      const where = o.error.file ? ` (${o.error.file}${o.error.line ? `:${o.error.line}` : ''})` : ''
      const logs = withDropped(o.logs, o.dropped, now)
      logs.push({ level: 'error', at: now, message: `${message}${where}` })
      const extra = { line: o.error.line, ...(o.error.file ? { file: o.error.file } : {}) }
      return { reply: errorReply(500, 'FUNCTION_ERROR', message, extra), logs }
    }
    case 'limit': {
      const message = limitMessage(o.limit, limits)
      const logs = withDropped(o.logs, o.dropped, now)
      logs.push({ level: 'error', at: now, message })
      if (o.limit === 'timeout') return { reply: errorReply(504, 'TIMEOUT', message), logs }
      if (o.limit === 'response') return { reply: errorReply(500, 'LIMIT_EXCEEDED', message), logs }
      return { reply: errorReply(500, 'FUNCTION_ERROR', message, { line: null }), logs }
    }
  }
}

function withDropped(logs: LogLine[], dropped: number, now: number): LogLine[] {
  const out = [...logs]
  if (dropped > 0)
    out.push({ level: 'warn', at: now, message: `${dropped} more log lines of this request were dropped` })
  return out
}
