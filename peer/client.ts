// Calling a verb on a pinned peer (PEERS.md §3.2, §5.3): seal over plain HTTP, sign, send, then act only on
// a response that verifies against the pinned key. Unreachable (69), timeout (75), denied (77) and
// protocol failures (76) are kept apart.
import { AppError } from '../sdk/contract/errors.js'
import type { NodeIdentity } from './identity.js'
import type { CryptoProvider } from './protocol/crypto.js'
import { fromUtf8, utf8 } from './protocol/encoding.js'
import { decodeKey } from './protocol/identity.js'
import { effectiveKeys, type SignedRotation } from './protocol/rotation.js'
import { openResponse, type SealContext, sealRequest } from './protocol/seal.js'
import { signRequest } from './protocol/signature.js'
import { verifyResponse } from './protocol/signature-response.js'
import { STREAM_CONTENT_TYPE } from './protocol/stream.js'
import { asEnvelope, CALL_PATH, HEADER, JSON_CONTENT_TYPE, SEALED_CONTENT_TYPE } from './protocol/wire.js'
import { readStream, STREAM_IDLE_MS, type StreamFrame } from './stream-in.js'

export interface PeerEndpoint {
  name: string
  nodeId: string
  urls: string[]
  signKey: string
  boxKey: string
  chain: readonly SignedRotation[]
}

export interface ClientDeps {
  identity: NodeIdentity
  crypto: CryptoProvider
  /** Milliseconds. */
  now(): number
  timeoutMs?: number
}

export async function callPeer(
  target: PeerEndpoint,
  verb: string,
  params: unknown,
  deps: ClientDeps,
  onFrame?: (f: StreamFrame) => void,
): Promise<unknown> {
  let lastError: AppError | undefined
  for (const url of target.urls) {
    try {
      return await callAt(url, target, verb, params, deps, onFrame)
    } catch (e) {
      // Only a connection failure moves on to the next URL; any answer is final.
      if (e instanceof AppError && e.code === 'PEER_UNREACHABLE') {
        lastError = e
        continue
      }
      throw e
    }
  }
  throw lastError ?? new AppError('PEER_UNREACHABLE', `peer ${target.name} has no URL`)
}

async function callAt(
  base: string,
  target: PeerEndpoint,
  verb: string,
  params: unknown,
  deps: ClientDeps,
  onFrame?: (f: StreamFrame) => void,
): Promise<unknown> {
  const plain = utf8(JSON.stringify({ verb, params }))
  const secure = base.startsWith('https:')
  let body = plain
  let contentType = JSON_CONTENT_TYPE
  let seal: SealContext | undefined
  if (!secure) {
    const sealed = sealRequest({
      body: plain,
      contentType,
      recipientBoxKey: decodeKey(target.boxKey) as Uint8Array,
      crypto: deps.crypto,
    })
    body = sealed.wire
    seal = sealed.context
    contentType = SEALED_CONTENT_TYPE
  }
  const headers = signRequest({
    method: 'POST',
    path: CALL_PATH,
    query: '',
    body,
    contentType,
    recipient: target.nodeId,
    key: deps.identity.signer,
    now: Math.floor(deps.now() / 1000),
    crypto: deps.crypto,
  })
  // One timer for the whole call, restarted by every line of a streamed answer.
  let timeoutMs = deps.timeoutMs ?? 30_000
  const abort = new AbortController()
  let timer = setTimeout(() => abort.abort(timeoutError()), timeoutMs)
  const alive = () => {
    clearTimeout(timer)
    timeoutMs = Math.max(deps.timeoutMs ?? 30_000, STREAM_IDLE_MS)
    timer = setTimeout(() => abort.abort(timeoutError()), timeoutMs)
  }
  try {
    let res: Response
    try {
      res = await fetch(new URL(CALL_PATH, base), {
        method: 'POST',
        headers: headers as unknown as Record<string, string>,
        body,
        signal: abort.signal,
        redirect: 'error',
      })
    } catch (e) {
      throw networkError(e, target.name, base, timeoutMs)
    }
    try {
      if (res.headers.get(HEADER.contentType) === STREAM_CONTENT_TYPE && res.status === 200 && res.body) {
        if (res.headers.get(HEADER.protocol) === null)
          throw new AppError('PROTOCOL_ERROR', `peer ${target.name} is not a fazt node`)
        return await readStream(res.body, {
          peer: target.name,
          requestSignature: headers.signature,
          keys: effectiveKeys(target.signKey, target.chain, Math.floor(deps.now() / 1000)),
          crypto: deps.crypto,
          seal,
          alive,
          ...(onFrame ? { onFrame } : {}),
        })
      }
      const wire = new Uint8Array(await res.arrayBuffer())
      return readResponse(res, wire, target, headers.signature, seal, deps)
    } catch (e) {
      if (e instanceof AppError) throw e
      throw networkError(e, target.name, base, timeoutMs)
    }
  } finally {
    clearTimeout(timer)
  }
}

function timeoutError(): Error {
  const e = new Error('timed out')
  e.name = 'TimeoutError'
  return e
}

function readResponse(
  res: Response,
  wire: Uint8Array,
  target: PeerEndpoint,
  requestSignature: string,
  seal: SealContext | undefined,
  deps: ClientDeps,
): unknown {
  const unverified = () => {
    const env = safeEnvelope(wire)
    return env && !env.ok ? ` (it said ${env.error.code}, unverified)` : ''
  }
  if (res.headers.get(HEADER.protocol) === null) {
    throw new AppError(
      'PROTOCOL_ERROR',
      `the server at ${res.url || target.urls[0]} is not a fazt node (HTTP ${res.status})`,
      {
        hint: 'check the URL of the peer: fazt peer list',
      },
    )
  }
  if (!res.headers.get(HEADER.signature)) {
    const env = safeEnvelope(wire)
    // Rate limits may go unsigned (PEERS.md §6.2): nothing is acted on, the caller just waits.
    if (res.status === 429 && env && !env.ok)
      throw new AppError('RATE_LIMITED', `peer ${target.name}: ${env.error.message}`, {
        hint: 'retry in a moment',
      })
    throw new AppError('PROTOCOL_ERROR', `peer ${target.name} sent an unsigned answer${unverified()}`, {
      hint: 'the nodes may run incompatible fazt versions: upgrade both',
    })
  }
  const now = Math.floor(deps.now() / 1000)
  const keys = effectiveKeys(target.signKey, target.chain, now)
  try {
    verifyResponse(
      res.headers,
      { status: res.status, body: wire },
      { method: 'POST', path: CALL_PATH, signature: requestSignature },
      { lookupKey: (keyId, claimed) => (keys.includes(keyId) ? claimed : undefined), crypto: deps.crypto },
    )
  } catch (e) {
    const why = e instanceof AppError ? e.message : String(e)
    throw new AppError(
      'PROTOCOL_ERROR',
      `the answer of peer ${target.name} does not verify: ${why}${unverified()}`,
      {
        hint: 'someone may be tampering with the connection, or another machine answers at that address',
      },
    )
  }
  let plain = wire
  if (res.headers.get(HEADER.contentType) === SEALED_CONTENT_TYPE) {
    if (!seal)
      throw new AppError('PROTOCOL_ERROR', `peer ${target.name} sealed an answer to an unsealed call`)
    plain = openResponse(seal, wire).body
  }
  const env = safeEnvelope(plain)
  if (!env) throw new AppError('PROTOCOL_ERROR', `peer ${target.name} sent a malformed answer`)
  if (!env.ok) throw AppError.from(env.error)
  return env.data
}

function safeEnvelope(bytes: Uint8Array) {
  try {
    return asEnvelope(JSON.parse(fromUtf8(bytes)))
  } catch {
    return undefined
  }
}

function networkError(e: unknown, name: string, url: string, timeoutMs: number): AppError {
  const err = e as { name?: string; cause?: { code?: string } }
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return new AppError(
      'TIMEOUT',
      `peer ${name} did not answer within ${Math.round(timeoutMs / 1000)} s (${url})`,
      {
        hint: 'the peer may be overloaded or stuck; try again, or check it with `fazt peer list`',
      },
    )
  }
  return new AppError(
    'PEER_UNREACHABLE',
    `cannot reach peer ${name} at ${url}: ${err?.cause?.code ?? 'connection failed'}`,
    {
      hint: 'is the peer running and reachable from here? `fazt peer list` shows its URLs',
    },
  )
}
