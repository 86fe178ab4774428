// Floor: bare node:http inserting one row per request with better-sqlite3, on a data file opened like
// fazt's (WAL, synchronous NORMAL unless SYNC=FULL). Usage: node node-http-sqlite.js FILE
import { createServer } from 'node:http'
import Database from 'better-sqlite3'

const db = new Database(process.argv[2] as string)
db.pragma('journal_mode = WAL')
db.pragma(`synchronous = ${process.env.SYNC === 'FULL' ? 'FULL' : 'NORMAL'}`)
db.exec(`CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL)
  STRICT, WITHOUT ROWID`)
const insert = db.prepare(`INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?)
  ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`)
let n = 0
const server = createServer((_req, res) => {
  insert.run(`k${n++}`, JSON.stringify({ at: 1 }), Date.now())
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': 2 })
  res.end('ok')
})
server.keepAliveTimeout = 72_000
server.listen(0, '127.0.0.1', () => {
  const a = server.address()
  process.stdout.write(`PORT ${typeof a === 'object' && a ? a.port : 0}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
