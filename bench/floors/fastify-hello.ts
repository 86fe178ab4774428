// Floor: a bare fastify app answering the same JSON as /_fazt/health.
import Fastify from 'fastify'

const app = Fastify({ logger: false })
app.get('/_fazt/health', async () => ({
  status: 'ok',
  version: '0.0.0',
  node_id: 'fz0000000000000000000000000000',
}))
await app.listen({ port: 0, host: '127.0.0.1' })
const a = app.server.address()
process.stdout.write(`PORT ${typeof a === 'object' && a ? a.port : 0}\n`)
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
