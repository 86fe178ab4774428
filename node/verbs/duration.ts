import { AppError } from '../../sdk/contract/errors.js'

const UNIT = { s: 1, m: 60, h: 3600, d: 86_400 } as const

/** `15m`, `2h`, `7d` → seconds, between `min` and 30 days. */
export function parseDuration(text: string, what: string, min = 1): number {
  const m = /^(\d{1,6})(s|m|h|d)$/.exec(text)
  const n = m ? Number(m[1]) * UNIT[m[2] as keyof typeof UNIT] : Number.NaN
  if (!(n >= min && n <= 30 * 86_400)) {
    throw new AppError('INVALID_ARGUMENT', `${what} "${text}" must be between ${min}s and 30d`, {
      hint: 'e.g. 15m, 2h, 7d',
    })
  }
  return n
}
