import { AppError } from '../../sdk/contract/errors.js'
import type {
  appDeploy,
  appFilesCommit,
  appFilesList,
  appFilesMissing,
  appFilesRead,
  appFilesUpload,
  appPull,
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

// Deploy and pull read and write folders on the caller's machine, so the client composes them from the
// verbs above (cli/deploy.ts, cli/deploy-pull.ts). A caller reaching these handlers skipped that step.
const composed = (verb: string) => () => {
  throw new AppError(
    'INVALID_ARGUMENT',
    `${verb} runs in the client: it reads or writes a folder on the caller's machine`,
    {
      hint: `use \`fazt [@peer] ${verb.replace('.', ' ')} …\`, or the app.files.* verbs it is made of`,
    },
  )
}

export const appDeployHandler: Handler<typeof appDeploy> = composed('app.deploy')
export const appPullHandler: Handler<typeof appPull> = composed('app.pull')
