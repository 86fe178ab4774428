// Helpers for functions tests: a real node (with settings written before it starts), apps deployed with
// the real CLI, requests to app hosts.
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { openNodeContext } from '../../../node/core/context.js'
import type { HttpOptions, HttpResponse } from '../../helpers/http.js'
import { startNode, type TestNode } from '../../helpers/node.js'
import { tempDb, tempDir } from '../../helpers/paths.js'

export type Files = Record<string, string | Buffer>

/** Starts a node whose data file already holds `settings` (functions read their limits at start). */
export async function startWithSettings(settings: Record<string, string | number> = {}): Promise<TestNode> {
  const dataPath = tempDb()
  const node = openNodeContext(dataPath)
  for (const [k, v] of Object.entries(settings)) node.settings.set(k, String(v))
  node.close()
  return startNode({ dataPath })
}

/** Writes `files` under a fresh folder; returns its path. */
export function writeApp(files: Files): string {
  const dir = join(tempDir('fazt-fn-'), 'app')
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), body)
  }
  return dir
}

/** Deploys with the real CLI (`fazt app deploy DIR --name NAME`); returns the CLI's stderr. */
export async function deploy(node: TestNode, name: string, files: Files | string): Promise<string> {
  const dir = typeof files === 'string' ? files : writeApp(files)
  const r = await node.cli(['--json', 'app', 'deploy', dir, '--name', name])
  assert.equal(r.code, 0, r.stderr)
  return r.stderr
}

/** A request to an app host (`NAME.localhost`), JSON bodies sent as JSON. */
export function call(
  node: TestNode,
  app: string,
  path: string,
  opts: HttpOptions & { json?: unknown } = {},
): Promise<HttpResponse> {
  const { json, ...rest } = opts
  const headers = { ...rest.headers, ...(json !== undefined ? { 'content-type': 'application/json' } : {}) }
  return node.http(path, {
    timeoutMs: 30_000,
    ...rest,
    host: `${app}.localhost`,
    headers,
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  })
}

/** Reads the node's data file with its own connection. */
export function query<T = Record<string, unknown>>(dataPath: string, sql: string, ...args: unknown[]): T[] {
  const db = new Database(dataPath, { readonly: true, fileMustExist: true })
  try {
    return db.prepare(sql).all(...args) as T[]
  } finally {
    db.close()
  }
}

export function logsOf(dataPath: string, app: string): { level: string; request: string; message: string }[] {
  return query(
    dataPath,
    'SELECT level, request, message FROM app_logs WHERE app_id = (SELECT id FROM apps WHERE name = ?) ORDER BY id',
    app,
  )
}
