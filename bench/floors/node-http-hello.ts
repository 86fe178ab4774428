// Floor: bare node:http answering a small JSON body.
import { createServer } from 'node:http'

const body = JSON.stringify({ status: 'ok', version: '0.0.0', node_id: 'fz0000000000000000000000000000' })
const server = createServer((_req, res) => {
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  })
  res.end(body)
})
server.keepAliveTimeout = 72_000
server.listen(0, '127.0.0.1', () => {
  const a = server.address()
  process.stdout.write(`PORT ${typeof a === 'object' && a ? a.port : 0}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
