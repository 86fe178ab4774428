import { spawn } from 'node:child_process'
import { faztBin, tempDir } from './paths.js'

const isolatedHome = tempDir('fazt-home-')

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** stdout parsed as JSON (throws with the output when it is not JSON). */
  json<T = unknown>(): T
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv
  cwd?: string
  input?: string
  timeoutMs?: number
}

/** Runs the real `fazt` command as a child process. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // A CLI run that names no data file must never reach the user's real ~/.fazt.
    const env: NodeJS.ProcessEnv = { ...process.env, FAZT_HOME: isolatedHome, FAZT_DB: '', ...opts.env }
    delete env.FORCE_COLOR
    const child = spawn(process.execPath, [faztBin, ...args], {
      env,
      cwd: opts.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d
    })
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({
        code,
        signal,
        stdout,
        stderr,
        json<T>() {
          try {
            return JSON.parse(stdout) as T
          } catch {
            throw new Error(`not JSON (exit ${code}):\nstdout: ${stdout}\nstderr: ${stderr}`)
          }
        },
      })
    })
    child.stdin.end(opts.input ?? '')
  })
}
