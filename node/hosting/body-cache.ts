import { brotliCompress, constants, gzip } from 'node:zlib'
import type { BodyStore } from './body-store.js'

/** A body in memory, with its compressed variants once computed (null: not worth compressing). */
export interface CachedBody {
  data: Buffer
  gzip: Buffer | null | undefined
  br: Buffer | null | undefined
}

export interface BodyCacheOptions {
  /** Bytes of bodies and variants kept in memory. */
  budget: number
  /** Larger bodies are streamed from the database in chunks and never cached whole. */
  maxFile: number
}

const MIN_COMPRESS = 256

/**
 * Bodies by content hash in an LRU bounded by bytes. A hash names its content forever, so entries never
 * go stale; gzip and brotli are computed once per hash, off the event loop (zlib's thread pool), and
 * served from the next request on.
 */
export class BodyCache {
  #map = new Map<string, CachedBody>()
  #bytes = 0

  constructor(
    private store: BodyStore,
    private opts: BodyCacheOptions,
  ) {}

  get bytes(): number {
    return this.#bytes
  }

  /** The body, or undefined when it is too large to cache (stream it) or gone. */
  get(hash: string, size: number, compressible: boolean): CachedBody | undefined {
    const hit = this.#map.get(hash)
    if (hit) {
      // Re-inserting moves it to the young end of the map's order.
      this.#map.delete(hash)
      this.#map.set(hash, hit)
      return hit
    }
    if (size > this.opts.maxFile) return undefined
    const data = this.store.read(hash)
    if (data.length !== size) return undefined
    const worth = compressible && size >= MIN_COMPRESS
    const body: CachedBody = { data, gzip: worth ? undefined : null, br: worth ? undefined : null }
    this.#add(hash, body, data.length)
    if (worth) this.#compress(hash, body)
    return body
  }

  #add(hash: string, body: CachedBody, bytes: number): void {
    this.#map.set(hash, body)
    this.#bytes += bytes
    for (const [h, old] of this.#map) {
      if (this.#bytes <= this.opts.budget || h === hash) break
      this.#map.delete(h)
      this.#bytes -= old.data.length + (old.gzip?.length ?? 0) + (old.br?.length ?? 0)
    }
  }

  #compress(hash: string, body: CachedBody): void {
    const size = body.data.length
    const keep = (out: Buffer | undefined): Buffer | null => {
      if (!out || out.length > size * 0.9) return null
      if (this.#map.get(hash) === body) this.#bytes += out.length
      return out
    }
    gzip(body.data, { level: 9 }, (err, out) => {
      body.gzip = err ? null : keep(out)
    })
    brotliCompress(
      body.data,
      {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: size <= 1024 * 1024 ? 11 : 9,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: size,
        },
      },
      (err, out) => {
        body.br = err ? null : keep(out)
      },
    )
  }
}
