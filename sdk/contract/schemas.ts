// The pieces verbs share, defined once. Portable: no node: built-ins here.
import {
  type SchemaOptions,
  type TLiteral,
  type TProperties,
  type TSchema,
  type TUnion,
  Type,
} from '@sinclair/typebox'
import { SCOPES } from './verb.js'

/** The params of a verb: unknown parameters are refused, never ignored. */
export const Params = <T extends TProperties>(props: T) => Type.Object(props, { additionalProperties: false })

/** A verb without parameters. */
export const NoParams = Params({})

/** A result object: every field the handler returns is listed, and no other may appear. */
export const Result = <T extends TProperties>(props: T) => Type.Object(props, { additionalProperties: false })

/** One of a fixed set of strings. */
export const Literals = <const T extends readonly string[]>(values: T, opts: SchemaOptions = {}) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    opts,
  ) as unknown as TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }>

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])

/** An app by name (a DNS label, at most 63) or by id (`app_` + 12): 64 covers both. */
export const AppRef = Type.String({ minLength: 1, maxLength: 64, description: 'app name or id' })

/** A new app's name: a DNS label (hosting checks the characters and says what is wrong). */
export const AppName = Type.String({ minLength: 1, maxLength: 63 })

/** A subdomain of the node's domain. */
export const Sub = Type.String({ minLength: 1, maxLength: 63, description: 'subdomain' })

/** `r3` or `3`. */
export const ReleaseRef = Type.String({ pattern: '^r?[1-9][0-9]{0,8}$' })

/** A folder or file path on the caller's machine. */
export const LocalPath = (description: string) => Type.String({ minLength: 1, maxLength: 4096, description })

/** A duration such as 15m, 2h or 7d. */
export const Duration = (description: string, fallback: string, zero = false) =>
  Type.String({ pattern: `^${zero ? '[0-9]' : '[1-9]'}[0-9]{0,5}(s|m|h|d)$`, default: fallback, description })

export const ScopeName = Literals(SCOPES)

export const Scopes = (description = `comma-separated: ${SCOPES.join(',')}`, minItems?: number) =>
  Type.Array(ScopeName, {
    uniqueItems: true,
    maxItems: SCOPES.length,
    ...(minItems !== undefined ? { minItems } : {}),
    description,
  })

/** One file of a release manifest. */
export const FileEntry = Params({
  path: Type.String({ maxLength: 4096 }),
  hash: Type.String({ maxLength: 128 }),
  size: Type.Integer({ minimum: 0 }),
})

/** What an alias verb answers: the subdomain, what kind of alias it is, and what it serves. */
export const AliasSummary = Result({
  sub: Type.String(),
  type: Nullable(Literals(['app', 'redirect', 'reserved', 'split'])),
  target: Nullable(Type.String()),
})

/** A timestamp as milliseconds since the epoch. */
export const Millis = Type.Integer({ minimum: 0 })
