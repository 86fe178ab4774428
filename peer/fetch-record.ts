// GET /.well-known/fazt-node and verify it (PEERS.md §3.1). Who it should be is the caller's check.
import { AppError } from '../sdk/contract/errors.js'
import type { CryptoProvider } from './protocol/crypto.js'
import { type VerifiedNodeRecord, verifyNodeRecord } from './protocol/node-record.js'
import { NODE_RECORD_PATH } from './protocol/wire.js'

export async function fetchNodeRecord(
  url: string,
  opts: { crypto: CryptoProvider; nowSeconds: number; timeoutMs?: number },
): Promise<{ verified: VerifiedNodeRecord; raw: unknown }> {
  let res: Response
  try {
    res = await fetch(new URL(NODE_RECORD_PATH, url), {
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      redirect: 'error',
    })
  } catch (e) {
    const err = e as { name?: string; cause?: { code?: string } }
    if (err?.name === 'TimeoutError')
      throw new AppError('TIMEOUT', `${url} did not answer in time`, { hint: 'is the node running?' })
    throw new AppError(
      'PEER_UNREACHABLE',
      `cannot reach ${url}: ${err?.cause?.code ?? 'connection failed'}`,
      {
        hint: 'check the URL and that the node is running and reachable from here',
      },
    )
  }
  let raw: unknown
  try {
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
    raw = await res.json()
  } catch {
    throw new AppError('PROTOCOL_ERROR', `${url} did not answer with a fazt node record`, {
      hint: 'is this the URL of a fazt node?',
    })
  }
  return { verified: verifyNodeRecord(raw, { now: opts.nowSeconds, crypto: opts.crypto }), raw }
}
