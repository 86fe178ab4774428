import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { AppError } from '../../sdk/contract/errors.js'
import type * as V from '../../sdk/contract/verbs/storage.js'
import { requireApp } from '../hosting/app-store.js'
import { storageStats as statsOf } from '../storage/app-lifecycle.js'
import { exportAppStorage, importAppStorage } from '../storage/app-transfer.js'
import type { Handler } from './types.js'

export const storageStats: Handler<typeof V.storageStats> = ({ node }, { app }) =>
  statsOf(node.db, requireApp(node.db, app).id, node.clock.now())

export const storageExport: Handler<typeof V.storageExport> = ({ node }, { app }) =>
  exportAppStorage(node.db, requireApp(node.db, app).id, node.clock.now())

export const storageImport: Handler<typeof V.storageImport> = ({ node }, { app, file, replace }) => {
  const target = requireApp(node.db, app)
  const path = resolve(file)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new AppError(
      code === 'ENOENT' ? 'NOT_FOUND' : 'INVALID_ARGUMENT',
      `cannot read ${path}: ${code ?? e}`,
    )
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    throw new AppError('INVALID_ARGUMENT', `${path} is not JSON: ${(e as Error).message}`, {
      hint: 'import a file written by `fazt storage export APP > file.json`',
    })
  }
  return importAppStorage(node.db, target.id, data, { now: node.clock.now(), replace: replace === true })
}
