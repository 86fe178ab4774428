import { AppError } from '../../sdk/contract/errors.js'
import type { NodeContext } from '../core/context.js'
import { checkSub } from './alias-store.js'
import { requireHostedApp } from './apps.js'
import { hosting } from './hosting.js'
import { describeAlias } from './queries.js'

function summary(node: NodeContext, sub: string) {
  const row = hosting(node).aliases.get(sub)
  if (!row) return { sub, type: null, target: null }
  return { sub, type: row.type, target: describeAlias(node, row).target }
}

/** Points SUB at APP, replacing whatever SUB pointed at. */
export function link(node: NodeContext, sub: string, app: string) {
  const h = hosting(node)
  h.write(() => {
    checkSub(sub)
    h.aliases.set(sub, 'app', requireHostedApp(node.db, app).id, {}, node.clock.now())
  })
  return summary(node, sub)
}

export function unlink(node: NodeContext, sub: string) {
  const h = hosting(node)
  const removed = h.write(() => h.aliases.remove(sub))
  if (!removed) throw new AppError('NOT_FOUND', `no alias "${sub}"`, { hint: 'see `fazt alias list`' })
  return { sub, removed: true }
}

export function reserve(node: NodeContext, sub: string) {
  const h = hosting(node)
  h.write(() => h.aliases.set(checkSub(sub), 'reserved', null, {}, node.clock.now()))
  return summary(node, sub)
}

/** SUB answers with a redirect to URL, the request's path and query appended. */
export function redirect(node: NodeContext, sub: string, url: string) {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new AppError('INVALID_ARGUMENT', `"${url.slice(0, 200)}" is not a URL`, {
      hint: 'e.g. https://example.com',
    })
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new AppError('INVALID_ARGUMENT', 'a redirect goes to an http:// or https:// URL')
  }
  if (u.search || u.hash) {
    throw new AppError(
      'INVALID_ARGUMENT',
      'a redirect target has no query or fragment: the request’s own are appended',
    )
  }
  const target = `${u.origin}${u.pathname.replace(/\/+$/, '')}`
  const h = hosting(node)
  h.write(() => h.aliases.set(checkSub(sub), 'redirect', null, { url: target }, node.clock.now()))
  return summary(node, sub)
}

/** Exchanges the targets of two aliases in one transaction (blue/green). */
export function swap(node: NodeContext, a: string, b: string) {
  if (a === b) throw new AppError('INVALID_ARGUMENT', 'swap needs two different aliases')
  const h = hosting(node)
  h.write(() => {
    const ra = h.aliases.get(a)
    const rb = h.aliases.get(b)
    if (!ra || !rb)
      throw new AppError('NOT_FOUND', `no alias "${ra ? b : a}"`, { hint: 'see `fazt alias list`' })
    const now = node.clock.now()
    h.aliases.restore(rb, a, now)
    h.aliases.restore(ra, b, now)
  })
  return [summary(node, a), summary(node, b)]
}

/** SUB splits fresh visitors between apps by weight (`blog=70 blog-v2=30`, summing to 100). */
export function split(node: NodeContext, sub: string, specs: string[]) {
  const h = hosting(node)
  h.write(() => {
    checkSub(sub)
    const targets = specs.map((s) => {
      const m = /^([a-z0-9][a-z0-9-]*)=([0-9]{1,3})$/.exec(s)
      if (!m)
        throw new AppError('INVALID_ARGUMENT', `"${s}" is not APP=WEIGHT`, {
          hint: 'e.g. blog=70 blog-v2=30',
        })
      return { app_id: requireHostedApp(node.db, m[1] as string).id, weight: Number(m[2]) }
    })
    if (targets.length < 2) throw new AppError('INVALID_ARGUMENT', 'a split needs at least two apps')
    if (new Set(targets.map((t) => t.app_id)).size !== targets.length) {
      throw new AppError('INVALID_ARGUMENT', 'each app may appear once in a split')
    }
    const sum = targets.reduce((n, t) => n + t.weight, 0)
    if (sum !== 100 || targets.some((t) => t.weight === 0)) {
      throw new AppError('INVALID_ARGUMENT', `weights must be positive and sum to 100 (got ${sum})`)
    }
    h.aliases.set(sub, 'split', null, { targets }, node.clock.now())
  })
  return summary(node, sub)
}
