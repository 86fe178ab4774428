// RFC 8941 Structured Field Values: the subset RFC 9421 needs (dictionaries, inner lists, items,
// parameters). Parsing follows RFC 8941 §4.2 step by step and is linear in the input. The caller bounds
// the input length first (PEERS.md §4.6). Byte sequences are decoded strictly (canonical base64 only).

import { fromBase64, toBase64 } from './encoding.js'

export class Token {
  constructor(readonly value: string) {}
}
export class Decimal {
  constructor(readonly value: number) {}
}
export type BareItem = number | Decimal | string | Token | Uint8Array | boolean
export type Params = Map<string, BareItem>
export interface Item {
  readonly value: BareItem
  readonly params: Params
}
export interface InnerList {
  readonly items: Item[]
  readonly params: Params
}
export type Member = Item | InnerList
export type Dictionary = Map<string, Member>

export class StructuredFieldError extends Error {
  override name = 'StructuredFieldError'
}

export const isInnerList = (m: Member): m is InnerList => 'items' in m

const KEY_FIRST = /[a-z*]/
const KEY_CHAR = /[a-z0-9_\-.*]/
const TOKEN_FIRST = /[A-Za-z*]/
const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z:/]/
const BASE64_CHAR = /[A-Za-z0-9+/=]/
const MAX_INTEGER = 999_999_999_999_999

export function parseDictionary(input: string): Dictionary {
  const p = new Parser(input)
  p.skipSp()
  const dict: Dictionary = new Map()
  while (!p.done()) {
    const key = p.key()
    let member: Member
    if (p.peek() === '=') {
      p.pos++
      member = p.peek() === '(' ? p.innerList() : p.item()
    } else {
      member = { value: true, params: p.params() }
    }
    dict.set(key, member)
    p.skipOws()
    if (p.done()) return dict
    if (p.next() !== ',') p.fail('expected a comma between members')
    p.skipOws()
    if (p.done()) p.fail('trailing comma')
  }
  return dict
}

class Parser {
  pos = 0
  constructor(readonly s: string) {}
  done = (): boolean => this.pos >= this.s.length
  peek = (): string => this.s[this.pos] ?? ''
  next = (): string => this.s[this.pos++] ?? ''
  fail(why: string): never {
    throw new StructuredFieldError(`${why} at offset ${this.pos}`)
  }
  skipSp(): void {
    while (this.peek() === ' ') this.pos++
  }
  skipOws(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++
  }
  key(): string {
    if (!KEY_FIRST.test(this.peek())) this.fail('expected a key')
    const start = this.pos
    while (!this.done() && KEY_CHAR.test(this.peek())) this.pos++
    return this.s.slice(start, this.pos)
  }
  innerList(): InnerList {
    this.pos++ // (
    const items: Item[] = []
    while (!this.done()) {
      this.skipSp()
      if (this.peek() === ')') {
        this.pos++
        return { items, params: this.params() }
      }
      items.push(this.item())
      const c = this.peek()
      if (c !== ' ' && c !== ')') this.fail('expected a space or ) in an inner list')
    }
    return this.fail('unterminated inner list')
  }
  item(): Item {
    const value = this.bareItem()
    return { value, params: this.params() }
  }
  params(): Params {
    const params: Params = new Map()
    while (this.peek() === ';') {
      this.pos++
      this.skipSp()
      const key = this.key()
      let value: BareItem = true
      if (this.peek() === '=') {
        this.pos++
        value = this.bareItem()
      }
      params.set(key, value)
    }
    return params
  }
  bareItem(): BareItem {
    const c = this.peek()
    if (c === '-' || (c >= '0' && c <= '9')) return this.number()
    if (c === '"') return this.string()
    if (c === ':') return this.bytes()
    if (c === '?') return this.boolean()
    if (TOKEN_FIRST.test(c)) return this.token()
    return this.fail('expected an item')
  }
  number(): number | Decimal {
    const start = this.pos
    if (this.peek() === '-') this.pos++
    let intDigits = 0
    let fracDigits = -1
    while (!this.done()) {
      const c = this.peek()
      if (c >= '0' && c <= '9') {
        if (fracDigits >= 0) fracDigits++
        else intDigits++
      } else if (c === '.' && fracDigits < 0) {
        if (intDigits > 12) this.fail('decimal too long')
        fracDigits = 0
      } else break
      this.pos++
      if (intDigits > 15) this.fail('integer too long')
    }
    if (intDigits === 0) this.fail('expected a digit')
    const text = this.s.slice(start, this.pos)
    if (fracDigits < 0) return Number.parseInt(text, 10)
    if (fracDigits === 0 || fracDigits > 3) this.fail('decimal needs 1 to 3 fractional digits')
    return new Decimal(Number.parseFloat(text))
  }
  string(): string {
    this.pos++ // "
    let out = ''
    while (!this.done()) {
      const c = this.next()
      if (c === '\\') {
        const e = this.next()
        if (e !== '"' && e !== '\\') this.fail('bad escape in a string')
        out += e
      } else if (c === '"') {
        return out
      } else {
        const code = c.charCodeAt(0)
        if (code < 0x20 || code > 0x7e) this.fail('control or non-ASCII character in a string')
        out += c
      }
    }
    return this.fail('unterminated string')
  }
  bytes(): Uint8Array {
    this.pos++ // :
    const start = this.pos
    while (!this.done() && this.peek() !== ':') {
      if (!BASE64_CHAR.test(this.peek())) this.fail('bad character in a byte sequence')
      this.pos++
    }
    if (this.next() !== ':') this.fail('unterminated byte sequence')
    const bytes = fromBase64(this.s.slice(start, this.pos - 1))
    return bytes ?? this.fail('byte sequence is not canonical base64')
  }
  boolean(): boolean {
    this.pos++ // ?
    const c = this.next()
    if (c === '1') return true
    if (c === '0') return false
    return this.fail('expected ?0 or ?1')
  }
  token(): Token {
    const start = this.pos
    this.pos++
    while (!this.done() && TOKEN_CHAR.test(this.peek())) this.pos++
    return new Token(this.s.slice(start, this.pos))
  }
}

export function serializeBareItem(v: BareItem): string {
  if (typeof v === 'boolean') return v ? '?1' : '?0'
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || Math.abs(v) > MAX_INTEGER)
      throw new StructuredFieldError('integer out of range')
    return String(v)
  }
  if (typeof v === 'string') {
    if (!/^[\x20-\x7e]*$/.test(v)) throw new StructuredFieldError('string with a non-printable character')
    return `"${v.replace(/[\\"]/g, (m) => `\\${m}`)}"`
  }
  if (v instanceof Token) return v.value
  if (v instanceof Decimal) {
    const r = Math.round(v.value * 1000) / 1000
    return Number.isInteger(r) ? `${r}.0` : String(r)
  }
  return `:${toBase64(v)}:`
}

export function serializeParams(params: Params): string {
  let out = ''
  for (const [k, v] of params) out += v === true ? `;${k}` : `;${k}=${serializeBareItem(v)}`
  return out
}

export const serializeItem = (item: Item): string =>
  serializeBareItem(item.value) + serializeParams(item.params)

export function serializeInnerList(list: InnerList): string {
  return `(${list.items.map(serializeItem).join(' ')})${serializeParams(list.params)}`
}

export const serializeMember = (m: Member): string =>
  isInnerList(m) ? serializeInnerList(m) : serializeItem(m)
