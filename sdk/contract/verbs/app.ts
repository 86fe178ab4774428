// Hosting verbs (SPEC §3). Deploy and pull are composed by the client from the `app.files.*` verbs, so
// they work the same on a peer: only JSON crosses, never a local path (see cli/deploy.ts).
import { defineVerb, type JsonSchema, noParams } from '../verb.js'

const app = { type: 'string', minLength: 1, maxLength: 80, description: 'app name or id' }
const str = { type: 'string' }
const int = { type: 'integer' }
const nullableStr = { type: ['string', 'null'] }
const strList = { type: 'array', items: str }
const obj = (props: Record<string, JsonSchema>, required: string[] = []): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties: props,
})
const resultObj = (props: Record<string, JsonSchema>): JsonSchema => ({ type: 'object', properties: props })
const appParam = obj({ app }, ['app'])

export interface FileEntry {
  path: string
  hash: string
  size: number
}
const fileSpec = obj(
  {
    path: { type: 'string', maxLength: 4096 },
    hash: { type: 'string', maxLength: 128 },
    size: { type: 'integer', minimum: 0 },
  },
  ['path', 'hash', 'size'],
)
const manifestParams = obj(
  {
    app,
    files: { type: 'array', maxItems: 100_000, items: fileSpec },
    spa: { type: 'boolean', description: 'serve index.html for unknown extension-less paths' },
  },
  ['app', 'files'],
)

export interface DeployResult {
  app: string
  app_id: string
  release: string
  created: boolean
  files: number
  bytes: number
  url: string | null
  preview_url: string
  alias: string | null
  uploaded_files?: number
  uploaded_bytes?: number
}
const deployResult = resultObj({
  app: str,
  app_id: str,
  release: str,
  created: { type: 'boolean' },
  files: int,
  bytes: int,
  url: nullableStr,
  preview_url: str,
  alias: nullableStr,
  uploaded_files: int,
  uploaded_bytes: int,
})

export interface DeployParams {
  dir: string
  name?: string
  spa?: boolean
  build?: boolean
  include_private?: boolean
}

/** Client-composed: the CLI walks DIR and calls app.files.missing / upload / commit (cli/deploy.ts). */
export const appDeploy = defineVerb<DeployParams, DeployResult>({
  name: 'app.deploy',
  runs: 'client',
  summary: 'Deploy a folder as a new release (builds it first when it has a build script)',
  scope: 'deploy',
  remote: true,
  params: obj(
    {
      dir: { type: 'string', minLength: 1, maxLength: 4096, description: 'folder to deploy' },
      name: {
        type: 'string',
        minLength: 1,
        maxLength: 63,
        description: 'app name (default: the folder name)',
      },
      spa: { type: 'boolean', description: 'single-page app: unknown extension-less paths serve index.html' },
      build: {
        type: 'boolean',
        default: true,
        description: 'run the build script first (--no-build skips it)',
      },
      include_private: { type: 'boolean', description: 'also deploy private/ (never served)' },
    },
    ['dir'],
  ),
  result: deployResult,
  cli: { args: ['dir'], output: 'record' },
})

export const appFilesMissing = defineVerb<
  { app: string; files: FileEntry[]; spa?: boolean },
  { app: string; exists: boolean; unchanged: boolean; missing: string[]; files: number; bytes: number }
>({
  name: 'app.files.missing',
  summary: 'Check a deploy manifest and list the content hashes this node lacks',
  scope: 'deploy',
  remote: true,
  params: manifestParams,
  result: resultObj({
    app: str,
    exists: { type: 'boolean' },
    unchanged: { type: 'boolean' },
    missing: strList,
  }),
  cli: { args: ['app'], output: 'record' },
})

export interface UploadPartParam {
  hash: string
  size: number
  offset: number
  data: string
}

export const appFilesUpload = defineVerb<
  { parts: UploadPartParam[] },
  { received: number; completed: string[] }
>({
  name: 'app.files.upload',
  summary: 'Upload file contents by hash (base64 parts of at most 8 MiB per call, verified on the last part)',
  scope: 'deploy',
  remote: true,
  params: obj(
    {
      parts: {
        type: 'array',
        minItems: 1,
        maxItems: 4096,
        items: obj(
          {
            hash: { type: 'string', maxLength: 128 },
            size: { type: 'integer', minimum: 0 },
            offset: { type: 'integer', minimum: 0 },
            data: { type: 'string', maxLength: 11_184_820 },
          },
          ['hash', 'size', 'offset', 'data'],
        ),
      },
    },
    ['parts'],
  ),
  result: resultObj({ received: int, completed: strList }),
  cli: { output: 'record' },
})

export const appFilesCommit = defineVerb<{ app: string; files: FileEntry[]; spa?: boolean }, DeployResult>({
  name: 'app.files.commit',
  summary: 'Create a release from a manifest whose contents are uploaded, and make it current',
  scope: 'deploy',
  remote: true,
  params: manifestParams,
  result: deployResult,
  cli: { args: ['app'], output: 'record' },
})

export interface ReleaseFile extends FileEntry {
  type: string
}

export const appFilesList = defineVerb<{ app: string; release?: string }, ReleaseFile[]>({
  name: 'app.files.list',
  summary: "List the files of an app's current release (or of --release rN)",
  scope: 'read',
  remote: true,
  params: obj({ app, release: { type: 'string', pattern: '^r?[1-9][0-9]{0,8}$' } }, ['app']),
  result: { type: 'array', items: resultObj({ path: str, hash: str, size: int, type: str }) },
  cli: { args: ['app'], output: 'list', columns: ['path', 'size', 'type', 'hash'] },
})

export const appFilesRead = defineVerb<
  { app: string; hash: string; offset?: number; length?: number },
  { hash: string; size: number; offset: number; data: string }
>({
  name: 'app.files.read',
  summary: "Read (base64, at most 8 MiB per call) the content of one of an app's files by hash",
  scope: 'read',
  remote: true,
  params: obj(
    {
      app,
      hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      offset: { type: 'integer', minimum: 0, default: 0 },
      length: { type: 'integer', minimum: 1, maximum: 8 * 1024 * 1024, default: 8 * 1024 * 1024 },
    },
    ['app', 'hash'],
  ),
  result: resultObj({ hash: str, size: int, offset: int, data: str }),
  cli: { args: ['app', 'hash'], output: 'record' },
})

/** Client-composed: the CLI reads app.files.list and app.files.read and writes DIR (cli/deploy-pull.ts). */
export const appPull = defineVerb<
  { app: string; to?: string },
  { app: string; release: string; dir: string; files: number; bytes: number }
>({
  name: 'app.pull',
  runs: 'client',
  summary: "Download the current release's files, byte for byte",
  scope: 'read',
  remote: true,
  params: obj(
    { app, to: { type: 'string', minLength: 1, maxLength: 4096, description: 'folder (default: ./APP)' } },
    ['app'],
  ),
  result: resultObj({ app: str, release: str, dir: str, files: int, bytes: int }),
  cli: { args: ['app'], output: 'record' },
})

export const appList = defineVerb<Record<string, never>, Record<string, unknown>[]>({
  name: 'app.list',
  summary: 'List the apps on this node',
  scope: 'read',
  remote: true,
  params: noParams,
  result: { type: 'array', items: resultObj({ name: str, id: str, release: nullableStr }) },
  cli: { output: 'list', columns: ['name', 'release', 'files', 'bytes', 'aliases', 'id'] },
})

export const appInfo = defineVerb<{ app: string }, Record<string, unknown>>({
  name: 'app.info',
  summary: 'Show an app: id, lineage, current release, aliases, URLs',
  scope: 'read',
  remote: true,
  params: appParam,
  result: resultObj({ name: str, id: str, release: nullableStr, url: nullableStr, preview_url: nullableStr }),
  cli: { args: ['app'], output: 'record' },
})

export const appReleases = defineVerb<{ app: string }, Record<string, unknown>[]>({
  name: 'app.releases',
  summary: "List an app's releases, newest first",
  scope: 'read',
  remote: true,
  params: appParam,
  result: { type: 'array', items: resultObj({ release: str, current: { type: 'boolean' } }) },
  cli: { args: ['app'], output: 'list', columns: ['release', 'current', 'files', 'bytes', 'created_at'] },
})

export const appRollback = defineVerb<
  { app: string; to?: string },
  { app: string; from: string | null; to: string }
>({
  name: 'app.rollback',
  summary: 'Make an earlier release current (default: the one before the current)',
  scope: 'deploy',
  remote: true,
  params: obj(
    { app, to: { type: 'string', pattern: '^r?[1-9][0-9]{0,8}$', description: 'release, e.g. r2' } },
    ['app'],
  ),
  result: resultObj({ app: str, from: nullableStr, to: str }),
  cli: { args: ['app'], output: 'record' },
})

export const appFork = defineVerb<{ app: string; as: string; storage?: boolean }, Record<string, unknown>>({
  name: 'app.fork',
  summary:
    'Create a new app at the same files (no bytes copied) and, unless --no-storage, a copy of its storage',
  scope: 'deploy',
  remote: true,
  params: obj(
    {
      app,
      as: { type: 'string', minLength: 1, maxLength: 63, description: 'name of the new app' },
      storage: {
        type: 'boolean',
        default: true,
        description: 'copy the storage too (--no-storage skips it)',
      },
    },
    ['app', 'as'],
  ),
  result: resultObj({ app: str, app_id: str, forked_from: str, release: nullableStr }),
  cli: { args: ['app'], output: 'record' },
})

export const appLineage = defineVerb<{ app: string }, Record<string, unknown>[]>({
  name: 'app.lineage',
  summary: 'Show the fork tree an app belongs to',
  scope: 'read',
  remote: true,
  params: appParam,
  result: { type: 'array', items: resultObj({ app: str, id: str, depth: int, path: str }) },
  cli: { args: ['app'], output: 'list', columns: ['path', 'id', 'release', 'forked_from'] },
})

export const appRemove = defineVerb<
  { app: string; with_forks?: boolean },
  { removed: string[]; aliases: string[]; bodies_freed: number }
>({
  name: 'app.remove',
  summary: 'Remove an app, its releases, aliases and storage in one transaction',
  scope: 'admin',
  remote: true,
  params: obj({ app, with_forks: { type: 'boolean', description: 'also remove its forks, and theirs' } }, [
    'app',
  ]),
  result: resultObj({ removed: strList, aliases: strList, bodies_freed: int }),
  cli: { args: ['app'], output: 'record' },
})
