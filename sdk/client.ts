// The programmatic face of a node: the same verbs as the CLI, typed. Portable: no node: built-ins.
import { findVerb } from './contract/catalogue.js'
import { AppError } from './contract/errors.js'
import type { ParamsOf, ResultOf } from './contract/verb.js'
import type * as App from './contract/verbs/app.js'
import type * as NodeVerbs from './contract/verbs/node.js'
import type * as Peer from './contract/verbs/peer.js'
import type * as Realtime from './contract/verbs/realtime.js'
import type * as Server from './contract/verbs/server.js'
import type * as Sql from './contract/verbs/sql.js'
import type * as Storage from './contract/verbs/storage.js'
import type * as Version from './contract/verbs/version.js'
import type { CallOptions, Transport } from './transport.js'

export interface Client {
  /** Any verb by name, e.g. `verb('app.list')` or `verb('sql', { query: 'select 1' })`. */
  verb<T = unknown>(name: string, params?: Record<string, unknown>, opts?: CallOptions): Promise<T>
  version(): Promise<ResultOf<typeof Version.version>>
  server: { info(): Promise<ResultOf<typeof Server.serverInfo>> }
  node: {
    id(): Promise<ResultOf<typeof NodeVerbs.nodeId>>
    status(): Promise<ResultOf<typeof NodeVerbs.nodeStatus>>
  }
  apps: {
    list(): Promise<ResultOf<typeof App.appList>>
    info(app: string): Promise<ResultOf<typeof App.appInfo>>
    releases(app: string): Promise<ResultOf<typeof App.appReleases>>
    rollback(params: ParamsOf<typeof App.appRollback>): Promise<ResultOf<typeof App.appRollback>>
  }
  peers: { list(params?: ParamsOf<typeof Peer.peerList>): Promise<ResultOf<typeof Peer.peerList>> }
  /** One statement (read-only unless `write: true`), typed rows. */
  sql(query: string, opts?: Omit<ParamsOf<typeof Sql.sql>, 'query'>): Promise<ResultOf<typeof Sql.sql>>
  storage: { stats(app: string): Promise<ResultOf<typeof Storage.storageStats>> }
  realtime: {
    publish(app: string, channel: string, data: unknown): Promise<ResultOf<typeof Realtime.realtimePublish>>
    stats(app: string): Promise<ResultOf<typeof Realtime.realtimeStats>>
  }
}

export interface NodeClient extends Client {
  /** The same verbs, run on the paired peer `name` over the signed protocol. */
  peer(name: string): Client
  close(): Promise<void>
}

export function createClient(transport: Transport): Client {
  const verb = <T>(name: string, params: Record<string, unknown> = {}, opts?: CallOptions) => {
    if (!findVerb(name)) return Promise.reject(new AppError('UNKNOWN_VERB', `no verb named "${name}"`))
    return transport.call(name, params, opts) as Promise<T>
  }
  return {
    verb,
    version: () => verb('version'),
    server: { info: () => verb('server.info') },
    node: { id: () => verb('node.id'), status: () => verb('node.status') },
    apps: {
      list: () => verb('app.list'),
      info: (app) => verb('app.info', { app }),
      releases: (app) => verb('app.releases', { app }),
      rollback: (params) => verb('app.rollback', params as Record<string, unknown>),
    },
    peers: { list: (params = {}) => verb('peer.list', params as Record<string, unknown>) },
    sql: (query, opts = {}) => verb('sql', { ...opts, query }),
    storage: { stats: (app) => verb('storage.stats', { app }) },
    realtime: {
      publish: (app, channel, data) => verb('realtime.publish', { app, channel, data }),
      stats: (app) => verb('realtime.stats', { app }),
    },
  }
}
