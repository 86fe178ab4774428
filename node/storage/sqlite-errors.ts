import { AppError } from '../../sdk/contract/errors.js'

function codeOf(e: unknown): string {
  return typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : ''
}

/** Another connection holds the lock: worth waiting and trying again. */
export function isBusy(e: unknown): boolean {
  const code = codeOf(e)
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')
}

export function isUniqueViolation(e: unknown): boolean {
  const code = codeOf(e)
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}

/**
 * Turns what SQLite says into what an app may see. Never lets SQLITE_BUSY through: after the retries
 * it is UNAVAILABLE, a temporary failure the caller may retry.
 */
export function translateSqliteError(e: unknown, appId: string): Error {
  if (e instanceof AppError) return e
  const code = codeOf(e)
  if (isBusy(e)) {
    return new AppError('UNAVAILABLE', 'storage is busy with other writers', {
      hint: 'try again in a moment',
      cause: e,
    })
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new AppError('NOT_FOUND', `app ${appId} does not exist (or was removed)`, { cause: e })
  }
  if (code === 'SQLITE_TOOBIG') {
    return new AppError('LIMIT_EXCEEDED', 'the value is too large for the database', { cause: e })
  }
  if (code === 'SQLITE_FULL') {
    return new AppError('UNAVAILABLE', 'the disk holding the data file is full', {
      hint: 'free space on the node',
      cause: e,
    })
  }
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_')) {
    return new AppError('UNAVAILABLE', 'the data file is read-only', { cause: e })
  }
  return new AppError('INTERNAL', `storage failed: ${(e as Error)?.message ?? String(e)}`, { cause: e })
}
