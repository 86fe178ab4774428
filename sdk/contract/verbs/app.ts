// `fazt app …`: apps, releases, lineage, aliases and function logs (docs/hosting.md, docs/functions.md).
// Deploy and pull run in the client, composed from the `app files …` verbs, so they work the same on a
// peer: only JSON crosses, never a local path (cli/deploy.ts, cli/deploy-pull.ts).
import { type Static, Type } from '@sinclair/typebox'
import {
  AliasSummary,
  AppName,
  AppRef,
  Literals,
  LocalPath,
  Millis,
  NoParams,
  Nullable,
  Params,
  ReleaseRef,
  Result,
  Sub,
} from '../schemas.js'
import { defineVerb } from '../verb.js'

const Str = Type.String()
const Int = Type.Integer({ minimum: 0 })
const AppParam = Params({ app: AppRef })

export const DeployResult = Result({
  app: Str,
  app_id: Str,
  release: Str,
  created: Type.Boolean(),
  files: Int,
  bytes: Int,
  url: Nullable(Str),
  preview_url: Str,
  alias: Nullable(Str),
  uploaded_files: Type.Optional(Int),
  uploaded_bytes: Type.Optional(Int),
})
export type DeployResult = Static<typeof DeployResult>

export const appDeploy = defineVerb({
  name: 'app.deploy',
  runs: 'client',
  summary: 'Deploy a folder as a new release (builds it first when it has a build script)',
  scope: 'deploy',
  remote: true,
  params: Params({
    dir: LocalPath('folder to deploy'),
    name: Type.Optional(Type.String({ ...AppName, description: 'app name (default: the folder name)' })),
    spa: Type.Optional(
      Type.Boolean({ description: 'single-page app: unknown extension-less paths serve index.html' }),
    ),
    build: Type.Optional(
      Type.Boolean({ default: true, description: 'run the build script first (--no-build skips it)' }),
    ),
    include_private: Type.Optional(Type.Boolean({ description: 'also deploy private/ (never served)' })),
  }),
  result: DeployResult,
  cli: { args: ['dir'], output: 'record' },
})
export type DeployParams = Static<typeof appDeploy.params>

export const appPull = defineVerb({
  name: 'app.pull',
  runs: 'client',
  summary: "Download the current release's files, byte for byte",
  scope: 'read',
  remote: true,
  params: Params({ app: AppRef, to: Type.Optional(LocalPath('folder (default: ./APP)')) }),
  result: Result({ app: Str, release: Str, dir: Str, files: Int, bytes: Int }),
  cli: { args: ['app'], output: 'record' },
})

export const appList = defineVerb({
  name: 'app.list',
  summary: 'List the apps on this node',
  scope: 'read',
  remote: true,
  params: NoParams,
  result: Type.Array(
    Result({
      name: Str,
      id: Str,
      release: Nullable(Str),
      files: Int,
      bytes: Int,
      aliases: Type.Array(Str),
      updated_at: Millis,
    }),
  ),
  cli: { output: 'list', columns: ['name', 'release', 'files', 'bytes', 'aliases', 'id'] },
})

export const appInfo = defineVerb({
  name: 'app.info',
  summary: 'Show an app: id, lineage, current release, aliases, URLs',
  scope: 'read',
  remote: true,
  params: AppParam,
  result: Result({
    name: Str,
    id: Str,
    original_id: Str,
    forked_from_id: Nullable(Str),
    forked_from: Nullable(Str),
    spa: Type.Boolean(),
    release: Nullable(Str),
    releases: Int,
    files: Int,
    bytes: Int,
    aliases: Type.Array(Str),
    url: Nullable(Str),
    preview_url: Nullable(Str),
    created_at: Millis,
    updated_at: Millis,
  }),
  cli: { args: ['app'], output: 'record' },
})

export const appReleases = defineVerb({
  name: 'app.releases',
  summary: "List an app's releases, newest first",
  scope: 'read',
  remote: true,
  params: AppParam,
  result: Type.Array(
    Result({
      release: Str,
      current: Type.Boolean(),
      files: Int,
      bytes: Int,
      created_at: Millis,
      preview_url: Str,
    }),
  ),
  cli: { args: ['app'], output: 'list', columns: ['release', 'current', 'files', 'bytes', 'created_at'] },
})

export const appRollback = defineVerb({
  name: 'app.rollback',
  summary: 'Make an earlier release current (default: the one before the current)',
  scope: 'deploy',
  remote: true,
  params: Params({
    app: AppRef,
    to: Type.Optional(Type.String({ ...ReleaseRef, description: 'release, e.g. r2' })),
  }),
  result: Result({ app: Str, from: Nullable(Str), to: Str }),
  cli: { args: ['app'], output: 'record' },
})

export const appFork = defineVerb({
  name: 'app.fork',
  summary:
    'Create a new app at the same files (no bytes copied) and, unless --no-storage, a copy of its storage',
  scope: 'deploy',
  remote: true,
  params: Params({
    app: AppRef,
    as: Type.String({ ...AppName, description: 'name of the new app' }),
    storage: Type.Optional(
      Type.Boolean({ default: true, description: 'copy the storage too (--no-storage skips it)' }),
    ),
  }),
  result: Result({
    app: Str,
    app_id: Str,
    forked_from: Str,
    original_id: Str,
    release: Nullable(Str),
    alias: Nullable(Str),
    storage_copied: Type.Boolean(),
  }),
  cli: { args: ['app'], output: 'record' },
})

export const appLineage = defineVerb({
  name: 'app.lineage',
  summary: 'Show the fork tree an app belongs to',
  scope: 'read',
  remote: true,
  params: AppParam,
  result: Type.Array(
    Result({
      app: Str,
      id: Str,
      depth: Int,
      path: Str,
      forked_from: Nullable(Str),
      release: Nullable(Str),
      created_at: Millis,
    }),
  ),
  cli: { args: ['app'], output: 'list', columns: ['path', 'id', 'release', 'forked_from'] },
})

export const appRemove = defineVerb({
  name: 'app.remove',
  summary: 'Remove an app, its releases, aliases and storage in one transaction',
  scope: 'admin',
  remote: true,
  params: Params({
    app: AppRef,
    with_forks: Type.Optional(Type.Boolean({ description: 'also remove its forks, and theirs' })),
  }),
  result: Result({ removed: Type.Array(Str), aliases: Type.Array(Str), bodies_freed: Int }),
  cli: { args: ['app'], output: 'record' },
})

// Aliases: which subdomain serves what (docs/hosting.md).

export const appLink = defineVerb({
  name: 'app.link',
  summary: 'Point a subdomain at an app',
  scope: 'deploy',
  remote: true,
  params: Params({ sub: Sub, app: AppRef }),
  result: AliasSummary,
  cli: { args: ['sub', 'app'], output: 'record' },
})

export const appUnlink = defineVerb({
  name: 'app.unlink',
  summary: 'Remove an alias (the subdomain then serves the 404 page)',
  scope: 'deploy',
  remote: true,
  params: Params({ sub: Sub }),
  result: Result({ sub: Str, removed: Type.Boolean() }),
  cli: { args: ['sub'], output: 'record' },
})

export const appReserve = defineVerb({
  name: 'app.reserve',
  summary: 'Reserve a subdomain: it serves 404 and cannot be deployed to',
  scope: 'deploy',
  remote: true,
  params: Params({ sub: Sub }),
  result: AliasSummary,
  cli: { args: ['sub'], output: 'record' },
})

export const appRedirect = defineVerb({
  name: 'app.redirect',
  summary: 'Redirect a subdomain to a URL (301 for GET/HEAD, 308 otherwise; path and query appended)',
  scope: 'deploy',
  remote: true,
  params: Params({
    sub: Sub,
    url: Type.String({ minLength: 1, maxLength: 2048, description: 'http(s) URL' }),
  }),
  result: AliasSummary,
  cli: { args: ['sub', 'url'], output: 'record' },
})

export const appSwap = defineVerb({
  name: 'app.swap',
  summary: 'Exchange the targets of two subdomains in one transaction (blue/green)',
  scope: 'deploy',
  remote: true,
  params: Params({ sub1: Sub, sub2: Sub }),
  result: Type.Array(AliasSummary),
  cli: { args: ['sub1', 'sub2'], output: 'list', columns: ['sub', 'type', 'target'] },
})

export const appSplit = defineVerb({
  name: 'app.split',
  summary: 'Split fresh visitors of a subdomain between apps by weight (APP1=70 APP2=30), sticky per visitor',
  scope: 'deploy',
  remote: true,
  params: Params({
    sub: Sub,
    targets: Type.Array(Type.String({ maxLength: 80 }), {
      minItems: 2,
      maxItems: 16,
      description: 'APP=WEIGHT, weights summing to 100',
    }),
  }),
  result: AliasSummary,
  cli: { args: ['sub', 'targets...'], output: 'record' },
})

// Function logs (docs/functions.md).

export const LogEntry = Result({
  id: Int,
  at: Str,
  level: Literals(['debug', 'info', 'warn', 'error']),
  request: Str,
  message: Str,
})
export type LogEntry = Static<typeof LogEntry>

/**
 * Streams: without --follow it ends at once with the last lines as its result; with --follow the lines
 * and every new one arrive as `data` frames until the caller stops (on a peer too: PEERS.md §3.4).
 */
export const appLogs = defineVerb({
  name: 'app.logs',
  summary: "Show the logs of an app's functions (console.*, fazt.log.*, errors); -f follows new lines",
  scope: 'read',
  remote: true,
  stream: true,
  params: Params({
    app: AppRef,
    lines: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1000, default: 50, description: 'how many of the last lines' }),
    ),
    follow: Type.Optional(Type.Boolean({ description: 'keep printing new lines until stopped' })),
    level: Type.Optional(
      Literals(['debug', 'info', 'warn', 'error'], { description: 'only lines at this level or above' }),
    ),
  }),
  result: Type.Array(LogEntry),
  cli: {
    args: ['app'],
    short: { n: 'lines', f: 'follow' },
    output: 'list',
    columns: ['at', 'level', 'request', 'message'],
  },
})
