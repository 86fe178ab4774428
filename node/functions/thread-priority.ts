import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'

/**
 * The scheduling priority of this thread (Linux). A worker lowers its own thread while an invocation runs
 * long, so a function spinning at its time limit yields the CPU to the main thread (static files,
 * realtime) and to other apps' workers. Raising it back needs privilege (RLIMIT_NICE): when that fails,
 * the worker asks to be replaced once idle.
 */
export class ThreadPriority {
  readonly #tid: number | undefined
  lowered = false

  constructor() {
    try {
      // "<pid>/task/<tid>": setpriority() on a thread id applies to that thread only.
      this.#tid = Number(readlinkSync('/proc/thread-self').split('/').pop())
    } catch {
      this.#tid = undefined
    }
  }

  lower(): void {
    if (this.#tid === undefined || this.lowered) return
    try {
      setPriority(this.#tid, 10)
      this.lowered = true
    } catch {
      // Not on Linux, or not allowed: the thread keeps its priority.
    }
  }

  /** False when the thread stays lowered (no privilege to raise it). */
  restore(): boolean {
    if (!this.lowered || this.#tid === undefined) return true
    try {
      setPriority(this.#tid, 0)
      this.lowered = false
      return true
    } catch {
      return false
    }
  }
}
