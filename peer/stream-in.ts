// The caller side of a streamed answer (PEERS.md §3.4): verify each line as it arrives, hand progress and
// data frames on, return the result; a cut, a bad frame or a silent peer is an error, never a short result.
import { AppError } from '../sdk/contract/errors.js'
import type { CryptoProvider } from './protocol/crypto.js'
import { fromUtf8 } from './protocol/encoding.js'
import { openResponse, type SealContext } from './protocol/seal.js'
import { HEARTBEAT_SECONDS, readStreamLine } from './protocol/stream.js'

export interface StreamFrame {
  type: string
  data?: unknown
  error?: { code: string; message: string; hint?: string }
  [k: string]: unknown
}

export async function readStream(
  body: ReadableStream<Uint8Array>,
  opts: {
    peer: string
    requestSignature: string
    keys: readonly string[]
    crypto: CryptoProvider
    seal: SealContext | undefined
    onFrame?: (f: StreamFrame) => void
    /** Called at every line: the caller's idle timer restarts. */
    alive?: () => void
  },
): Promise<unknown> {
  const decoder = new TextDecoder()
  let buffered = ''
  let seq = 0
  const handle = (line: string): { done: true; value: unknown } | undefined => {
    const wire = readStreamLine(line, {
      seq: seq++,
      requestSignature: opts.requestSignature,
      keys: opts.keys,
      crypto: opts.crypto,
    })
    const plain = opts.seal ? openResponse(opts.seal, wire).body : wire
    const frame = JSON.parse(fromUtf8(plain)) as StreamFrame
    opts.alive?.()
    if (frame.type === 'result') return { done: true, value: frame.data }
    if (frame.type === 'error' && frame.error) throw AppError.from(frame.error)
    if (frame.type !== 'heartbeat') opts.onFrame?.(frame)
    return undefined
  }
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true })
    let nl = buffered.indexOf('\n')
    while (nl >= 0) {
      const line = buffered.slice(0, nl)
      buffered = buffered.slice(nl + 1)
      const r = handle(line)
      if (r) return r.value
      nl = buffered.indexOf('\n')
    }
  }
  throw new AppError('PROTOCOL_ERROR', `the answer of peer ${opts.peer} ended before its result`, {
    hint: 'the connection was cut: run the command again',
  })
}

/** A caller gives up on a stream after this long without a line (three missed heartbeats). */
export const STREAM_IDLE_MS = 3 * HEARTBEAT_SECONDS * 1000
