// docs/functions.md#modules-and-packages: packages from the app's package.json are bundled at deploy time, so `import x from 'pkg'` and
// `require('pkg')` work in functions. Done here, on the deploying machine, where node_modules is: the
// node never runs a build tool, and a release stays a plain manifest of files. The app's own files are
// deployed as written; only the packages they name go into one extra file, api/.fazt/modules.js, a
// CommonJS module exporting `{ 'pkg': () => require('pkg'), … }` that the sandbox loads on first use.
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppError } from '../sdk/contract/errors.js'
import type { LocalFile } from './deploy-walk.js'

export const VENDOR_PATH = 'api/.fazt/modules.js'
const CODE = /^api\/(?!\.fazt\/).*\.(js|mjs|cjs)$/
const BUILTINS = new Set(builtinModules)
const PATTERNS = [
  /\brequire\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g,
  /\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"\n]+)['"]/g,
  /\bimport\s*\(?\s*['"]([^'"\n]+)['"]/g,
]

/** The packages the app's functions import, bundled into one file; [] when they import none. */
export async function bundleFunctions(
  root: string,
  files: LocalFile[],
  log: (s: string) => void,
): Promise<LocalFile[]> {
  const code = files.filter((f) => CODE.test(f.path))
  if (code.length === 0) return []
  const paths = new Set(files.map((f) => f.path))
  // Cheap first look: most apps import no package, and then esbuild is never loaded.
  if (!code.some((f) => importsOf(readFileSync(f.abs, 'utf8')).some((s) => isPackage(s, paths)))) return []
  const { build } = await import('esbuild')
  const specs = new Set<string>()
  for (const f of code) for (const s of await scan(build, f.abs)) if (isPackage(s, paths)) specs.add(s)
  if (specs.size === 0) return []
  const list = [...specs].sort()
  log(`bundling ${list.length} package${list.length === 1 ? '' : 's'} for functions: ${list.join(', ')}\n`)
  const entry = `module.exports = {\n${list.map((s) => `  ${JSON.stringify(s)}: () => require(${JSON.stringify(s)}),`).join('\n')}\n}\n`
  let text: string
  try {
    const out = await build({
      stdin: { contents: entry, resolveDir: join(root, 'api'), sourcefile: 'fazt-modules.js', loader: 'js' },
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'browser',
      target: 'es2022',
      mainFields: ['browser', 'module', 'main'],
      external: [...BUILTINS, 'node:*'],
      define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
      minifyWhitespace: true,
      minifySyntax: true,
      legalComments: 'none',
      logLevel: 'silent',
    })
    text = out.outputFiles[0]?.text ?? ''
  } catch (e) {
    const first = (e as { errors?: { text: string }[] }).errors?.[0]?.text ?? (e as Error).message
    throw new AppError('BUILD_FAILED', `cannot bundle the packages of api/: ${first}`, {
      hint: 'list them in package.json and run npm install in the app folder, then deploy again',
    })
  }
  const dir = mkdtempSync(join(tmpdir(), 'fazt-bundle-'))
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  const abs = join(dir, 'modules.js')
  writeFileSync(abs, text)
  const bytes = Buffer.from(text)
  return [
    { path: VENDOR_PATH, abs, size: bytes.length, hash: createHash('sha256').update(bytes).digest('hex') },
  ]
}

type Build = typeof import('esbuild').build

/** The modules a file imports, as esbuild parses it; by pattern if esbuild cannot parse it. */
async function scan(build: Build, abs: string): Promise<string[]> {
  const found: string[] = []
  try {
    await build({
      entryPoints: [abs],
      bundle: true,
      write: false,
      logLevel: 'silent',
      plugins: [
        {
          name: 'fazt-scan',
          setup(b) {
            b.onResolve({ filter: /.*/ }, (a) => {
              if (a.kind === 'entry-point') return undefined
              found.push(a.path)
              return { path: a.path, external: true }
            })
          },
        },
      ],
    })
    return found
  } catch {
    return importsOf(readFileSync(abs, 'utf8'))
  }
}

/** Module names in import/require/export-from statements, by pattern (comments included). */
export function importsOf(src: string): string[] {
  const out: string[] = []
  for (const re of PATTERNS) for (const m of src.matchAll(re)) out.push(m[1] as string)
  return out
}

/** A bare name that is neither relative, a Node built-in, nor a file under api/ (which the sandbox prefers). */
function isPackage(spec: string, paths: Set<string>): boolean {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:')) return false
  if (BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0] as string)) return false
  for (const ext of ['', '.js', '.mjs', '.cjs', '.json', '/index.js'])
    if (paths.has(`api/${spec}${ext}`)) return false
  return /^(@[\w.-]+\/)?[\w.-]+(\/.*)?$/.test(spec)
}
