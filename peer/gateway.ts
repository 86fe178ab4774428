// POST /_fazt/rpc, framework-free (PEERS.md §3.3): rate limit -> version -> verify -> replay -> caller ->
// open -> parse -> dispatch -> envelope -> seal -> sign. Nothing is decrypted or run before it is verified.
import { AppError } from '../sdk/contract/errors.js'
import type { NodeIdentity } from './identity.js'
import type { NonceCache } from './nonces.js'
import type { CryptoProvider } from './protocol/crypto.js'
import { fromUtf8, utf8 } from './protocol/encoding.js'
import { getHeader, type HeaderBag } from './protocol/headers.js'
import { openRequest, type SealContext, sealResponse } from './protocol/seal.js'
import { verifyRequest } from './protocol/signature.js'
import { signResponse } from './protocol/signature-response.js'
import { STREAM_CONTENT_TYPE } from './protocol/stream.js'
import { checkProtocolVersion } from './protocol/version.js'
import { HEADER, JSON_CONTENT_TYPE, PROTOCOL_VERSION, SEALED_CONTENT_TYPE } from './protocol/wire.js'
import type { RateLimiter } from './rate-limit.js'
import type { Peer, PeerRegistry } from './registry.js'
import { streamBody } from './stream-out.js'

export interface GatewayRequest {
  method: string
  path: string
  query: string
  headers: HeaderBag
  body: Uint8Array
  remoteAddress: string
  /** Arrived over TLS. */
  secure: boolean
}

export interface GatewayResponse {
  status: number
  headers: Record<string, string>
  /** Whole, or for a streaming verb the lines of PEERS.md §3.4 as they come. */
  body: Uint8Array | AsyncIterable<Uint8Array>
}

/** What running a verb gave: one value, or the frames of a streaming verb. */
export type CallOutput =
  | { kind: 'value'; value: unknown }
  | { kind: 'stream'; frames: AsyncIterable<unknown> }

/** Who is calling, once the signature verified. A stranger (unpinned key) may only call `peer.pair`. */
export type GatewayCaller = { kind: 'peer'; peer: Peer; keyId: string } | { kind: 'stranger'; keyId: string }

export interface GatewayDeps {
  identity(): NodeIdentity
  crypto: CryptoProvider
  registry: PeerRegistry
  nonces: NonceCache
  /** Milliseconds; protocol times are derived from it in whole seconds. */
  now(): number
  /** Charged for each call from an address that fails before it verifies; refuses the address when empty. */
  perAddress: RateLimiter
  /** Charged for each verified call of a key. */
  perKey: RateLimiter
  dispatch(caller: GatewayCaller, verb: string, params: unknown): Promise<CallOutput>
  onError?(e: unknown): void
}

const isLoopback = (a: string) => a === '::1' || a.startsWith('127.') || a.startsWith('::ffff:127.')

export async function handleCall(req: GatewayRequest, deps: GatewayDeps): Promise<GatewayResponse> {
  const nowMs = deps.now()
  const now = Math.floor(nowMs / 1000)
  // Verified callers never drain the address bucket; garbage does, so a flood is cut off before any
  // signature check while a busy peer is not (PEERS.md §6.2).
  if (!deps.perAddress.allows(req.remoteAddress, nowMs)) {
    // Unsigned on purpose: a flood must cost nothing (PEERS.md §6.2).
    return plain(429, {
      code: 'RATE_LIMITED',
      message: 'too many requests from this address',
      hint: 'retry in a moment',
    })
  }
  let seal: SealContext | undefined
  let verifiedKey = false
  try {
    checkProtocolVersion(req.headers)
    const id = deps.identity()
    const verified = verifyRequest(
      req.headers,
      { method: req.method, path: req.path, query: req.query, body: req.body },
      { now, expectedRecipient: id.nodeId, lookupKey: (_keyId, claimed) => claimed, crypto: deps.crypto },
    )
    verifiedKey = true
    if (!deps.nonces.accept(verified.keyId, verified.nonce, verified.expires, now)) {
      throw new AppError('REPLAY', 'this request was already received', {
        hint: 'send a new request; each is accepted once',
      })
    }
    const peer = deps.registry.byKey(verified.keyId, now)
    if (peer?.status === 'revoked') {
      throw new AppError('REVOKED', 'this node revoked your access', { hint: 'ask its owner to pair again' })
    }
    if (!deps.perKey.take(verified.keyId, nowMs)) {
      throw new AppError('RATE_LIMITED', 'too many requests from this peer', { hint: 'retry in a moment' })
    }
    let body = req.body
    const type = getHeader(req.headers, HEADER.contentType) ?? ''
    if (type === SEALED_CONTENT_TYPE) {
      const opened = openRequest(req.body, id.box.secretKey, deps.crypto)
      seal = opened.context
      body = opened.body
    } else if (!req.secure && !isLoopback(req.remoteAddress)) {
      throw new AppError('SEAL_REQUIRED', 'calls over plain HTTP must be sealed', {
        hint: 'use a fazt client',
      })
    }
    const call = parseCall(body)
    const caller: GatewayCaller =
      peer && peer.status === 'active'
        ? { kind: 'peer', peer, keyId: verified.keyId }
        : { kind: 'stranger', keyId: verified.keyId }
    if (caller.kind === 'stranger' && call.verb !== 'peer.pair') {
      throw new AppError(
        'UNKNOWN_KEY',
        peer?.status === 'pending'
          ? 'your pairing request is waiting for approval'
          : 'this node does not know your key',
        { hint: peer ? 'ask the owner to run `fazt peer approve`' : 'pair first: `fazt peer add NAME CODE`' },
      )
    }
    if (peer) {
      deps.registry.touch(peer, nowMs)
      watchHosts(deps, peer, req.remoteAddress, nowMs)
    }
    const out = await deps.dispatch(caller, call.verb, call.params)
    if (out.kind === 'stream') {
      const requestSignature = getHeader(req.headers, HEADER.signature) as string
      return {
        status: 200,
        headers: {
          [HEADER.protocol]: String(PROTOCOL_VERSION),
          'content-type': STREAM_CONTENT_TYPE,
          'cache-control': 'no-store',
        },
        body: streamBody(out.frames, { requestSignature, key: () => deps.identity().signer, seal }),
      }
    }
    return respond(req, deps, 200, { ok: true, data: out.value ?? null }, seal)
  } catch (e) {
    if (!verifiedKey) deps.perAddress.take(req.remoteAddress, nowMs)
    const err = e instanceof AppError ? e : new AppError('INTERNAL', 'internal error')
    if (!(e instanceof AppError)) deps.onError?.(e)
    return respond(req, deps, err.status, { ok: false, error: err.toJSON() }, seal)
  }
}

// SPEC §11: one node id calling from two addresses within this window means two copies run as one node.
const CONFLICT_WINDOW_MS = 60_000
const lastHost = new WeakMap<PeerRegistry, Map<string, { addr: string; at: number }>>()

function watchHosts(deps: GatewayDeps, peer: Peer, addr: string, now: number): void {
  let seen = lastHost.get(deps.registry)
  if (!seen) {
    seen = new Map()
    lastHost.set(deps.registry, seen)
  }
  const prev = seen.get(peer.nodeId)
  seen.set(peer.nodeId, { addr, at: now })
  if (prev && prev.addr !== addr && now - prev.at < CONFLICT_WINDOW_MS) {
    const text = `answered from ${prev.addr} and ${addr} at ${new Date(now).toISOString()}`
    if (peer.conflict !== text) deps.registry.flagConflict(peer.nodeId, text)
  }
}

function parseCall(body: Uint8Array): { verb: string; params: unknown } {
  let v: unknown
  try {
    v = JSON.parse(fromUtf8(body))
  } catch {
    throw new AppError('INVALID_ARGUMENT', 'the call body is not JSON')
  }
  const c = v as { verb?: unknown; params?: unknown }
  if (typeof v !== 'object' || v === null || typeof c.verb !== 'string' || c.verb.length > 128) {
    throw new AppError('INVALID_ARGUMENT', 'the call body must be {"verb": "<name>", "params": {...}}')
  }
  return { verb: c.verb, params: c.params ?? {} }
}

/** Sealed when the request was; signed whenever the request carried a signature to bind to (PEERS.md §5.1). */
function respond(
  req: GatewayRequest,
  deps: GatewayDeps,
  status: number,
  envelope: unknown,
  seal: SealContext | undefined,
): GatewayResponse {
  let body = utf8(JSON.stringify(envelope))
  let contentType = JSON_CONTENT_TYPE
  if (seal) {
    body = sealResponse(seal, { body, contentType })
    contentType = SEALED_CONTENT_TYPE
  }
  const headers: Record<string, string> = {
    [HEADER.protocol]: String(PROTOCOL_VERSION),
    'content-type': contentType,
  }
  const signature = getHeader(req.headers, HEADER.signature)
  if (signature) {
    try {
      Object.assign(
        headers,
        signResponse({
          status,
          body,
          contentType,
          request: { method: req.method, path: req.path, signature },
          key: deps.identity().signer,
          now: Math.floor(deps.now() / 1000),
          crypto: deps.crypto,
        }),
      )
    } catch {
      // The request's Signature could not be parsed: nothing to bind to, so the answer goes unsigned.
    }
  }
  return { status, headers, body }
}

function plain(status: number, error: { code: string; message: string; hint?: string }): GatewayResponse {
  return {
    status,
    headers: {
      [HEADER.protocol]: String(PROTOCOL_VERSION),
      'content-type': JSON_CONTENT_TYPE,
      'retry-after': '1',
    },
    body: utf8(JSON.stringify({ ok: false, error })),
  }
}
