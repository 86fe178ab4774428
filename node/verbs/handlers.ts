// The behaviour of every verb a node runs, by name. Typed against the catalogue: a verb without a
// handler here, or a handler of the wrong shape, does not compile. Modules load on first use, so a
// CLI verb pays only for its own handler (and `fazt --help` for none).
import type { NodeVerbName, VerbNamed } from '../../sdk/contract/catalogue.js'
import type { Handler } from './types.js'

type Table = { [N in NodeVerbName]: () => Promise<Handler<VerbNamed<N>>> }

const handlers: Table = {
  version: async () => (await import('./version.js')).version,
  'server.info': async () => (await import('./server.js')).serverInfo,
  'db.backup': async () => (await import('./db.js')).dbBackup,
  'app.list': async () => (await import('./app.js')).appList,
  'app.info': async () => (await import('./app.js')).appInfo,
  'app.releases': async () => (await import('./app.js')).appReleases,
  'app.rollback': async () => (await import('./app.js')).appRollback,
  'app.fork': async () => (await import('./app.js')).appFork,
  'app.lineage': async () => (await import('./app.js')).appLineage,
  'app.remove': async () => (await import('./app.js')).appRemove,
  'app.link': async () => (await import('./app.js')).appLink,
  'app.unlink': async () => (await import('./app.js')).appUnlink,
  'app.reserve': async () => (await import('./app.js')).appReserve,
  'app.redirect': async () => (await import('./app.js')).appRedirect,
  'app.swap': async () => (await import('./app.js')).appSwap,
  'app.split': async () => (await import('./app.js')).appSplit,
  'app.logs': async () => (await import('./app.js')).appLogs,
  'app.files.missing': async () => (await import('./app-files.js')).appFilesMissing,
  'app.files.upload': async () => (await import('./app-files.js')).appFilesUpload,
  'app.files.commit': async () => (await import('./app-files.js')).appFilesCommit,
  'app.files.list': async () => (await import('./app-files.js')).appFilesList,
  'app.files.read': async () => (await import('./app-files.js')).appFilesRead,
  'app.env.set': async () => (await import('./app-env.js')).appEnvSet,
  'app.env.list': async () => (await import('./app-env.js')).appEnvList,
  'app.env.unset': async () => (await import('./app-env.js')).appEnvUnset,
  'alias.list': async () => (await import('./alias.js')).aliasList,
  'realtime.publish': async () => (await import('./realtime.js')).realtimePublish,
  'realtime.stats': async () => (await import('./realtime.js')).realtimeStats,
  'realtime.kick': async () => (await import('./realtime.js')).realtimeKick,
  'storage.stats': async () => (await import('./storage.js')).storageStats,
  'storage.export': async () => (await import('./storage.js')).storageExport,
  'storage.import': async () => (await import('./storage.js')).storageImport,
  'node.id': async () => (await import('./node.js')).nodeId,
  'node.status': async () => (await import('./node.js')).nodeStatus,
  'node.rotate-key': async () => (await import('./node.js')).nodeRotateKey,
  'node.adopt': async () => (await import('./node.js')).nodeAdopt,
  'peer.invite': async () => (await import('./peer.js')).peerInvite,
  'peer.add': async () => (await import('./peer.js')).peerAdd,
  'peer.pair': async () => (await import('./peer.js')).peerPair,
  'peer.list': async () => (await import('./peer.js')).peerList,
  'peer.remove': async () => (await import('./peer.js')).peerRemove,
  'peer.default': async () => (await import('./peer.js')).peerDefault,
  'peer.revoke': async () => (await import('./peer.js')).peerRevoke,
  'peer.grant': async () => (await import('./peer.js')).peerGrant,
  'peer.requests': async () => (await import('./peer.js')).peerRequests,
  'peer.approve': async () => (await import('./peer.js')).peerApprove,
  'peer.rotated': async () => (await import('./peer.js')).peerRotated,
  sql: async () => (await import('./sql.js')).sql,
}

/** A handler as the dispatcher calls it: params already validated against the verb's schema. */
export type AnyHandler = (call: Parameters<Handler<VerbNamed<NodeVerbName>>>[0], params: unknown) => unknown

/** The handler of a verb a node runs, loading its module; undefined for any other name. */
export async function handlerFor(name: string): Promise<AnyHandler | undefined> {
  const load = Object.hasOwn(handlers, name) ? handlers[name as NodeVerbName] : undefined
  return load ? ((await load()) as AnyHandler) : undefined
}

/** Every verb name with a handler. */
export const handledVerbs = (): string[] => Object.keys(handlers)
