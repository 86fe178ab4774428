/** A push-based async iterable: producers push, one consumer iterates. Used for streaming verbs. */
export interface Channel<T> extends AsyncIterable<T> {
  push(value: T): void
  end(): void
  fail(error: unknown): void
}

export function channel<T>(): Channel<T> {
  const queue: T[] = []
  let done = false
  let failure: unknown
  let wake: (() => void) | undefined
  const notify = () => {
    const w = wake
    wake = undefined
    w?.()
  }
  return {
    push(value) {
      if (done) return
      queue.push(value)
      notify()
    },
    end() {
      done = true
      notify()
    },
    fail(error) {
      failure = error ?? new Error('stream failed')
      done = true
      notify()
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        while (queue.length > 0) yield queue.shift() as T
        if (failure !== undefined) throw failure
        if (done) return
        await new Promise<void>((r) => {
          wake = r
        })
      }
    },
  }
}
