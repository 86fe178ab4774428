import type { NodeContext } from './context.js'

/**
 * One instance of a service per node context, created on first use. Features hang their stores off the
 * context this way (`const hosting = service(node, createHosting)`) without the context knowing them.
 * `create` is the key: pass a function defined once at module level, never an inline arrow.
 */
const registry = new WeakMap<NodeContext, Map<unknown, unknown>>()

export function service<T>(node: NodeContext, create: (node: NodeContext) => T): T {
  let map = registry.get(node)
  if (!map) {
    map = new Map()
    registry.set(node, map)
  }
  if (!map.has(create)) map.set(create, create(node))
  return map.get(create) as T
}
