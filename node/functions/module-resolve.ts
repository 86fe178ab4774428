import { builtinModules } from 'node:module'
import { posix } from 'node:path'

/** Where an import or require of app code leads. */
export type Resolved =
  | { kind: 'file'; path: string }
  /** A package from the app's package.json, bundled at deploy into VENDOR_FILE. */
  | { kind: 'package'; name: string }
  | { kind: 'error'; message: string }

/** The deploy client bundles the app's npm packages into this file (cli/bundle-functions.ts). */
export const VENDOR_FILE = 'api/.fazt/modules.js'

const BUILTINS = new Set(builtinModules)
const PROBES = ['', '.js', '.mjs', '.cjs', '.json', '/index.js', '/index.mjs', '/index.cjs']

/**
 * Resolves `spec` imported from the file `from` (both release paths) against the files of the release.
 * Only files under api/ can be loaded (docs/functions.md#modules-and-packages). A bare name is a file under api/ when one matches (as in
 * the original, which read `require('x.js')` as api/x.js), else a package.
 */
export function resolveModule(from: string, spec: string, files: ReadonlySet<string>): Resolved {
  if (typeof spec !== 'string' || spec === '' || spec.length > 1024) {
    return { kind: 'error', message: 'a module name must be a non-empty string' }
  }
  if (spec.startsWith('node:') || BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0] as string)) {
    return {
      kind: 'error',
      message: `"${spec}" is a Node.js module; functions run in a sandbox without Node's modules (use fazt.* instead)`,
    }
  }
  const relative = spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..'
  if (relative || spec.startsWith('/')) {
    const base = spec.startsWith('/') ? 'api' : posix.dirname(from)
    const joined = posix.normalize(posix.join(base, spec.startsWith('/') ? spec.slice(1) : spec))
    if (!joined.startsWith('api/')) {
      return {
        kind: 'error',
        message: `cannot load "${spec}" from ${from}: only files under api/ can be loaded`,
      }
    }
    const hit = probe(joined, files)
    return hit ? { kind: 'file', path: hit } : notFound(spec, from)
  }
  const local = probe(posix.normalize(`api/${spec}`), files)
  if (local?.startsWith('api/')) return { kind: 'file', path: local }
  return { kind: 'package', name: spec }
}

function probe(path: string, files: ReadonlySet<string>): string | undefined {
  for (const ext of PROBES) if (files.has(path + ext)) return path + ext
  return undefined
}

function notFound(spec: string, from: string): Resolved {
  return { kind: 'error', message: `cannot find module "${spec}" from ${from}` }
}

/** How a file is evaluated: by its extension, or for .js by its syntax (decided by the sandbox). */
export function declaredFormat(path: string): 'esm' | 'cjs' | 'json' | undefined {
  if (path.endsWith('.mjs')) return 'esm'
  if (path.endsWith('.cjs')) return 'cjs'
  if (path.endsWith('.json')) return 'json'
  return undefined
}
