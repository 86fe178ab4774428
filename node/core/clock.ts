/** Injected time, so logic that a test must control never calls Date.now() directly. */
export interface Clock {
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }
