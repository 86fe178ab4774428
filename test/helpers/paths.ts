import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (tests run compiled from dist/test/…). */
export const repoRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json')) || dir.endsWith('dist')) dir = dirname(dir)
  return dir
})()

export const faztBin = join(repoRoot, 'bin', 'fazt')

/** A fresh temp folder, removed when the process exits. */
export function tempDir(prefix = 'fazt-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** A path for a data file that does not exist yet, in its own temp folder. */
export function tempDb(): string {
  return join(tempDir(), 'data.db')
}
