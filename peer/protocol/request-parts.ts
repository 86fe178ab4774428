// PEERS.md §4.6 — shape checks on the parts of a request that enter a signature base. They bound the
// work a hostile message can cause and keep CR/LF (which could forge base lines) out of every value.

const METHOD = /^[A-Z0-9!#$%&'*+\-.^_`|~]{1,32}$/
const PATH = /^\/[\x21\x22\x24-\x3e\x40-\x7e]*$/ // visible ASCII without "?" and "#"
const QUERY = /^[\x21-\x22\x24-\x7e]*$/ // visible ASCII without "#"
const CONTENT_TYPE = /^[\x21-\x7e][\x20-\x7e]*$/
/** Frozen limits: a longer request target is refused before hashing or verifying. */
export const MAX_PATH_LENGTH = 2048
export const MAX_QUERY_LENGTH = 4096
const MAX_CONTENT_TYPE = 256

type Fail = (message: string) => Error

/** Returns the method uppercased (PEERS.md §4.3: @method is uppercase). */
export function checkMethod(method: string, fail: Fail): string {
  const m = typeof method === 'string' ? method.toUpperCase() : ''
  if (!METHOD.test(m)) throw fail('method is not an HTTP token')
  return m
}

export function checkPath(path: string, fail: Fail): void {
  if (typeof path !== 'string' || path.length > MAX_PATH_LENGTH || !PATH.test(path)) {
    throw fail('path must start with / and hold only visible ASCII (at most 2048)')
  }
}

export function checkQuery(query: string, fail: Fail): void {
  if (typeof query !== 'string' || query.length > MAX_QUERY_LENGTH || !QUERY.test(query)) {
    throw fail('query must hold only visible ASCII (at most 4096), without the leading ?')
  }
}

export function checkContentType(contentType: string, fail: Fail): void {
  if (
    typeof contentType !== 'string' ||
    contentType.length > MAX_CONTENT_TYPE ||
    !CONTENT_TYPE.test(contentType)
  ) {
    throw fail('content type must be printable ASCII (at most 256)')
  }
}

/** Guards the injected clock: fazt's protocol clock is whole Unix seconds, never milliseconds. */
export function checkSeconds(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > 1e11) {
    throw new RangeError(`${name} must be whole Unix seconds (not milliseconds)`)
  }
}
