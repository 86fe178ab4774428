import { realpathSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { AppError } from '../../sdk/contract/errors.js'
import type { Frame } from '../../sdk/contract/verb.js'
import type * as V from '../../sdk/contract/verbs/db.js'
import { channel } from './channel.js'
import type { Handler } from './types.js'

export const dbBackup: Handler<typeof V.dbBackup> = ({ node }, { file }) => {
  const target = resolve(file)
  if (sameFile(target, node.dataPath) || [`${node.dataPath}-wal`, `${node.dataPath}-shm`].includes(target)) {
    throw new AppError('INVALID_ARGUMENT', 'the backup file cannot be the data file itself', {
      hint: 'name another file, e.g. fazt db backup backup.db',
    })
  }
  try {
    if (!statSync(dirname(target)).isDirectory()) throw new Error('not a folder')
  } catch {
    throw new AppError('INVALID_ARGUMENT', `folder ${dirname(target)} does not exist`)
  }
  // Written beside the target and renamed into place, so an interrupted backup never leaves a half file.
  const tmp = `${dirname(target)}/.${basename(target)}.${process.pid}.partial`
  const out = channel<Frame>()
  node.db
    .backup(tmp, {
      progress({ totalPages, remainingPages }) {
        out.push({ type: 'progress', done: totalPages - remainingPages, total: totalPages, unit: 'items' })
        return 256
      },
    })
    .then(({ totalPages }) => {
      const check = new Database(tmp, { readonly: true })
      const integrity = check.pragma('integrity_check', { simple: true })
      check.close()
      if (integrity !== 'ok')
        throw new AppError('INTERNAL', `backup failed its integrity check: ${integrity}`)
      renameSync(tmp, target)
      out.push({
        type: 'result',
        data: { file: target, bytes: statSync(target).size, pages: totalPages, integrity: 'ok' },
      })
      out.end()
    })
    .catch((e: unknown) => {
      rmSync(tmp, { force: true })
      out.fail(e instanceof AppError ? e : new AppError('INTERNAL', `backup failed: ${(e as Error).message}`))
    })
  return out
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b)
  } catch {
    return a === b
  }
}
