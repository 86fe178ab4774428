// What one invocation produced, read from the prelude's output. The output is untrusted (app code can
// poison the prelude's JSON through toJSON), so every field is checked here before the host uses it.

export type Level = 'debug' | 'info' | 'warn' | 'error'

export interface LogLine {
  level: Level
  at: number
  message: string
}

export interface ErrorInfo {
  name: string
  message: string
  code: string | null
  file: string | null
  line: number | null
}

export type LimitKind = 'timeout' | 'memory' | 'stack' | 'response'

export type Outcome =
  | {
      kind: 'response'
      status: number
      /** Flat [name, value, name, value, …], checked. */
      headers: string[]
      body: string | Buffer
      logs: LogLine[]
      dropped: number
    }
  | { kind: 'error'; error: ErrorInfo; logs: LogLine[]; dropped: number }
  | { kind: 'limit'; limit: LimitKind; logs: LogLine[]; dropped: number }
  /** The route file exports no handler and there is no main.js. */
  | { kind: 'missing'; file: string }

const LEVELS = new Set(['debug', 'info', 'warn', 'error'])
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
// Framing and connection headers belong to the node, never to a function.
const FORBIDDEN = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'proxy-connection',
  'date',
])
const TYPES: Record<string, string> = {
  t: 'text/plain; charset=utf-8',
  j: 'application/json; charset=utf-8',
  b: 'application/octet-stream',
}

export function appError(message: string, logs: LogLine[] = [], dropped = 0): Outcome {
  return {
    kind: 'error',
    error: { name: 'Error', message, code: null, file: null, line: null },
    logs,
    dropped,
  }
}

/** Parses `meta \n body` from the prelude; `bytes` is the binary body it handed over, if any. */
export function readOutput(
  out: string,
  bytes: Buffer | undefined,
  limits: { responseBytes: number; logsPerCall: number; logChars: number },
): Outcome {
  const nl = out.indexOf('\n')
  let meta: Record<string, unknown>
  try {
    meta = JSON.parse(nl < 0 ? out : out.slice(0, nl)) as Record<string, unknown>
    if (meta === null || typeof meta !== 'object') throw new Error('not an object')
  } catch {
    return appError('the function produced no readable response')
  }
  const logs = readLogs(meta.l, limits)
  const dropped =
    (Number.isInteger(meta.d) ? (meta.d as number) : 0) +
    Math.max(0, (Array.isArray(meta.l) ? meta.l.length : 0) - logs.length)
  if (meta.e !== undefined) return { kind: 'error', error: readError(meta.e), logs, dropped }
  if (meta.big !== undefined) return { kind: 'limit', limit: 'response', logs, dropped }
  const status = meta.s
  if (!Number.isInteger(status) || (status as number) < 200 || (status as number) > 599) {
    return appError(
      `invalid status ${String(JSON.stringify(status)).slice(0, 40)}: use a number from 200 to 599`,
      logs,
      dropped,
    )
  }
  const headers = readHeaders(meta.h)
  if (typeof headers === 'string') return appError(headers, logs, dropped)
  const kind = typeof meta.k === 'string' ? meta.k : 'e'
  let body: string | Buffer = ''
  if (kind === 'b') body = bytes ?? Buffer.alloc(0)
  else if (kind === 't' || kind === 'j') body = nl < 0 ? '' : out.slice(nl + 1)
  const size = typeof body === 'string' ? Buffer.byteLength(body) : body.length
  if (size > limits.responseBytes) return { kind: 'limit', limit: 'response', logs, dropped }
  const type = TYPES[kind]
  if (type && !headers.some((h, i) => i % 2 === 0 && h.toLowerCase() === 'content-type')) {
    headers.push('Content-Type', type)
  }
  return { kind: 'response', status: status as number, headers, body, logs, dropped }
}

function readHeaders(h: unknown): string[] | string {
  const out: string[] = []
  if (h === null || h === undefined) return out
  if (typeof h !== 'object' || Array.isArray(h)) return 'response headers must be an object of name: value'
  for (const [name, raw] of Object.entries(h as Record<string, unknown>)) {
    if (!TOKEN.test(name) || name.length > 256)
      return `invalid header name ${JSON.stringify(name.slice(0, 60))}`
    if (FORBIDDEN.has(name.toLowerCase())) continue
    for (const v of Array.isArray(raw) ? raw : [raw]) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
        return `header ${name} must be a string`
      }
      const value = String(v)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
      if (value.length > 8192 || /[\r\n\u0000]/.test(value)) return `invalid value for header ${name}`
      out.push(name, value)
    }
    if (out.length > 200) return 'too many response headers'
  }
  return out
}

function readLogs(l: unknown, limits: { logsPerCall: number; logChars: number }): LogLine[] {
  if (!Array.isArray(l)) return []
  const out: LogLine[] = []
  for (const e of l.slice(0, limits.logsPerCall)) {
    if (!Array.isArray(e)) continue
    const [level, at, message] = e as unknown[]
    out.push({
      level: (typeof level === 'string' && LEVELS.has(level) ? level : 'info') as Level,
      at: Number.isFinite(at) ? (at as number) : 0,
      message: String(message).slice(0, limits.logChars + 1),
    })
  }
  return out
}

function readError(e: unknown): ErrorInfo {
  const o = (e !== null && typeof e === 'object' ? e : {}) as Record<string, unknown>
  const str = (v: unknown, n: number) => (typeof v === 'string' ? v.slice(0, n) : null)
  return {
    name: str(o.name, 100) ?? 'Error',
    message: str(o.message, 2000) ?? 'error',
    code: str(o.code, 64),
    file: str(o.file, 300),
    line: Number.isInteger(o.line) ? (o.line as number) : null,
  }
}
