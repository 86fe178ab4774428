import { pickVariant, type Resolution, type Variant } from '../hosting/site-resolver.js'

type Split = Extract<Resolution, { kind: 'split' }>

const STICKY_SECONDS = 30 * 24 * 3600

/**
 * docs/hosting.md#traffic-split: a visitor holding `fazt_variant_<sub>` naming a current target keeps it; anyone else is
 * assigned by weight and handed the cookie (the app id, stable across renames).
 */
export function chooseVariant(
  split: Split,
  cookieHeader: string | undefined,
  random: () => number,
): { variant: Variant; headers: string[] } {
  const held = cookieHeader ? readCookie(cookieHeader, split.cookie) : undefined
  if (held) {
    const v = split.variants.find((x) => x.appId === held)
    if (v) return { variant: v, headers: ['Vary', 'Cookie'] }
  }
  const variant = pickVariant(split.variants, random)
  return {
    variant,
    headers: [
      'Set-Cookie',
      `${split.cookie}=${variant.appId}; Path=/; Max-Age=${STICKY_SECONDS}; SameSite=Lax; HttpOnly`,
      'Vary',
      'Cookie',
    ],
  }
}

function readCookie(header: string, name: string): string | undefined {
  let i = header.indexOf(`${name}=`)
  while (i >= 0) {
    if (i === 0 || header[i - 1] === ' ' || header[i - 1] === ';') {
      const start = i + name.length + 1
      const stop = header.indexOf(';', start)
      return header.slice(start, stop < 0 ? undefined : stop).trim()
    }
    i = header.indexOf(`${name}=`, i + 1)
  }
  return undefined
}
