import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/**
 * The package's own folder, found from this module whether it runs from dist/ (tsc output) or from the
 * bundled CLI (dist/cli-bundle/): migrations, package.json and worker entry files are read from here.
 */
export const packageRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir)
    if (up === dir) throw new Error('fazt: package.json not found above the running code')
    dir = up
  }
  return dir
})()

/** A compiled module of dist/ by its path there (worker entry points must be files of their own). */
export const distUrl = (path: string): URL => pathToFileURL(join(packageRoot, 'dist', path))
