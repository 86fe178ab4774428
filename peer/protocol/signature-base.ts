// PEERS.md §4.3 — RFC 9421 §2.5 signature base construction, generic over component identifiers so it
// can be checked against the RFC's own examples. One line per covered component,
// `<serialized identifier>: <value>`, then `"@signature-params": <serialized inner list>`, joined by LF,
// no trailing LF.

import {
  type InnerList,
  type Item,
  type Params,
  serializeInnerList,
  serializeItem,
} from './structured-fields.js'

/** A component identifier is an sf-string item, e.g. `"@path";req` or `"signature";req;key="fazt"`. */
export function component(name: string, params: ReadonlyArray<[string, string | true]> = []): Item {
  return { value: name, params: new Map(params) as Params }
}

export interface BaseLine {
  readonly id: Item
  readonly value: string
}

export class SignatureBaseError extends Error {
  override name = 'SignatureBaseError'
}

/**
 * Component values are visible ASCII plus space and tab (what an HTTP field value or request target can
 * hold). A CR or LF would let one value forge another line of the base, so it is refused here.
 */
const SAFE_VALUE = /^[\x20-\x7e\t]*$/

export function signatureBase(lines: readonly BaseLine[], signatureParams: InnerList): string {
  const out: string[] = []
  const seen = new Set<string>()
  for (const { id, value } of lines) {
    const name = serializeItem(id)
    // RFC 9421 §2.5: a component listed twice makes the base invalid.
    if (seen.has(name)) throw new SignatureBaseError(`component ${name} is covered twice`)
    seen.add(name)
    if (!SAFE_VALUE.test(value)) throw new SignatureBaseError(`component ${name} has a forbidden character`)
    out.push(`${name}: ${value}`)
  }
  out.push(`"@signature-params": ${serializeInnerList(signatureParams)}`)
  return out.join('\n')
}

/** RFC 9421 §2.2.7: `?` followed by the query, or a lone `?` when there is none. */
export function queryComponent(query: string): string {
  return `?${query}`
}

/** Split a request target (`/a/b?x=1`) into the @path and raw query (without `?`). */
export function splitTarget(target: string): { path: string; query: string } {
  const q = target.indexOf('?')
  const path = q < 0 ? target : target.slice(0, q)
  const query = q < 0 ? '' : target.slice(q + 1)
  // RFC 9421 §2.2.6: an empty path is "/".
  return { path: path === '' ? '/' : path, query }
}
