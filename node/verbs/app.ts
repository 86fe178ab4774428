import type {
  appFork,
  appInfo,
  appLineage,
  appList,
  appReleases,
  appRemove,
  appRollback,
} from '../../sdk/contract/verbs/app.js'
import { fork, lineage, removeApp, rollback } from '../hosting/lifecycle.js'
import { appInfo as info, listApps, listReleases } from '../hosting/queries.js'
import type { Handler } from './types.js'

export const appListHandler: Handler<typeof appList> = ({ node }) => listApps(node)
export const appInfoHandler: Handler<typeof appInfo> = ({ node }, p) => info(node, p.app)
export const appReleasesHandler: Handler<typeof appReleases> = ({ node }, p) => listReleases(node, p.app)
export const appRollbackHandler: Handler<typeof appRollback> = ({ node }, p) => rollback(node, p.app, p.to)
export const appForkHandler: Handler<typeof appFork> = ({ node }, p) =>
  fork(node, p.app, p.as, p.storage !== false)
export const appLineageHandler: Handler<typeof appLineage> = ({ node }, p) =>
  lineage(node, p.app) as unknown as Record<string, unknown>[]
export const appRemoveHandler: Handler<typeof appRemove> = ({ node }, p) =>
  removeApp(node, p.app, p.with_forks === true)
