// `fazt app files …`: the JSON-only pieces deploy and pull are made of (docs/hosting.md). A client
// sends a manifest, learns which contents the node lacks, uploads those in base64 parts, and commits.
import { type Static, Type } from '@sinclair/typebox'
import { AppRef, FileEntry, Params, ReleaseRef, Result } from '../schemas.js'
import { defineVerb } from '../verb.js'
import { DeployResult } from './app.js'

const Str = Type.String()
const Int = Type.Integer({ minimum: 0 })

const Manifest = Params({
  app: AppRef,
  files: Type.Array(FileEntry, { maxItems: 100_000 }),
  spa: Type.Optional(Type.Boolean({ description: 'serve index.html for unknown extension-less paths' })),
})

export const appFilesMissing = defineVerb({
  name: 'app.files.missing',
  summary: 'Check a deploy manifest and list the content hashes this node lacks',
  scope: 'deploy',
  remote: true,
  params: Manifest,
  result: Result({
    app: Str,
    exists: Type.Boolean(),
    unchanged: Type.Boolean(),
    missing: Type.Array(Str),
    files: Int,
    bytes: Int,
  }),
  cli: { args: ['app'], output: 'record' },
})

export const UploadPart = Params({
  hash: Type.String({ maxLength: 128 }),
  size: Int,
  offset: Int,
  data: Type.String({ maxLength: 11_184_820 }),
})
export type UploadPart = Static<typeof UploadPart>

export const appFilesUpload = defineVerb({
  name: 'app.files.upload',
  summary: 'Upload file contents by hash (base64 parts of at most 8 MiB per call, verified on the last part)',
  scope: 'deploy',
  remote: true,
  params: Params({ parts: Type.Array(UploadPart, { minItems: 1, maxItems: 4096 }) }),
  result: Result({ received: Int, completed: Type.Array(Str) }),
  cli: { output: 'record' },
})

export const appFilesCommit = defineVerb({
  name: 'app.files.commit',
  summary: 'Create a release from a manifest whose contents are uploaded, and make it current',
  scope: 'deploy',
  remote: true,
  params: Manifest,
  result: DeployResult,
  cli: { args: ['app'], output: 'record' },
})

export const ReleaseFile = Result({ path: Str, hash: Str, size: Int, type: Str })
export type ReleaseFile = Static<typeof ReleaseFile>

export const appFilesList = defineVerb({
  name: 'app.files.list',
  summary: "List the files of an app's current release (or of --release rN)",
  scope: 'read',
  remote: true,
  params: Params({ app: AppRef, release: Type.Optional(ReleaseRef) }),
  result: Type.Array(ReleaseFile),
  cli: { args: ['app'], output: 'list', columns: ['path', 'size', 'type', 'hash'] },
})

export const appFilesRead = defineVerb({
  name: 'app.files.read',
  summary: "Read (base64, at most 8 MiB per call) the content of one of an app's files by hash",
  scope: 'read',
  remote: true,
  params: Params({
    app: AppRef,
    hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    length: Type.Optional(Type.Integer({ minimum: 1, maximum: 8 * 1024 * 1024, default: 8 * 1024 * 1024 })),
  }),
  result: Result({ hash: Str, size: Int, offset: Int, data: Str }),
  cli: { args: ['app', 'hash'], output: 'record' },
})
