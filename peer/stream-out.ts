// The callee side of a streamed answer (PEERS.md §3.4): each frame sealed (when the call was) and signed,
// heartbeats while the verb is quiet, and the producer stopped when the caller goes away.
import { AppError } from '../sdk/contract/errors.js'
import type { Signer } from './protocol/crypto.js'
import { utf8 } from './protocol/encoding.js'
import { type SealContext, sealResponse } from './protocol/seal.js'
import { HEARTBEAT_SECONDS, streamLine } from './protocol/stream.js'
import { JSON_CONTENT_TYPE } from './protocol/wire.js'

interface Frame {
  type: string
  [k: string]: unknown
}

const TICK = Symbol('heartbeat')

export async function* streamBody(
  frames: AsyncIterable<unknown>,
  opts: { requestSignature: string; key: () => Signer; seal: SealContext | undefined; heartbeatMs?: number },
): AsyncGenerator<Uint8Array> {
  let seq = 0
  const line = (frame: Frame): Uint8Array => {
    let body = utf8(JSON.stringify(frame))
    if (opts.seal) body = sealResponse(opts.seal, { body, contentType: JSON_CONTENT_TYPE })
    return utf8(streamLine(seq++, body, opts.requestSignature, opts.key()))
  }
  const it = frames[Symbol.asyncIterator]()
  const every = opts.heartbeatMs ?? HEARTBEAT_SECONDS * 1000
  try {
    let next = it.next()
    for (;;) {
      let timer: NodeJS.Timeout | undefined
      const tick = new Promise<typeof TICK>((r) => {
        timer = setTimeout(() => r(TICK), every)
      })
      const r = await Promise.race([next, tick])
      clearTimeout(timer)
      if (r === TICK) {
        yield line({ type: 'heartbeat' })
        continue
      }
      if (r.done) {
        yield line({ type: 'error', error: { code: 'INTERNAL', message: 'the verb ended without a result' } })
        return
      }
      const frame = r.value as Frame
      yield line(frame)
      if (frame.type === 'result' || frame.type === 'error') return
      next = it.next()
    }
  } catch (e) {
    const err = e instanceof AppError ? e : new AppError('INTERNAL', 'internal error')
    yield line({ type: 'error', error: err.toJSON() })
  } finally {
    // The caller hung up or the stream ended: stop the producer (a `logs -f` poll loop, say).
    await it.return?.()
  }
}
