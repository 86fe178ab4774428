// A functions worker thread (started by pool.ts): its own connection to the data file, its own storage,
// and the QuickJS engine. Jobs run one at a time in the order they come; the worker drains every job
// already waiting before it commits and answers, so back-to-back invocations share one commit.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads'
import { systemClock } from '../core/clock.js'
import { openDatabase } from '../core/db-open.js'
import { capWasmMemory, Engine } from './quickjs-engine.js'
import { RpcClient } from './rpc.js'
import type { FromWorker, Job, Reply, WorkerInit } from './worker-messages.js'
import { WorkerRuntime } from './worker-runtime.js'

const init = workerData as WorkerInit
const port = parentPort
if (!port) throw new Error('worker.ts runs as a worker thread')
const send = (m: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer)

// Before the first wasm memory exists: the cap applies to memories created afterwards.
capWasmMemory(init.limits.memoryBytes)
const db = openDatabase(init.dataPath, { create: false })
const runtime = new WorkerRuntime({
  db,
  engine: Engine.load(),
  limits: init.limits,
  clock: systemClock,
  sandboxes: init.sandboxes,
  rpc: new RpcClient(init.rpc, (m) => send(m)),
  send(list: Reply[]) {
    const transfer: ArrayBuffer[] = []
    for (const r of list) {
      if (typeof r.body !== 'string') {
        // Copied into a buffer of its own so it can be transferred, not cloned.
        const copy = new Uint8Array(r.body)
        transfer.push(copy.buffer as ArrayBuffer)
        r.body = copy
      }
    }
    send({ type: 'replies', list }, transfer)
  },
  retire: () => send({ type: 'retire' }),
})

const backlog: Job[] = []
let pumping = false

async function pump(): Promise<void> {
  pumping = true
  try {
    for (;;) {
      const job = backlog.shift() ?? (receiveMessageOnPort(port as never)?.message as Job | undefined)
      if (!job) break
      const wait = runtime.accept(job)
      if (wait) await wait
    }
    runtime.flush()
  } catch (e) {
    process.stderr.write(`fazt functions worker: ${(e as Error)?.stack ?? e}\n`)
    process.exit(1)
  } finally {
    pumping = false
  }
}

port.on('message', (job: Job) => {
  backlog.push(job)
  if (!pumping) void pump()
})
port.on('close', () => {
  runtime.close()
  db.close()
})
send({ type: 'ready' })
