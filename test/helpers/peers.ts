import assert from 'node:assert/strict'
import Database from 'better-sqlite3'
import { createNodeCrypto } from '../../peer/crypto-node.js'
import { utf8 } from '../../peer/protocol/encoding.js'
import { signRequest } from '../../peer/protocol/signature.js'
import { CALL_PATH } from '../../peer/protocol/wire.js'
import { type HttpResponse, http } from './http.js'
import type { TestNode } from './node.js'

export const crypto = createNodeCrypto()

/** B invites, A adds B under `name`. Returns the invite code. */
export async function pair(a: TestNode, b: TestNode, name: string, scopes = 'read'): Promise<string> {
  const inv = await b.cli(['peer', 'invite', '--scopes', scopes, '--json'])
  assert.equal(inv.code, 0, inv.stderr)
  const code = inv.json<{ code: string }>().code
  const add = await a.cli(['peer', 'add', name, code, '--json'])
  assert.equal(add.code, 0, add.stderr)
  return code
}

/** The signing seed and node id of a node, read from its data file (tests only). */
export function secretsOf(dataPath: string): { nodeId: string; seed: Uint8Array } {
  const db = new Database(dataPath, { readonly: true })
  const row = db.prepare('SELECT node_id, sign_seed FROM secret_identity').get() as {
    node_id: string
    sign_seed: Buffer
  }
  db.close()
  return { nodeId: row.node_id, seed: new Uint8Array(row.sign_seed) }
}

export interface RawCall {
  verb: string
  params?: unknown
  seed: Uint8Array
  recipient: string
  /** Unix seconds to sign with (default now). */
  now?: number
  nonce?: Uint8Array
  /** Source address of the connection. */
  localAddress?: string
  /** Change what is sent after signing. */
  mutate?: (m: { path: string; headers: Record<string, string>; body: Buffer }) => void
}

/** One hand-made signed call (unsealed JSON, allowed on loopback). */
export async function rawCall(node: TestNode, c: RawCall): Promise<HttpResponse & { code?: string }> {
  const body = Buffer.from(utf8(JSON.stringify({ verb: c.verb, params: c.params ?? {} })))
  const headers = {
    ...signRequest({
      method: 'POST',
      path: CALL_PATH,
      query: '',
      body,
      contentType: 'application/json',
      recipient: c.recipient,
      key: crypto.signerFromSeed(c.seed),
      now: c.now ?? Math.floor(Date.now() / 1000),
      crypto,
      ...(c.nonce ? { nonce: c.nonce } : {}),
    }),
  } as Record<string, string>
  const m = { path: CALL_PATH, headers, body }
  c.mutate?.(m)
  const res = await http(`${node.url}${m.path}`, {
    method: 'POST',
    headers: m.headers,
    body: m.body,
    ...(c.localAddress ? { localAddress: c.localAddress } : {}),
  })
  let code: string | undefined
  try {
    code = (res.json() as { error?: { code?: string } }).error?.code
  } catch {}
  return Object.assign(res, code ? { code } : {})
}
