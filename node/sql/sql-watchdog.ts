// A thread inside the sql worker process, which keeps running while the worker's own thread is stuck
// in sqlite3_step. It ends the process (SIGKILL, as the pool would) when the parent is gone (a node or
// CLI killed mid-statement would otherwise leave an orphan spinning and holding a read snapshot that
// stops WAL checkpoints) or when a statement outlives its deadline (a backstop to the pool's own timer).
import { workerData } from 'node:worker_threads'

const { deadline, parent } = workerData as { deadline: SharedArrayBuffer; parent: number }
const at = new Float64Array(deadline)

setInterval(() => {
  const due = at[0] ?? 0
  // Wall-clock time: the worker thread writes the deadline, and the two threads share no other clock.
  if (process.ppid !== parent || (due > 0 && Date.now() > due)) process.kill(process.pid, 'SIGKILL')
}, 200)
