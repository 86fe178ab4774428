// Build step: bundles the CLI (dist/cli/main.js and what it loads) into dist/cli-bundle/ with esbuild, so
// `fazt` starts without resolving and compiling dozens of small modules. Dynamic imports stay separate
// chunks (the server, the peer client and deploy load only when used). Native and heavyweight packages
// stay external; worker threads and processes run the plain dist/ files.
import { build } from 'esbuild'

await build({
  entryPoints: ['dist/cli/main.js'],
  outdir: 'dist/cli-bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: [
    'better-sqlite3',
    'fastify',
    '@fastify/*',
    'ws',
    'esbuild',
    'quickjs-emscripten-core',
    '@jitl/*',
  ],
  // CommonJS dependencies call require(): give the ESM chunks one.
  banner: {
    js: "import { createRequire as __faztRequire } from 'node:module'; const require = __faztRequire(import.meta.url);",
  },
  logLevel: 'warning',
  legalComments: 'none',
})
console.log('cli bundle: dist/cli-bundle/')
