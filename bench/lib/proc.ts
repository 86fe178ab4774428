import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'

/** Starts a child that prints `PORT <n>` when listening; resolves with its port. */
export async function startFloor(
  file: string,
  args: string[] = [],
): Promise<{ port: number; proc: ChildProcess; stop(): Promise<void> }> {
  const proc = spawn(process.execPath, [file, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  const port = await new Promise<number>((resolve, reject) => {
    proc.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d
      const m = /PORT (\d+)/.exec(out)
      if (m) resolve(Number(m[1]))
    })
    proc.on('exit', (c) => reject(new Error(`${file} exited ${c}`)))
  })
  return {
    port,
    proc,
    async stop() {
      if (proc.exitCode !== null) return
      proc.kill('SIGTERM')
      await once(proc, 'exit')
    },
  }
}
