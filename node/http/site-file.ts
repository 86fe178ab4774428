import type { IncomingMessage, ServerResponse } from 'node:http'
import type { BodyCache } from '../hosting/body-cache.js'
import type { BodyStore } from '../hosting/body-store.js'
import { CHUNK } from '../hosting/limits.js'
import type { Entry } from '../hosting/site-resolver.js'
import { encodedHeaders, etagMatches, parseRange, wireOf } from './site-wire.js'

/** Writes one file of a release: 304, a single range (206/416), or the whole body (compressed if asked). */
export function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  entry: Entry,
  cache: BodyCache,
  store: BodyStore,
  extra?: string[],
): void {
  const wire = wireOf(entry)
  const with_ = (h: string[]) => (extra ? h.concat(extra) : h)
  const inm = req.headers['if-none-match']
  if (inm !== undefined && etagMatches(inm, entry.etag)) {
    res.writeHead(304, with_(wire.notModified))
    res.end()
    return
  }
  const head = req.method === 'HEAD'
  const rangeHeader = req.headers.range
  if (rangeHeader !== undefined && !head) {
    const ifRange = req.headers['if-range']
    const range =
      ifRange === undefined || ifRange === entry.etag ? parseRange(rangeHeader, entry.size) : undefined
    if (range === 'unsatisfiable') {
      res.writeHead(
        416,
        with_(['Content-Range', `bytes */${entry.size}`, 'Content-Length', '0', ...wire.notModified]),
      )
      res.end()
      return
    }
    if (range) {
      const length = range.end - range.start + 1
      res.writeHead(
        206,
        with_([
          ...wire.base,
          'Content-Range',
          `bytes ${range.start}-${range.end}/${entry.size}`,
          'Content-Length',
          String(length),
        ]),
      )
      const body = cache.get(entry.hash, entry.size, wire.compressible)
      if (body) res.end(body.data.subarray(range.start, range.end + 1))
      else stream(res, store, entry.hash, range.start, range.end + 1)
      return
    }
  }
  const body = cache.get(entry.hash, entry.size, wire.compressible)
  if (!body) {
    res.writeHead(200, with_(wire.identity))
    if (head) res.end()
    else stream(res, store, entry.hash, 0, entry.size)
    return
  }
  const out = encodedHeaders(wire, body, req.headers['accept-encoding'])
  res.writeHead(200, with_(out.headers))
  res.end(head ? undefined : out.data)
}

/** Large bodies go out chunk by chunk, read from the database as the socket drains. */
function stream(res: ServerResponse, store: BodyStore, hash: string, start: number, end: number): void {
  let pos = start
  const pump = () => {
    while (pos < end && !res.destroyed) {
      const next = Math.min(end, (Math.floor(pos / CHUNK) + 1) * CHUNK)
      const buf = store.readRange(hash, pos, next)
      if (buf.length !== next - pos) {
        // The body vanished (its app was removed mid-download): cut the response rather than lie.
        res.destroy()
        return
      }
      pos = next
      if (!res.write(buf)) {
        res.once('drain', pump)
        return
      }
    }
    if (!res.destroyed) res.end()
  }
  pump()
}
