import { chmodSync, rmSync } from 'node:fs'
import { connect, createServer, type Socket } from 'node:net'
import { findVerb } from '../../sdk/contract/catalogue.js'
import { AppError } from '../../sdk/contract/errors.js'
import type { NodeContext } from '../core/context.js'
import { controlSocketPath, MAX_CONTROL_LINE } from './socket-path.js'

/**
 * The local control channel: a running node answers verb calls from CLIs on the same machine over a
 * Unix socket (mode 0600: filesystem permissions are the authentication, the caller is the owner).
 * It exists for verbs whose state lives in the node's memory (`needsNode`, e.g. realtime), but carries
 * any non-streaming verb. Wire: one JSON object per line, `{id, verb, params}` ->
 * `{id, ok: true, data}` or `{id, ok: false, error: {code, message, hint?}}`, answered in order.
 */
/** Runs one verb for the local owner (the composition root passes the verb dispatcher). */
export type LocalCall = (verb: string, params: unknown) => Promise<unknown>

export interface ControlServer {
  path: string
  close(): Promise<void>
}

export async function startControlServer(node: NodeContext, call: LocalCall): Promise<ControlServer> {
  const path = controlSocketPath(node.dataPath)
  if (await answers(path)) {
    throw new AppError('CONFLICT', `another node already serves ${node.dataPath} (${path} answers)`, {
      hint: 'stop it first, or start another node with its own --db',
    })
  }
  rmSync(path, { force: true }) // left by a node that crashed
  const sockets = new Set<Socket>()
  const server = createServer((sock) => {
    sockets.add(sock)
    sock.on('close', () => sockets.delete(sock))
    serve(call, sock)
  })
  // The socket file is created inside listen(); a tight umask means it is never reachable by others.
  const umask = process.umask(0o177)
  try {
    server.listen(path)
  } finally {
    process.umask(umask)
  }
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  chmodSync(path, 0o600)
  return {
    path,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path)
    s.once('connect', () => {
      s.destroy()
      resolve(true)
    })
    s.once('error', () => resolve(false))
  })
}

function serve(call: LocalCall, sock: Socket): void {
  let buf = ''
  let queue: Promise<void> = Promise.resolve()
  sock.setEncoding('utf8')
  sock.on('error', () => {})
  sock.on('data', (chunk: string) => {
    buf += chunk
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i)
      buf = buf.slice(i + 1)
      // One at a time per connection: a CLI's calls take effect in the order it sent them.
      queue = queue.then(async () => {
        const out = await answer(call, line)
        if (!sock.destroyed) sock.write(`${out}\n`)
      })
    }
    if (buf.length > MAX_CONTROL_LINE) sock.destroy()
  })
}

async function answer(call: LocalCall, line: string): Promise<string> {
  let req: { id?: unknown; verb?: unknown; params?: unknown }
  try {
    req = JSON.parse(line) as typeof req
  } catch {
    return reply(null, new AppError('BAD_REQUEST', 'a control request is one JSON object per line'))
  }
  const id = req?.id ?? null
  try {
    if (typeof req?.verb !== 'string') throw new AppError('BAD_REQUEST', 'a control request names a "verb"')
    if (findVerb(req.verb)?.stream) {
      throw new AppError('BAD_REQUEST', `${req.verb} streams, which the control socket does not carry`)
    }
    const data = await call(req.verb, req.params ?? {})
    return JSON.stringify({ id, ok: true, data: data ?? null })
  } catch (e) {
    // Only coded errors leave the node; anything else is a bug whose details stay inside.
    return reply(id, e instanceof AppError ? e : new AppError('INTERNAL', 'the verb failed inside the node'))
  }
}

function reply(id: unknown, err: AppError): string {
  return JSON.stringify({ id, ok: false, error: err.toJSON() })
}
