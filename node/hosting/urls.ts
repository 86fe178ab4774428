import type { NodeContext } from '../core/context.js'
import { readRuntime } from '../core/running-file.js'
import { resolveDomainFacts } from '../domain/start-domain.js'

/** Where this node serves a subdomain: `http://<sub>.<domain>[:port]`, the root alias at the bare domain. */
export function hostUrl(node: NodeContext, sub: string): string {
  const rt = node.running ?? readRuntime(node.dataPath)
  const domain = rt?.domain ?? resolveDomainFacts(node).domain
  const port = rt && rt.port !== 80 ? `:${rt.port}` : ''
  return sub === 'root' ? `http://${domain}${port}` : `http://${sub}.${domain}${port}`
}

/** The preview URL of one release (docs/routing.md#hosts): `<app>--r<N>.<domain>`. */
export function previewUrl(node: NodeContext, app: string, release: number): string {
  return hostUrl(node, `${app}--r${release}`)
}
