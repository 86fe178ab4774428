// The one error type of fazt. Codes are UPPER_SNAKE and frozen once published (they cross the wire).
// Portable: no node: built-ins here.

export const ERROR_STATUS = {
  INVALID_ARGUMENT: 400,
  BAD_REQUEST: 400,
  USAGE: 400,
  UNAUTHENTICATED: 401,
  BAD_SIGNATURE: 401,
  PERMISSION_DENIED: 403,
  MISSING_SCOPE: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  RESERVED: 409,
  PAYLOAD_TOO_LARGE: 413,
  LIMIT_EXCEEDED: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  FUNCTION_ERROR: 500,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
  DB_CORRUPT: 500,
  DB_TOO_NEW: 500,
  DB_UNREADABLE: 500,
  PORT_IN_USE: 500,
  PEER_UNREACHABLE: 502,
  PROTOCOL_ERROR: 502,
  VERSION_SKEW: 501,
  NOT_REMOTE: 400,
} as const satisfies Record<string, number>

export type ErrorCode = keyof typeof ERROR_STATUS | (string & {})

export interface ErrorBody {
  code: string
  message: string
  hint?: string
  details?: unknown
}

export class AppError extends Error {
  readonly code: ErrorCode
  readonly hint: string | undefined
  readonly details: unknown

  constructor(
    code: ErrorCode,
    message: string,
    opts: { hint?: string; cause?: unknown; details?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause })
    this.name = 'AppError'
    this.code = code
    this.hint = opts.hint
    this.details = opts.details
  }

  get status(): number {
    return statusOf(this.code)
  }

  /** What may leave the process: never the cause or a stack. */
  toJSON(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message }
    if (this.hint !== undefined) body.hint = this.hint
    if (this.details !== undefined) body.details = this.details
    return body
  }

  static from(body: ErrorBody): AppError {
    const opts: { hint?: string; details?: unknown } = {}
    if (body.hint !== undefined) opts.hint = body.hint
    if (body.details !== undefined) opts.details = body.details
    return new AppError(body.code, body.message, opts)
  }
}

export function statusOf(code: string): number {
  return (ERROR_STATUS as Record<string, number>)[code] ?? 500
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError
}

/** CLI exit codes (SPEC §7). */
export const EXIT = {
  OK: 0,
  FAILED: 1,
  USAGE: 2,
  UNREACHABLE: 69,
  TEMPFAIL: 75,
  PROTOCOL: 76,
  DENIED: 77,
} as const

const EXIT_BY_CODE: Record<string, number> = {
  USAGE: EXIT.USAGE,
  PEER_UNREACHABLE: EXIT.UNREACHABLE,
  UNAVAILABLE: EXIT.TEMPFAIL,
  RATE_LIMITED: EXIT.TEMPFAIL,
  TIMEOUT: EXIT.TEMPFAIL,
  PROTOCOL_ERROR: EXIT.PROTOCOL,
  BAD_SIGNATURE: EXIT.PROTOCOL,
  VERSION_SKEW: EXIT.PROTOCOL,
  UNAUTHENTICATED: EXIT.DENIED,
  PERMISSION_DENIED: EXIT.DENIED,
  MISSING_SCOPE: EXIT.DENIED,
  REPLAY: EXIT.DENIED,
  CLOCK_SKEW: EXIT.DENIED,
  UNKNOWN_PEER: EXIT.DENIED,
  REVOKED: EXIT.DENIED,
}

export function exitCodeOf(code: string): number {
  return EXIT_BY_CODE[code] ?? EXIT.FAILED
}
