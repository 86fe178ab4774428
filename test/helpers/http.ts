import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'

export interface HttpResponse {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
  text(): string
  json<T = unknown>(): T
}

export interface HttpOptions {
  method?: string
  /** The Host header to send (undici's fetch cannot set it). */
  host?: string
  headers?: Record<string, string>
  body?: string | Buffer
  localAddress?: string
  timeoutMs?: number
}

/** One real HTTP/1.1 request, with full control of the Host header. */
export function http(url: string, opts: HttpOptions = {}): Promise<HttpResponse> {
  const u = new URL(url)
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...opts.headers }
    if (opts.host !== undefined) headers.host = opts.host
    const req = httpRequest(
      {
        hostname: u.hostname.replace(/^\[|\]$/g, ''),
        port: u.port,
        path: `${u.pathname}${u.search}`,
        method: opts.method ?? 'GET',
        headers,
        localAddress: opts.localAddress,
        setHost: opts.host === undefined,
        timeout: opts.timeoutMs ?? 15_000,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const body = Buffer.concat(chunks)
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            text: () => body.toString('utf8'),
            json: <T>() => JSON.parse(body.toString('utf8')) as T,
          })
        })
        res.on('error', reject)
      },
    )
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)))
    req.on('error', reject)
    req.end(opts.body)
  })
}
