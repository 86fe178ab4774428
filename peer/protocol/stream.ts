// PEERS.md §3.4 — streamed answers: NDJSON lines, each frame signed on its own and bound to the request,
// so a caller acts on every frame as it arrives and notices a cut, a reorder or a splice.
import { AppError } from '../../sdk/contract/errors.js'
import type { CryptoProvider, Signer } from './crypto.js'
import { concatBytes, fromBase64, toBase64, utf8 } from './encoding.js'
import { decodeKey, encodeKey } from './identity.js'

/** Frozen: the media type of a streamed answer, and the purpose string of frame signatures. */
export const STREAM_CONTENT_TYPE = 'application/fazt-stream'
export const STREAM_PURPOSE = 'fazt-stream-v1'
/** A callee sends a heartbeat frame after this many seconds without one; a caller gives up after 3x. */
export const HEARTBEAT_SECONDS = 10
export const MAX_STREAM_LINE = 16 * 1024 * 1024

function message(requestSignature: string, seq: number, body: Uint8Array): Uint8Array {
  return concatBytes(utf8(`${STREAM_PURPOSE}\n${requestSignature}\n${seq}\n`), body)
}

/** One line of a streamed answer: `{"seq","key","body","sig"}` + LF. `body` is the frame as sent (maybe sealed). */
export function streamLine(seq: number, body: Uint8Array, requestSignature: string, key: Signer): string {
  const sig = key.sign(message(requestSignature, seq, body))
  return `${JSON.stringify({ seq, key: encodeKey(key.publicKey), body: toBase64(body), sig: toBase64(sig) })}\n`
}

/** Checks one line: the next sequence number, a key the caller accepts for this peer, a valid signature. */
export function readStreamLine(
  line: string,
  opts: { seq: number; requestSignature: string; keys: readonly string[]; crypto: CryptoProvider },
): Uint8Array {
  const fail = (m: string) => new AppError('PROTOCOL_ERROR', `streamed answer: ${m}`)
  if (line.length > MAX_STREAM_LINE) throw fail('a frame is too large')
  let v: { seq?: unknown; key?: unknown; body?: unknown; sig?: unknown }
  try {
    v = JSON.parse(line) as typeof v
  } catch {
    throw fail('a line is not JSON')
  }
  if (v.seq !== opts.seq) throw fail(`frame ${String(v.seq)} arrived where ${opts.seq} was due`)
  if (typeof v.key !== 'string' || !opts.keys.includes(v.key))
    throw fail('a frame is signed by a key not pinned for this peer')
  const body = typeof v.body === 'string' ? fromBase64(v.body) : undefined
  const sig = typeof v.sig === 'string' ? fromBase64(v.sig) : undefined
  const key = decodeKey(v.key)
  if (!body || !sig || !key) throw fail('a frame is malformed')
  if (!opts.crypto.verify(message(opts.requestSignature, opts.seq, body), sig, key))
    throw fail('a frame signature does not verify')
  return body
}
