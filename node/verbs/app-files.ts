import type * as V from '../../sdk/contract/verbs/app-files.js'
import { commitDeploy, planDeploy } from '../hosting/deploy.js'
import { hosting } from '../hosting/hosting.js'
import { readFile, releaseFiles } from '../hosting/pull.js'
import type { Handler } from './types.js'

export const appFilesMissing: Handler<typeof V.appFilesMissing> = ({ node }, p) => planDeploy(node, p)

export const appFilesUpload: Handler<typeof V.appFilesUpload> = ({ node }, p) => {
  const h = hosting(node)
  return h.bodies.upload(p.parts, h.limits())
}

export const appFilesCommit: Handler<typeof V.appFilesCommit> = ({ node }, p) => commitDeploy(node, p)

export const appFilesList: Handler<typeof V.appFilesList> = ({ node }, p) =>
  releaseFiles(node, p.app, p.release).files

export const appFilesRead: Handler<typeof V.appFilesRead> = ({ node }, p) =>
  readFile(node, p.app, p.hash, p.offset ?? 0, p.length ?? 8 * 1024 * 1024)
