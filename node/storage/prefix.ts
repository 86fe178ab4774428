/**
 * The key range holding exactly the keys that start with `prefix`: `from <= key < to` (`to` null: no
 * upper bound). SQLite's BINARY collation compares UTF-8 bytes, which is code point order, so `to` is
 * the prefix with its last code point incremented (dropping trailing U+10FFFF, skipping surrogates).
 * A range, never LIKE/GLOB: `%` and `_` in a prefix are ordinary characters, and the index is used.
 */
export function prefixRange(prefix: string): { from: string; to: string | null } {
  const cps = Array.from(prefix, (c) => c.codePointAt(0) as number)
  while (cps.length > 0) {
    let last = (cps.pop() as number) + 1
    if (last === 0xd800) last = 0xe000
    if (last <= 0x10ffff) {
      cps.push(last)
      return { from: prefix, to: String.fromCodePoint(...cps) }
    }
  }
  return { from: prefix, to: null }
}
