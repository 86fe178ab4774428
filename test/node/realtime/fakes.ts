import type { PublishPolicy } from '../../../node/core/seams.js'
import { Broker } from '../../../node/realtime/broker.js'
import { DEFAULT_LIMITS, type RealtimeLimits } from '../../../node/realtime/limits.js'
import type { Connection, Session } from '../../../node/realtime/session.js'

/** A client connection that records what the broker sends it: no sockets (the broker is the unit). */
export class FakeConn implements Connection {
  readonly raw: Buffer[] = []
  bufferedAmount = 0
  closed: { code: number; reason: string } | undefined
  terminated = false

  send(frame: Buffer): void {
    this.raw.push(frame)
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason }
  }
  terminate(): void {
    this.terminated = true
  }
  // biome-ignore lint/suspicious/noExplicitAny: frames are inspected loosely in tests.
  get frames(): any[] {
    return this.raw.map((b) => JSON.parse(b.toString('utf8')))
  }
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  take(): any[] {
    const f = this.frames
    this.raw.length = 0
    return f
  }
}

export interface Rig {
  broker: Broker
  clock: { t: number; now(): number }
  connect(app?: string, ip?: string): { s: Session; c: FakeConn; send(msg: unknown): void }
}

export function rig(limits: Partial<RealtimeLimits> = {}, policy?: PublishPolicy): Rig {
  const clock = {
    t: 1_700_000_000_000,
    now() {
      return this.t
    },
  }
  let n = 0
  const broker = new Broker({
    clock,
    limits: { ...DEFAULT_LIMITS, ...limits },
    ...(policy ? { publishPolicy: policy } : {}),
    newId: () => `c${++n}`,
  })
  return {
    broker,
    clock,
    connect(app = 'app_AAAAAAAAAAAA', ip = '10.0.0.1') {
      const c = new FakeConn()
      const s = broker.connect({ id: app, name: app.slice(4).toLowerCase() }, ip, c)
      return {
        s,
        c,
        send: (msg) => s.receive(Buffer.from(typeof msg === 'string' ? msg : JSON.stringify(msg)), false),
      }
    },
  }
}
