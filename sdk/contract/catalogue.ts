// Every verb fazt knows. Adding a verb: a contract here, a handler in node/verbs, a test.
import type { VerbDef } from './verb.js'
import * as alias from './verbs/alias.js'
import * as app from './verbs/app.js'
import * as functions from './verbs/functions.js'
import * as peer from './verbs/peer.js'
import * as realtime from './verbs/realtime.js'
import { sql } from './verbs/sql.js'
import * as storage from './verbs/storage.js'
import { dbBackup, serverInfo, serverStart, version } from './verbs/system.js'

export const catalogue: readonly VerbDef[] = [
  version,
  serverStart,
  serverInfo,
  dbBackup,
  // hosting (SPEC §3)
  app.appDeploy,
  app.appPull,
  app.appList,
  app.appInfo,
  app.appReleases,
  app.appRollback,
  app.appFork,
  app.appLineage,
  app.appRemove,
  app.appFilesMissing,
  app.appFilesUpload,
  app.appFilesCommit,
  app.appFilesList,
  app.appFilesRead,
  alias.appLink,
  alias.appUnlink,
  alias.appReserve,
  alias.appRedirect,
  alias.appSwap,
  alias.appSplit,
  alias.aliasList,
  // realtime (SPEC §6)
  realtime.realtimePublish,
  realtime.realtimeStats,
  realtime.realtimeKick,
  // app storage (SPEC §4)
  storage.storageStats,
  storage.storageExport,
  storage.storageImport,
  // identity and peers (SPEC §8)
  peer.nodeId,
  peer.nodeStatus,
  peer.peerInvite,
  peer.peerAdd,
  peer.peerPair,
  peer.peerList,
  peer.peerRemove,
  peer.peerDefault,
  peer.peerRevoke,
  peer.peerGrant,
  peer.peerRequests,
  peer.peerApprove,
  peer.nodeRotateKey,
  peer.nodeAdopt,
  peer.peerRotated,
  // fazt sql (SPEC §9)
  sql,
  // functions (SPEC §5)
  functions.appEnvSet,
  functions.appEnvList,
  functions.appEnvUnset,
  functions.appLogs,
] as VerbDef[]

const byName = new Map(catalogue.map((v) => [v.name, v]))

export function findVerb(name: string): VerbDef | undefined {
  return byName.get(name)
}

/** Wire protocol version (PEERS.md). Frozen per release of the wire format. */
export const PROTOCOL_VERSION = 1
