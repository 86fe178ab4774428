// Static serving req/s of a real fazt node against nginx (one worker) serving the same files, same run:
// a small file, a 1 MiB file, and the 304 path (If-None-Match). wrk, keep-alive, interleaved runs.
// Usage: npm run bench -- static   (prints JSON). Needs wrk and nginx (apt-get install -y wrk nginx-light).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { startNode } from '../test/helpers/node.js'
import { tempDir } from '../test/helpers/paths.js'
import { median, round } from './lib/stats.js'
import { haveWrk, interleaved } from './lib/wrk.js'

const NGINX = '/usr/sbin/nginx'
if (!haveWrk() || spawnSync(NGINX, ['-v']).error) {
  console.error('wrk and nginx are needed: apt-get install -y wrk nginx-light')
  process.exit(1)
}
const runs = Number(process.env.RUNS ?? 3)
const seconds = Number(process.env.SECONDS ?? 5)
const connections = Number(process.env.CONNECTIONS ?? 50)

// The site: a small HTML file, a 1 MiB binary file (not compressible, so both send identical bytes).
const dir = tempDir('fazt-bench-static-')
const site = join(dir, 'site')
mkdirSync(join(site, 'assets'), { recursive: true })
const small = `<!doctype html><title>bench</title><p>${'hello '.repeat(100)}</p>\n`
writeFileSync(join(site, 'index.html'), small)
writeFileSync(join(site, 'assets', 'big.bin'), randomBytes(1024 * 1024))

const fazt = await startNode()
const deployed = await fazt.cli(['--json', 'app', 'deploy', site, '--name', 'bench'])
if (deployed.code !== 0) throw new Error(`deploy failed: ${deployed.stderr}`)
const etag = (await fazt.http('/', { host: 'bench.localhost' })).headers.etag as string

const nginxPort = await freePort()
const nginx = startNginx(dir, site, nginxPort)
await waitHttp(nginxPort)
const nginxEtag = await etagOf(nginxPort)

// The ceiling of any node:http server: the same bytes from memory with the same headers, nothing else.
const bare = await startBareNode(small, etag)

const host = { Host: 'bench.localhost' }
const cases: Record<string, { url: string; headers?: Record<string, string> }> = {
  fazt_small: { url: `${fazt.url}/index.html`, headers: host },
  nginx_small: { url: `http://127.0.0.1:${nginxPort}/index.html` },
  fazt_1mib: { url: `${fazt.url}/assets/big.bin`, headers: host },
  nginx_1mib: { url: `http://127.0.0.1:${nginxPort}/assets/big.bin` },
  fazt_304: { url: `${fazt.url}/index.html`, headers: { ...host, 'If-None-Match': etag } },
  nginx_304: { url: `http://127.0.0.1:${nginxPort}/index.html`, headers: { 'If-None-Match': nginxEtag } },
  node_http_small: { url: `http://127.0.0.1:${bare.port}/index.html` },
}
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]))
const errors: Record<string, number> = {}
try {
  for (const [name, rs] of Object.entries(interleaved(cases, { runs, seconds, connections }))) {
    samples[name] = rs.map((r) => r.rps)
    errors[name] = rs.reduce((n, r) => n + r.errors, 0)
  }
} finally {
  await fazt.stop()
  nginx.kill('SIGTERM')
  bare.proc.kill('SIGTERM')
}
const m = (k: string) => median(samples[k] ?? [])
console.log(
  JSON.stringify(
    {
      figure: 'static_rps',
      tool: `wrk -t1 -c${connections} keep-alive`,
      floor: 'nginx, worker_processes 1, same files',
      runs,
      seconds,
      small_file_bytes: Buffer.byteLength(small),
      small: {
        fazt_rps: round(m('fazt_small'), 0),
        nginx_rps: round(m('nginx_small'), 0),
        ratio: round(m('fazt_small') / m('nginx_small')),
      },
      one_mib: {
        fazt_rps: round(m('fazt_1mib'), 0),
        nginx_rps: round(m('nginx_1mib'), 0),
        ratio: round(m('fazt_1mib') / m('nginx_1mib')),
      },
      not_modified_304: {
        fazt_rps: round(m('fazt_304'), 0),
        nginx_rps: round(m('nginx_304'), 0),
        ratio: round(m('fazt_304') / m('nginx_304')),
      },
      node_http_same_file: {
        rps: round(m('node_http_small'), 0),
        ratio_to_nginx: round(m('node_http_small') / m('nginx_small')),
        fazt_ratio_to_it: round(m('fazt_small') / m('node_http_small')),
      },
      target_small_ratio: 0.75,
      non_2xx_3xx: errors,
      samples,
    },
    null,
    2,
  ),
)

function startNginx(root: string, docroot: string, port: number): ChildProcess {
  const conf = join(root, 'nginx.conf')
  writeFileSync(
    conf,
    `user root;
worker_processes 1;
daemon off;
pid ${join(root, 'nginx.pid')};
error_log ${join(root, 'nginx-error.log')} warn;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path ${root};
  proxy_temp_path ${root};
  fastcgi_temp_path ${root};
  uwsgi_temp_path ${root};
  scgi_temp_path ${root};
  server { listen 127.0.0.1:${port}; root ${docroot}; }
}
`,
  )
  return spawn(NGINX, ['-c', conf, '-p', root], { stdio: 'inherit' })
}

async function startBareNode(body: string, tag: string): Promise<{ port: number; proc: ChildProcess }> {
  const code = `
    const body = Buffer.from(${JSON.stringify(body)})
    const head = ['Content-Type', 'text/html; charset=utf-8', 'Accept-Ranges', 'bytes', 'ETag', ${JSON.stringify(tag)},
      'Cache-Control', 'no-cache', 'Vary', 'Accept-Encoding', 'Content-Length', String(body.length)]
    const s = require('node:http').createServer((req, res) => { res.writeHead(200, head); res.end(body) })
    s.keepAliveTimeout = 72000
    s.listen(0, '127.0.0.1', () => console.log('PORT ' + s.address().port))`
  const proc = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await new Promise<number>((resolve) => {
    proc.stdout?.setEncoding('utf8').on('data', (d: string) => {
      const m = /PORT (\d+)/.exec(d)
      if (m) resolve(Number(m[1]))
    })
  })
  return { port, proc }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

async function waitHttp(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/index.html`)
      return
    } catch {
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  throw new Error('nginx did not start')
}

async function etagOf(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/index.html`)).headers.get('etag') ?? ''
}
