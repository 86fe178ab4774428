import type { AddressInfo } from 'node:net'
import { AppError } from '../sdk/contract/errors.js'
import type { ServerStartParams } from '../sdk/contract/verbs/server.js'
import { controlPlugin } from './control/plugin.js'
import type { NodeContext } from './core/context.js'
import { currentVersion } from './core/db-migrate.js'
import { type RuntimeInfo, readRuntime, removeRuntime, writeRuntime } from './core/running-file.js'
import { VERSION } from './core/version.js'
import { resolveStartDomain } from './domain/start-domain.js'
import { startFunctions } from './functions/functions.js'
import { manifestPolicy, resolveAppByAlias } from './hosting/realtime-bridge.js'
import { buildHttp } from './http/app.js'
import { peerRoutes } from './http/peer-routes.js'
import { createSiteServer, fastSite } from './http/site.js'
import { functionsSite, withFunctions } from './http/site-functions.js'
import { settleHostBinding } from './peering/host-binding.js'
import { signedOwnRecord } from './peering/peers.js'
import { rpcGateway } from './peering/rpc-gateway.js'
import { realtimePlugin } from './realtime/plugin.js'
import { realtimeSlot } from './realtime/slot.js'
import { startNodeKvSweeper } from './storage/node-storage.js'
import { call, dispatch } from './verbs/dispatch.js'
import { nodeIdentityFacts } from './verbs/facts.js'

export interface StartFact {
  fact: string
  value: string
}

export interface RunningServer {
  info: RuntimeInfo
  /** Stops accepting, lets in-flight requests finish, removes the runtime file. */
  close(): Promise<void>
}

/** Starts serving this node. The caller decides when to close (signals are wired by the verb). */
export async function startServer(
  node: NodeContext,
  params: ServerStartParams,
  emit: (f: StartFact) => void,
): Promise<RunningServer> {
  const t0 = performance.now()
  const other = readRuntime(node.dataPath)
  if (other && other.pid !== process.pid) {
    throw new AppError(
      'CONFLICT',
      `a node is already running on ${node.dataPath} (pid ${other.pid}, port ${other.port})`,
      {
        hint: 'stop it first, or start another node with its own --db',
      },
    )
  }
  const domain = resolveStartDomain(node, params.domain, params.host ? { bindHost: params.host } : {})
  emit({ fact: 'data file', value: `${node.dataPath} (schema ${currentVersion(node.db)})` })
  const copied = settleHostBinding(node)
  if (copied) emit({ fact: 'copied', value: copied })
  const id = nodeIdentityFacts(node)
  if (id.node_id) emit({ fact: 'node id', value: id.node_id })
  emit({ fact: 'domain', value: `${domain.domain} (${domain.source})` })
  if (domain.rewrittenFrom)
    emit({
      fact: 'moved',
      value: `stored domain ${domain.rewrittenFrom} is not on this machine; kept for a move back`,
    })
  if (domain.warning) emit({ fact: 'warning', value: domain.warning })

  // Realtime finds apps through hosting's aliases and opens what each app's manifest.json opens.
  const slot = realtimeSlot(node)
  slot.resolveApp ??= resolveAppByAlias(node, () => domain.domain)
  slot.publishPolicy ??= manifestPolicy(node)
  // Functions (docs/functions.md): /api/* on app hosts, run in worker threads; `fazt.realtime.*` reaches the live broker.
  const functions = startFunctions(node, { realtime: (a) => realtimeSlot(node).broker?.forApp(a) })
  const app = await buildHttp({
    version: VERSION,
    nodeId: () => id.node_id,
    domain: () => domain.domain,
    fastSite: fastSite(
      withFunctions(functionsSite(node, functions.pool, functions.limits), createSiteServer(node)),
      () => domain.domain,
    ),
    plugins: [
      peerRoutes({
        record: () => signedOwnRecord(node),
        gateway: (onError) => rpcGateway(node, (caller, verb, p) => dispatch(node, caller, verb, p), onError),
      }),
      realtimePlugin(node, () => domain.domain),
      controlPlugin(node, (verb, p) => call(node, { kind: 'local' }, verb, p)),
    ],
  })
  const host = params.host ?? '0.0.0.0'
  try {
    await app.listen({ port: params.port ?? 8080, host })
  } catch (e) {
    await app.close()
    await functions.close()
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') {
      throw new AppError('PORT_IN_USE', `port ${params.port} on ${host} is already in use`, {
        hint: 'stop the other program, or pick another port with --port (0 picks a free one)',
      })
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') {
      throw new AppError('INVALID_ARGUMENT', `cannot listen on ${host}:${params.port}: ${code}`, {
        hint: 'use an address of this machine with --host, and a port above 1023 unless running as root',
      })
    }
    throw e
  }
  const port = (app.server.address() as AddressInfo).port
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  const urls = [`http://${shown}:${port}`, `http://${domain.domain}:${port}`]
  const info: RuntimeInfo = {
    pid: process.pid,
    port,
    host,
    urls,
    domain: domain.domain,
    domain_source: domain.source,
    started_at: node.clock.now(),
    version: VERSION,
  }
  node.running = info
  writeRuntime(node.dataPath, info)
  const sweeper = startNodeKvSweeper(node)
  emit({ fact: 'listening', value: `${host}:${port}` })
  for (const u of urls) emit({ fact: 'url', value: u })
  emit({ fact: 'ready', value: `in ${Math.round(performance.now() - t0)} ms (pid ${process.pid})` })

  let closing: Promise<void> | undefined
  return {
    info,
    close() {
      closing ??= (async () => {
        sweeper.stop()
        await app.close()
        await functions.close()
        removeRuntime(node.dataPath)
        delete node.running
      })()
      return closing
    },
  }
}
