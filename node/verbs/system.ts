import { realpathSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { PROTOCOL_VERSION } from '../../sdk/contract/catalogue.js'
import { AppError } from '../../sdk/contract/errors.js'
import type { Frame } from '../../sdk/contract/verb.js'
import type { dbBackup, serverInfo, version } from '../../sdk/contract/verbs/system.js'
import { currentVersion } from '../core/db-migrate.js'
import { readRuntime } from '../core/running-file.js'
import { VERSION } from '../core/version.js'
import { resolveDomainFacts } from '../domain/start-domain.js'
import { channel } from './channel.js'
import { countRows, nodeIdentityFacts } from './facts.js'
import type { Handler } from './types.js'

export const versionHandler: Handler<typeof version> = () => ({
  version: VERSION,
  protocol: PROTOCOL_VERSION,
  node: process.version,
})

export const serverInfoHandler: Handler<typeof serverInfo> = ({ node }) => {
  const rt = node.running ?? readRuntime(node.dataPath)
  const domain = rt ? { domain: rt.domain, source: rt.domain_source } : resolveDomainFacts(node)
  const id = nodeIdentityFacts(node)
  return {
    version: VERSION,
    node_id: id.node_id,
    fingerprint: id.fingerprint,
    domain: domain.domain,
    domain_source: domain.source,
    urls: rt?.urls ?? [],
    running: rt !== undefined,
    pid: rt?.pid ?? null,
    data_file: node.dataPath,
    uptime_s: rt ? Math.max(0, Math.round((node.clock.now() - rt.started_at) / 1000)) : null,
    apps: countRows(node.db, 'apps'),
    peers: countRows(node.db, 'peers'),
    schema_version: currentVersion(node.db),
  }
}

export const dbBackupHandler: Handler<typeof dbBackup> = ({ node }, { file }) => {
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
