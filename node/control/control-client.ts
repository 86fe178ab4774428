import { connect, type Socket } from 'node:net'
import { AppError, type ErrorBody } from '../../sdk/contract/errors.js'
import type { Transport } from '../../sdk/transport.js'
import { controlSocketPath, MAX_CONTROL_LINE } from './socket-path.js'

interface Pending {
  resolve(v: unknown): void
  reject(e: unknown): void
}

interface Reply {
  id: number
  ok: boolean
  data?: unknown
  error?: ErrorBody
}

/**
 * Verb calls sent to the node running on `dataPath`, over its control socket (node/control/server.ts).
 * One connection, opened on the first call and reused; calls are answered in the order they were made.
 * When no node runs, a call fails with UNAVAILABLE and a hint to start one.
 */
export function controlTransport(dataPath: string): Transport {
  const path = controlSocketPath(dataPath)
  let open: Promise<Socket> | undefined
  const pending = new Map<number, Pending>()
  let nextId = 1

  const failAll = (e: AppError) => {
    for (const p of pending.values()) p.reject(e)
    pending.clear()
    open = undefined
  }

  const connectOnce = () =>
    new Promise<Socket>((resolve, reject) => {
      const sock = connect(path)
      let buf = ''
      sock.setEncoding('utf8')
      sock.once('connect', () => resolve(sock))
      sock.on('error', (e: NodeJS.ErrnoException) => {
        const err = translate(e, dataPath)
        reject(err)
        failAll(err)
      })
      sock.on('close', () =>
        failAll(
          new AppError('UNAVAILABLE', 'the node closed the control connection', { hint: 'is it stopping?' }),
        ),
      )
      sock.on('data', (chunk: string) => {
        buf += chunk
        for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
          const line = buf.slice(0, i)
          buf = buf.slice(i + 1)
          let r: Reply
          try {
            r = JSON.parse(line) as Reply
          } catch {
            sock.destroy()
            return
          }
          const p = pending.get(r.id)
          pending.delete(r.id)
          if (!p) continue
          if (r.ok) p.resolve(r.data)
          else
            p.reject(AppError.from(r.error ?? { code: 'INTERNAL', message: 'malformed reply from the node' }))
        }
        if (buf.length > MAX_CONTROL_LINE) sock.destroy()
      })
    })

  return {
    async call(verb, params) {
      open ??= connectOnce()
      const sock = await open
      const id = nextId++
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject })
        sock.write(`${JSON.stringify({ id, verb, params: params ?? {} })}\n`)
      })
    },
    close() {
      const o = open
      open = undefined
      o?.then(
        (s) => s.end(),
        () => {},
      )
    },
  }
}

function translate(e: NodeJS.ErrnoException, dataPath: string): AppError {
  if (e.code === 'ENOENT' || e.code === 'ECONNREFUSED') {
    return new AppError('UNAVAILABLE', `no node is running on ${dataPath}`, {
      hint: 'this needs the running node: start the node with `fazt server start`',
    })
  }
  if (e.code === 'EACCES' || e.code === 'EPERM') {
    return new AppError('PERMISSION_DENIED', `the node on ${dataPath} belongs to another user`, {
      hint: 'run the command as the user that runs the node',
    })
  }
  return new AppError('UNAVAILABLE', `cannot reach the node on ${dataPath}: ${e.code ?? e.message}`)
}
