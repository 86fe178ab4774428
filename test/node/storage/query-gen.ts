// Generators of documents and queries for the generative test: small vocabularies, so that queries hit
// often, with the awkward cases (missing fields, nulls, nested paths, arrays, mixed types, odd keys).

export type Rand = () => number

export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T
export const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1))

export const STRINGS = [
  '',
  'a',
  'b',
  'ab',
  'abc',
  'A',
  'B',
  'é',
  'e\u0301',
  '😀',
  'z😀',
  '\uffff',
  '%',
  '_',
  'a%b',
  'a_b',
  "'",
  '"',
  '\\',
  'x y',
  '1',
  'true',
  'null',
  'a\u0000b',
  '\n',
  'ß',
  'Ω',
] as const
export const NUMBERS = [
  0,
  1,
  -1,
  2,
  3,
  1.5,
  -2.25,
  10,
  100,
  1e21,
  2 ** 60,
  -(2 ** 53),
  1e-7,
  123456789012345680000,
  0.1 + 0.2,
] as const
export const SCALARS = [...STRINGS, ...NUMBERS, true, false, null] as const
export const KEYS = [
  'a',
  'b',
  'c',
  'tags',
  'n',
  'x y',
  'q"t',
  'back\\slash',
  'é',
  '😀',
  '0',
  '__proto__',
] as const

function value(r: Rand, depth: number): unknown {
  const x = r()
  if (depth < 3 && x < 0.12) {
    const arr: unknown[] = []
    for (let i = int(r, 0, 4); i > 0; i--) arr.push(r() < 0.85 ? pick(r, SCALARS) : value(r, depth + 1))
    return arr
  }
  if (depth < 3 && x < 0.22) return object(r, depth + 1)
  return pick(r, SCALARS)
}

function object(r: Rand, depth: number): Record<string, unknown> {
  const o: Record<string, unknown> = {}
  for (let i = int(r, 0, 4); i > 0; i--) {
    // defineProperty: a `__proto__` key is then an own field, as JSON.parse would make it.
    Object.defineProperty(o, pick(r, KEYS), {
      value: value(r, depth),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return o
}

export function genDoc(r: Rand): Record<string, unknown> {
  const d = object(r, 0)
  if (r() < 0.5) d.a = pick(r, SCALARS)
  if (r() < 0.4) d.tags = Array.from({ length: int(r, 0, 4) }, () => pick(r, SCALARS))
  if (r() < 0.4)
    d.n = {
      a: pick(r, SCALARS),
      b: r() < 0.5 ? pick(r, NUMBERS) : pick(r, STRINGS),
      n: { a: pick(r, SCALARS) },
    }
  return d
}

export const FIELDS = [
  'a',
  'b',
  'c',
  'tags',
  'n',
  'n.a',
  'n.b',
  'n.n.a',
  'n.n',
  'x y',
  'q"t',
  'back\\slash',
  'é',
  '😀',
  '0',
  '__proto__',
  'nope',
  'a.b',
  'id',
  '_createdAt',
  '_updatedAt',
  'id.x',
  'tags.0',
  'n.tags',
] as const

function operand(r: Rand, field: string, ids: readonly string[], times: readonly number[]): unknown {
  if (field === 'id' && r() < 0.6) return pick(r, ids)
  if ((field === '_createdAt' || field === '_updatedAt') && r() < 0.7) return pick(r, times)
  return pick(r, SCALARS)
}

function condition(r: Rand, field: string, ids: readonly string[], times: readonly number[]): unknown {
  const o = () => operand(r, field, ids, times)
  const ordered = () => {
    const v = o()
    return typeof v === 'number' || typeof v === 'string' ? v : pick(r, NUMBERS)
  }
  const list = () => Array.from({ length: int(r, 0, 5) }, o)
  const ops: (() => [string, unknown])[] = [
    () => ['$eq', o()],
    () => ['$ne', o()],
    () => [pick(r, ['$gt', '$gte', '$lt', '$lte']), ordered()],
    () => ['$in', list()],
    () => ['$nin', list()],
    () => ['$contains', r() < 0.7 ? pick(r, [...STRINGS, 'a', 'b', 'a']) : o()],
    () => ['$exists', r() < 0.5],
  ]
  if (r() < 0.3) return o()
  const c: Record<string, unknown> = {}
  for (let i = int(r, 1, 2); i > 0; i--) {
    const [name, arg] = pick(r, ops)()
    c[name] = arg
  }
  return c
}

export function genQuery(
  r: Rand,
  ids: readonly string[],
  times: readonly number[],
  depth = 0,
): Record<string, unknown> {
  const q: Record<string, unknown> = {}
  for (let i = int(r, 0, 3); i > 0; i--) {
    const x = r()
    if (depth < 3 && x < 0.15)
      q.$or = Array.from({ length: int(r, 1, 3) }, () => genQuery(r, ids, times, depth + 1))
    else if (depth < 3 && x < 0.25)
      q.$and = Array.from({ length: int(r, 1, 3) }, () => genQuery(r, ids, times, depth + 1))
    else {
      const field = pick(r, FIELDS)
      Object.defineProperty(q, field, {
        value: condition(r, field, ids, times),
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
  }
  return q
}
