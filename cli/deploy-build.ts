import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../sdk/contract/errors.js'

const LOCKS: [string, string][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lockb', 'bun'],
  ['bun.lock', 'bun'],
]

/**
 * docs/hosting.md#deploy: a folder whose package.json has a `build` script is built first (npm, or pnpm/yarn/bun by
 * lock file) and the first of dist/ build/ out/ is deployed. Build output goes to stderr so that stdout
 * stays machine-readable. Returns the folder to deploy.
 */
export function buildIfNeeded(dir: string, log: (s: string) => void): string {
  const pkgFile = join(dir, 'package.json')
  if (!existsSync(pkgFile)) return dir
  let pkg: { scripts?: Record<string, string> }
  try {
    pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as typeof pkg
  } catch {
    throw new AppError('INVALID_ARGUMENT', `${pkgFile} is not valid JSON`)
  }
  if (!pkg.scripts?.build) return dir
  const pm = LOCKS.find(([file]) => existsSync(join(dir, file)))?.[1] ?? 'npm'
  log(`building with ${pm} run build\n`)
  const r = spawnSync(pm, ['run', 'build'], { cwd: dir, stdio: ['ignore', process.stderr, process.stderr] })
  if (r.error || r.status !== 0) {
    throw new AppError('BUILD_FAILED', `${pm} run build failed${r.status ? ` (exit ${r.status})` : ''}`, {
      hint: 'fix the build, or deploy the folder as it is with --no-build',
    })
  }
  for (const out of ['dist', 'build', 'out']) {
    const p = join(dir, out)
    if (existsSync(p) && statSync(p).isDirectory()) return p
  }
  throw new AppError('BUILD_FAILED', 'the build produced none of dist/ build/ out/', {
    hint: 'deploy the output folder itself, or skip the build with --no-build',
  })
}
