import type {
  appFilesCommit,
  appFilesList,
  appFilesMissing,
  appFilesRead,
  appFilesUpload,
} from '../../sdk/contract/verbs/app.js'
import { commitDeploy, planDeploy } from '../hosting/deploy.js'
import { hosting } from '../hosting/hosting.js'
import { readFile, releaseFiles } from '../hosting/pull.js'
import type { Handler } from './types.js'

export const appFilesMissingHandler: Handler<typeof appFilesMissing> = ({ node }, p) => planDeploy(node, p)

export const appFilesUploadHandler: Handler<typeof appFilesUpload> = ({ node }, p) => {
  const h = hosting(node)
  return h.bodies.upload(p.parts, h.limits())
}

export const appFilesCommitHandler: Handler<typeof appFilesCommit> = ({ node }, p) => commitDeploy(node, p)

export const appFilesListHandler: Handler<typeof appFilesList> = ({ node }, p) =>
  releaseFiles(node, p.app, p.release).files

export const appFilesReadHandler: Handler<typeof appFilesRead> = ({ node }, p) =>
  readFile(node, p.app, p.hash, p.offset ?? 0, p.length ?? 8 * 1024 * 1024)
