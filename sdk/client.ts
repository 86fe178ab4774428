// The programmatic face of a node: the same verbs as the CLI, typed. Portable: no node: built-ins.
import { findVerb } from './contract/catalogue.js'
import { AppError } from './contract/errors.js'
import type { ServerInfo, VersionResult } from './contract/verbs/system.js'
import type { CallOptions, Transport } from './transport.js'

export interface Client {
  verb<T = unknown>(name: string, params?: Record<string, unknown>, opts?: CallOptions): Promise<T>
  server: { info(): Promise<ServerInfo> }
  version(): Promise<VersionResult>
}

export interface NodeClient extends Client {
  /** The same verbs, run on the paired peer `name` over the signed protocol. */
  peer(name: string): Client
  close(): Promise<void>
}

export function createClient(transport: Transport): Client {
  const verb = <T>(name: string, params: Record<string, unknown> = {}, opts?: CallOptions) => {
    if (!findVerb(name)) {
      return Promise.reject(new AppError('UNKNOWN_VERB', `no verb named "${name}"`))
    }
    return transport.call(name, params, opts) as Promise<T>
  }
  return {
    verb,
    server: { info: () => verb<ServerInfo>('server.info') },
    version: () => verb<VersionResult>('version'),
  }
}
