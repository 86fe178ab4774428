// Floor for bench/peer: the same verb, dispatched by the same code, over plain unsigned loopback HTTP.
import { createServer } from 'node:http'
import { openNodeContext } from '../../node/core/context.js'
import { call } from '../../node/verbs/dispatch.js'

const node = openNodeContext(process.argv[2] as string)
const server = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const { verb, params } = JSON.parse(Buffer.concat(chunks).toString()) as { verb: string; params: unknown }
    call(node, { kind: 'local' }, verb, params).then(
      (data) => {
        const body = JSON.stringify({ ok: true, data })
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
        res.end(body)
      },
      (e: Error) => {
        res.writeHead(500)
        res.end(String(e.message))
      },
    )
  })
})
server.keepAliveTimeout = 72_000
server.listen(0, process.argv[3] ?? '127.0.0.1', () => {
  const a = server.address()
  process.stdout.write(`PORT ${typeof a === 'object' && a ? a.port : 0}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
