import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'

/** What a running node tells CLIs on the same machine (docs/running.md#the-runtime-file-and-the-control-socket). Lives next to the data file. */
export interface RuntimeInfo {
  pid: number
  port: number
  host: string
  urls: string[]
  domain: string
  domain_source: 'flag' | 'stored' | 'detected'
  started_at: number
  version: string
}

export function runtimePath(dataPath: string): string {
  return `${dataPath}.runtime.json`
}

export function writeRuntime(dataPath: string, info: RuntimeInfo): void {
  const file = runtimePath(dataPath)
  writeFileSync(`${file}.tmp`, JSON.stringify(info), { mode: 0o600 })
  renameSync(`${file}.tmp`, file)
}

/** Only removes the file if it still names this process (a newer node may have replaced it). */
export function removeRuntime(dataPath: string, pid: number = process.pid): void {
  const current = readRuntimeRaw(dataPath)
  if (current && current.pid !== pid) return
  rmSync(runtimePath(dataPath), { force: true })
}

/** The running node for this data file, or undefined when none runs (a stale file is ignored). */
export function readRuntime(dataPath: string): RuntimeInfo | undefined {
  const info = readRuntimeRaw(dataPath)
  if (!info) return undefined
  return isAlive(info.pid) ? info : undefined
}

function readRuntimeRaw(dataPath: string): RuntimeInfo | undefined {
  try {
    const v = JSON.parse(readFileSync(runtimePath(dataPath), 'utf8')) as RuntimeInfo
    return typeof v.pid === 'number' && typeof v.port === 'number' ? v : undefined
  } catch {
    return undefined
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
