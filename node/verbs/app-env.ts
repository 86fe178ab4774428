import { AppError } from '../../sdk/contract/errors.js'
import type * as V from '../../sdk/contract/verbs/app-env.js'
import type { NodeContext } from '../core/context.js'
import { service } from '../core/services.js'
import { EnvStore } from '../functions/env-store.js'
import { requireApp } from '../hosting/app-store.js'
import type { Handler } from './types.js'

function createEnv(node: NodeContext): EnvStore {
  return new EnvStore(node.db)
}

const iso = (ms: number) => new Date(ms).toISOString()

export const appEnvSet: Handler<typeof V.appEnvSet> = ({ node }, { app, key, value }) => {
  const row = requireApp(node.db, app)
  service(node, createEnv).set(row.id, key, value, node.clock.now())
  node.watch.bump()
  return { app: row.name, key, bytes: Buffer.byteLength(value) }
}

export const appEnvList: Handler<typeof V.appEnvList> = ({ node }, { app }) =>
  service(node, createEnv)
    .names(requireApp(node.db, app).id)
    .map((v) => ({ key: v.key, bytes: v.bytes, updated_at: iso(v.updated_at) }))

export const appEnvUnset: Handler<typeof V.appEnvUnset> = ({ node }, { app, key }) => {
  const row = requireApp(node.db, app)
  const removed = service(node, createEnv).unset(row.id, key)
  if (!removed) {
    throw new AppError('NOT_FOUND', `app ${row.name} has no variable ${key}`, {
      hint: `see fazt app env list ${row.name}`,
    })
  }
  node.watch.bump()
  return { app: row.name, key, removed }
}
