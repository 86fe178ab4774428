// The one error type of fazt. Codes are UPPER_SNAKE and frozen once published (they cross the wire).
// Portable: no node: built-ins here.

/**
 * Every error code fazt sends: its HTTP status and the CLI exit code (docs/errors.md: 1 failed, 2 usage, 69
 * unreachable, 75 retry, 76 protocol, 77 denied). The one table; the peer protocol's codes are here too
 * (PEERS.md §8). Frozen once published: codes cross the wire.
 */
export const ERROR_CODES = {
  // verbs
  INVALID_ARGUMENT: [400, 1],
  BAD_REQUEST: [400, 1],
  USAGE: [400, 2],
  NOT_FOUND: [404, 1],
  PEER_NOT_FOUND: [404, 1],
  METHOD_NOT_ALLOWED: [405, 1],
  CONFLICT: [409, 1],
  RESERVED: [409, 1],
  PAYLOAD_TOO_LARGE: [413, 1],
  LIMIT_EXCEEDED: [413, 1],
  UNSUPPORTED_MEDIA_TYPE: [415, 1],
  RATE_LIMITED: [429, 75],
  INTERNAL: [500, 1],
  FUNCTION_ERROR: [500, 1],
  DB_CORRUPT: [500, 1],
  DB_TOO_NEW: [500, 1],
  DB_UNREADABLE: [500, 1],
  PORT_IN_USE: [500, 1],
  UNAVAILABLE: [503, 75],
  TIMEOUT: [504, 75],
  UNAUTHENTICATED: [401, 77],
  PERMISSION_DENIED: [403, 77],
  // `fazt sql` without --write refused a statement that changes data (docs/sql.md#read-only-enforcement): the verb failed, no auth issue.
  READ_ONLY: [403, 1],
  PEER_UNREACHABLE: [502, 69],
  // hosting (docs/hosting.md)
  UNSAFE_PATH: [400, 1],
  HASH_MISMATCH: [400, 1],
  UPLOAD_INCOMPLETE: [400, 1],
  MISSING_CONTENT: [409, 1],
  BUILD_FAILED: [400, 1],
  // the peer protocol (PEERS.md §8)
  SIG_MISSING: [401, 76],
  SIG_MALFORMED: [400, 76],
  DIGEST_MISMATCH: [400, 76],
  WRONG_RECIPIENT: [421, 76],
  CLOCK_SKEW: [401, 77],
  EXPIRED: [401, 77],
  UNKNOWN_KEY: [401, 77],
  BAD_SIGNATURE: [401, 76],
  REPLAY: [401, 77],
  SEAL_MALFORMED: [400, 76],
  SEAL_OPEN_FAILED: [400, 76],
  SEAL_REQUIRED: [400, 76],
  VERSION_SKEW: [501, 76],
  UNKNOWN_VERB: [501, 76],
  NOT_REMOTE: [400, 1],
  UNKNOWN_PEER: [401, 77],
  REVOKED: [403, 77],
  MISSING_SCOPE: [403, 77],
  INVITE_MALFORMED: [400, 1],
  INVITE_VERSION: [400, 76],
  INVITE_EXPIRED: [410, 1],
  INVITE_INVALID: [403, 77],
  KEY_MISMATCH: [403, 77],
  NODE_RECORD_INVALID: [502, 76],
  ROTATION_INVALID: [400, 76],
  PROTOCOL_ERROR: [502, 76],
} as const satisfies Record<string, readonly [number, number]>

export type ErrorCode = keyof typeof ERROR_CODES | (string & {})

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

const table = ERROR_CODES as Record<string, readonly [number, number] | undefined>

export function statusOf(code: string): number {
  return table[code]?.[0] ?? 500
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError
}

/** CLI exit codes (docs/cli.md#errors-and-exit-codes). */
export const EXIT = {
  OK: 0,
  FAILED: 1,
  USAGE: 2,
  UNREACHABLE: 69,
  TEMPFAIL: 75,
  PROTOCOL: 76,
  DENIED: 77,
} as const

export function exitCodeOf(code: string): number {
  return table[code]?.[1] ?? EXIT.FAILED
}
