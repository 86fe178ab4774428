// The sql worker: a child process (forked by sql-pool.ts) that runs `fazt sql` statements on its own
// connections. It is a process, not a worker thread, because better-sqlite3 cannot interrupt a running
// statement and Worker.terminate() cannot stop a thread inside sqlite3_step (measured: it never
// resolves, the thread spins on, and the parent cannot even exit). SIGKILL always works, and the OS
// then drops the process's locks; SQLite's WAL ignores whatever an unfinished write transaction left.
// Wire (IPC, JSON): parent -> {id, req, timeoutMs}; worker -> {ready: true} once, then {id, ok, data | error}.
import { Worker } from 'node:worker_threads'
import { AppError } from '../../sdk/contract/errors.js'
import { type SqlRequest, SqlSession } from './sql-exec.js'

/** How long past its limit a statement may run before the worker ends itself (the pool kills at the limit). */
const GRACE_MS = 2000

const dataPath = process.argv[2]
if (!dataPath || !process.send) process.exit(2)

const session = new SqlSession(dataPath)
const send = (m: unknown) => process.send?.(m)

// The parent went away (exit, crash, SIGKILL): so does the worker. While a statement runs this thread
// cannot notice, so the watchdog thread does (sql-watchdog.ts).
process.on('disconnect', () => process.exit(0))
const deadline = new Float64Array(new SharedArrayBuffer(8))
new Worker(new URL('./sql-watchdog.js', import.meta.url), {
  workerData: { deadline: deadline.buffer, parent: process.ppid },
})
  // Without its watchdog the worker still serves; the pool's own timer remains the limit.
  .on('error', () => {})
  .unref()

process.on('message', (m: { id: number; req: SqlRequest; timeoutMs: number }) => {
  deadline[0] = Date.now() + m.timeoutMs + GRACE_MS
  try {
    send({ id: m.id, ok: true, data: session.run(m.req) })
  } catch (e) {
    const err = e instanceof AppError ? e : new AppError('INTERNAL', 'the sql worker failed')
    send({ id: m.id, ok: false, error: err.toJSON() })
  } finally {
    deadline[0] = 0
  }
})

send({ ready: true })
