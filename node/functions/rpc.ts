// Synchronous calls from a worker to the main thread, for `fazt.realtime.*`: the realtime hubs live in
// the main thread's memory and app code is synchronous. The worker posts the call and blocks on a
// SharedArrayBuffer (Atomics.wait) until the main thread writes the answer; the main thread never blocks.
// Layout: int32 [0] = sequence number of the last answer, [1] = answer length; bytes from 8 = JSON.
import { AppError, type ErrorBody } from '../../sdk/contract/errors.js'
import type { AppRealtime, AppRef } from '../core/seams.js'
import type { RpcCall } from './worker-messages.js'

export const RPC_BYTES = 1024 * 1024
const HEADER = 8

export function rpcBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER + RPC_BYTES)
}

/** Worker side. */
export class RpcClient {
  #seq = 0
  readonly #ctl: Int32Array
  readonly #data: Uint8Array

  constructor(
    buf: SharedArrayBuffer,
    private post: (m: RpcCall) => void,
    private timeoutMs = 2000,
  ) {
    this.#ctl = new Int32Array(buf, 0, 2)
    this.#data = new Uint8Array(buf, HEADER)
  }

  call(op: string, appId: string, appName: string, args: unknown[]): unknown {
    const seq = ++this.#seq
    this.post({ type: 'rpc', seq, op, appId, appName, args })
    const end = performance.now() + this.timeoutMs
    for (;;) {
      const seen = Atomics.load(this.#ctl, 0)
      if (seen === seq) break
      const left = end - performance.now()
      if (left <= 0) throw new AppError('UNAVAILABLE', 'realtime did not answer in time')
      Atomics.wait(this.#ctl, 0, seen, left)
    }
    const len = Atomics.load(this.#ctl, 1)
    const out = JSON.parse(Buffer.from(this.#data.subarray(0, len)).toString('utf8')) as {
      value?: unknown
      error?: ErrorBody
    }
    if (out.error) throw AppError.from(out.error)
    return out.value
  }
}

/** Main-thread side: writes the answer to call `seq` and wakes the worker. */
export function answerRpc(
  buf: SharedArrayBuffer,
  seq: number,
  answer: { value?: unknown; error?: ErrorBody },
): void {
  let bytes = Buffer.from(JSON.stringify(answer) ?? '{}')
  if (bytes.length > RPC_BYTES) {
    bytes = Buffer.from(
      JSON.stringify({ error: { code: 'LIMIT_EXCEEDED', message: 'the realtime answer is too large' } }),
    )
  }
  const ctl = new Int32Array(buf, 0, 2)
  new Uint8Array(buf, HEADER).set(bytes)
  Atomics.store(ctl, 1, bytes.length)
  Atomics.store(ctl, 0, seq)
  Atomics.notify(ctl, 0)
}

const REALTIME_OPS = new Set(['broadcast', 'broadcastAll', 'subscribers', 'count', 'kick'])

/** Main-thread side of `fazt.realtime.*`: runs the call on the live broker and answers the worker. */
export function answerRealtime(
  buf: SharedArrayBuffer,
  m: RpcCall,
  realtime: ((app: AppRef) => AppRealtime | undefined) | undefined,
): void {
  let answer: { value?: unknown; error?: ErrorBody }
  try {
    const rt = realtime?.({ id: m.appId, name: m.appName })
    if (!rt) throw new AppError('UNAVAILABLE', 'realtime is not running in this process')
    if (!REALTIME_OPS.has(m.op)) throw new AppError('INVALID_ARGUMENT', 'unknown realtime operation')
    const f = rt[m.op as keyof AppRealtime] as (...a: unknown[]) => unknown
    answer = { value: f(...(Array.isArray(m.args) ? m.args : [])) ?? null }
  } catch (e) {
    answer = {
      error:
        e instanceof AppError
          ? e.toJSON()
          : { code: 'INVALID_ARGUMENT', message: 'the realtime call failed' },
    }
  }
  answerRpc(buf, m.seq, answer)
}
