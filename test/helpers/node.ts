import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { type CliOptions, type CliResult, runCli } from './cli.js'
import { type HttpOptions, type HttpResponse, http } from './http.js'
import { faztBin, tempDb } from './paths.js'

export interface TestNode {
  url: string
  port: number
  host: string
  dataPath: string
  pid: number
  proc: ChildProcess
  /** Everything the node printed so far. */
  output(): string
  /** Runs the CLI against this node's data file. */
  cli(args: string[], opts?: CliOptions): Promise<CliResult>
  /** One HTTP request to this node, with any Host header (default: the node's own address). */
  http(path: string, opts?: HttpOptions): Promise<HttpResponse>
  /** SIGTERM and wait for a clean exit; returns the exit code. */
  stop(): Promise<number | null>
  /** SIGKILL (a crash). */
  kill(): Promise<void>
}

export interface StartOptions {
  dataPath?: string
  host?: string
  args?: string[]
  env?: NodeJS.ProcessEnv
  timeoutMs?: number
  /** Run inside this network namespace (`ip netns exec NS …`; needs root). */
  netns?: string
}

/** Starts a real node (`fazt server start`) on port 0 with a temp data file, as a child process. */
export async function startNode(opts: StartOptions = {}): Promise<TestNode> {
  const dataPath = opts.dataPath ?? tempDb()
  const host = opts.host ?? '127.0.0.1'
  const argv = [
    process.execPath,
    faztBin,
    'server',
    'start',
    '--port',
    '0',
    '--host',
    host,
    '--db',
    dataPath,
    ...(opts.args ?? []),
  ]
  const [cmd, ...args] = opts.netns ? ['ip', 'netns', 'exec', opts.netns, ...argv] : argv
  const proc = spawn(cmd as string, args, {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // A test process that dies (or forgets to stop a node) must not leave nodes running behind it.
  const reap = () => proc.kill('SIGKILL')
  process.once('exit', reap)
  proc.once('exit', () => process.removeListener('exit', reap))
  let out = ''
  proc.stdout?.setEncoding('utf8').on('data', (d: string) => {
    out += d
  })
  proc.stderr?.setEncoding('utf8').on('data', (d: string) => {
    out += d
  })
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)))
  const port = await new Promise<number>((resolve, reject) => {
    const deadline = Date.now() + (opts.timeoutMs ?? 15_000)
    const poll = setInterval(() => {
      if (/^ready /m.test(out)) {
        clearInterval(poll)
        const rt = JSON.parse(readFileSync(`${dataPath}.runtime.json`, 'utf8')) as { port: number }
        resolve(rt.port)
      } else if (proc.exitCode !== null || Date.now() > deadline) {
        clearInterval(poll)
        proc.kill('SIGKILL')
        reject(new Error(`node did not start (exit ${proc.exitCode}):\n${out}`))
      }
    }, 20)
  })
  const urlHost = host.includes(':') ? `[${host}]` : host
  const url = `http://${urlHost}:${port}`
  return {
    url,
    port,
    host,
    dataPath,
    pid: proc.pid as number,
    proc,
    output: () => out,
    cli: (args, o) => runCli(['--db', dataPath, ...args], o),
    http: (path, o) => http(`${url}${path}`, o),
    async stop() {
      if (proc.exitCode !== null) return proc.exitCode
      proc.kill('SIGTERM')
      return exited
    },
    async kill() {
      if (proc.exitCode !== null) return
      proc.kill('SIGKILL')
      await exited
    },
  }
}
