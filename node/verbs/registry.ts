// The behaviour of every verb in sdk/contract/catalogue.ts, by name: module and export. Modules load on
// first use, so a CLI verb pays only for its own handler (and `fazt --help` for none).
import type { AnyHandler } from './types.js'

const modules = {
  alias: () => import('./alias.js'),
  'app-files': () => import('./app-files.js'),
  app: () => import('./app.js'),
  functions: () => import('./functions.js'),
  node: () => import('./node.js'),
  peer: () => import('./peer.js'),
  realtime: () => import('./realtime.js'),
  sql: () => import('./sql.js'),
  storage: () => import('./storage.js'),
  system: () => import('./system.js'),
} as const

type Module = keyof typeof modules

const table: Record<string, [Module, string]> = {
  version: ['system', 'versionHandler'],
  'server.info': ['system', 'serverInfoHandler'],
  'db.backup': ['system', 'dbBackupHandler'],
  // hosting (SPEC §3)
  'app.files.missing': ['app-files', 'appFilesMissingHandler'],
  'app.files.upload': ['app-files', 'appFilesUploadHandler'],
  'app.files.commit': ['app-files', 'appFilesCommitHandler'],
  'app.files.list': ['app-files', 'appFilesListHandler'],
  'app.files.read': ['app-files', 'appFilesReadHandler'],
  'app.list': ['app', 'appListHandler'],
  'app.info': ['app', 'appInfoHandler'],
  'app.releases': ['app', 'appReleasesHandler'],
  'app.rollback': ['app', 'appRollbackHandler'],
  'app.fork': ['app', 'appForkHandler'],
  'app.lineage': ['app', 'appLineageHandler'],
  'app.remove': ['app', 'appRemoveHandler'],
  'app.link': ['alias', 'appLinkHandler'],
  'app.unlink': ['alias', 'appUnlinkHandler'],
  'app.reserve': ['alias', 'appReserveHandler'],
  'app.redirect': ['alias', 'appRedirectHandler'],
  'app.swap': ['alias', 'appSwapHandler'],
  'app.split': ['alias', 'appSplitHandler'],
  'alias.list': ['alias', 'aliasListHandler'],
  // realtime (SPEC §6)
  'realtime.publish': ['realtime', 'realtimePublishHandler'],
  'realtime.stats': ['realtime', 'realtimeStatsHandler'],
  'realtime.kick': ['realtime', 'realtimeKickHandler'],
  // app storage (SPEC §4)
  'storage.stats': ['storage', 'storageStatsHandler'],
  'storage.export': ['storage', 'storageExportHandler'],
  'storage.import': ['storage', 'storageImportHandler'],
  // identity and peers (SPEC §8)
  'node.id': ['node', 'nodeIdHandler'],
  'node.status': ['node', 'nodeStatusHandler'],
  'peer.invite': ['peer', 'peerInviteHandler'],
  'peer.add': ['peer', 'peerAddHandler'],
  'peer.pair': ['peer', 'peerPairHandler'],
  'peer.list': ['peer', 'peerListHandler'],
  'peer.remove': ['peer', 'peerRemoveHandler'],
  'peer.default': ['peer', 'peerDefaultHandler'],
  'peer.revoke': ['peer', 'peerRevokeHandler'],
  'peer.grant': ['peer', 'peerGrantHandler'],
  'peer.requests': ['peer', 'peerRequestsHandler'],
  'peer.approve': ['peer', 'peerApproveHandler'],
  'node.rotate-key': ['node', 'nodeRotateKeyHandler'],
  'node.adopt': ['node', 'nodeAdoptHandler'],
  'peer.rotated': ['peer', 'peerRotatedHandler'],
  // fazt sql (SPEC §9)
  sql: ['sql', 'sqlHandler'],
  // functions (SPEC §5)
  'app.env.set': ['functions', 'appEnvSetHandler'],
  'app.env.list': ['functions', 'appEnvListHandler'],
  'app.env.unset': ['functions', 'appEnvUnsetHandler'],
  'app.logs': ['functions', 'appLogsHandler'],
}

/** The handler of a verb, loading its module; undefined for a name this node has no behaviour for. */
export async function handlerFor(name: string): Promise<AnyHandler | undefined> {
  const entry = table[name]
  if (!entry) return undefined
  const mod = (await modules[entry[0]]()) as unknown as Record<string, AnyHandler | undefined>
  return mod[entry[1]]
}

/** Every verb name with a handler. */
export const handledVerbs = (): string[] => Object.keys(table)
