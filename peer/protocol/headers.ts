// Reading headers from whatever the transport gives: Node's IncomingHttpHeaders (lowercase keys, some
// values arrays), a plain record, or a fetch Headers object.

export type HeaderValue = string | readonly string[] | undefined
export type HeaderRecord = Readonly<Record<string, HeaderValue>>
export interface HeaderGetter {
  get(name: string): string | null
}
export type HeaderBag = HeaderRecord | HeaderGetter

function isGetter(bag: HeaderBag): bag is HeaderGetter {
  return typeof (bag as { get?: unknown }).get === 'function'
}

/**
 * One header as RFC 9421 §2.1 reads it: each field line trimmed, several lines joined with ", ".
 * Undefined when absent.
 */
export function getHeader(bag: HeaderBag, name: string): string | undefined {
  const lower = name.toLowerCase()
  let raw: HeaderValue
  if (isGetter(bag)) {
    raw = bag.get(lower) ?? undefined
  } else {
    raw = bag[lower]
    if (raw === undefined) {
      for (const key of Object.keys(bag)) {
        if (key.toLowerCase() === lower) {
          raw = bag[key]
          break
        }
      }
    }
  }
  if (raw === undefined) return undefined
  if (typeof raw === 'string') return raw.trim()
  if (raw.length === 0) return undefined
  return raw.map((v) => v.trim()).join(', ')
}
