// The JavaScript that runs first in every app sandbox: the `fazt.*` API, `respond`, `console`, `require`,
// and the per-request entry `invoke`. It is called once with the host's functions (never reachable from
// app code) and returns its internals to the host (sandbox.ts). Values cross the boundary as JSON text:
// one string in and one out per call is the cheapest crossing (~7 µs each way).
//
// Host results are encoded as '' (undefined), 'V' + JSON (a value) or 'E' + JSON ({code, message}).
// A response is encoded as one line of JSON metadata, '\n', then the body text.

export const PRELUDE = String.raw`(function (host, app, limits) {
  'use strict'
  const G = globalThis
  const parse = JSON.parse
  const stringify = JSON.stringify
  const freeze = Object.freeze
  const keys = Object.keys
  const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k)
  const isArray = Array.isArray
  const Str = String
  const Err = Error
  const AB = ArrayBuffer
  const isView = ArrayBuffer.isView
  const now = Date.now
  const hostCall = host.call
  const responses = new WeakSet()
  const cache = new Map()
  const IDENT = /^[A-Za-z_$][\w$]*$/
  const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']

  class FaztError extends Err {
    constructor(code, message) {
      super(message)
      this.name = 'FaztError'
      this.code = code
    }
  }
  function decode(out) {
    if (out === '') return undefined
    const v = parse(out.slice(1))
    if (out.charCodeAt(0) === 69) throw new FaztError(v.code, v.message)
    return v
  }
  function call(op, args) {
    return decode(hostCall(op, stringify(args)))
  }
  function bytesOf(data) {
    if (data instanceof AB) return [data, 0, data.byteLength]
    if (isView(data)) return [data.buffer, data.byteOffset, data.byteLength]
    return null
  }

  const kv = freeze({
    set: (key, value, ttlMs) => void call('kv.set', [key, value, ttlMs]),
    get: (key) => call('kv.get', [key]),
    delete: (key) => call('kv.delete', [key]),
    list: (prefix, opts) => call('kv.list', [prefix, opts]),
  })
  const ds = freeze({
    insert: (c, doc) => call('ds.insert', [c, doc]),
    find: (c, query, opts) => call('ds.find', [c, query, opts]),
    findOne: (c, query) => call('ds.findOne', [c, query]),
    update: (c, query, changes) => call('ds.update', [c, query, changes]),
    delete: (c, query) => call('ds.delete', [c, query]),
    count: (c, query) => call('ds.count', [c, query]),
  })
  const s3 = freeze({
    put(path, data, mime) {
      const b = bytesOf(data)
      const m = mime === undefined ? null : mime
      return decode(b ? host.blobPut(path, b[0], b[1], b[2], m) : host.blobPut(path, data, 0, -1, m))
    },
    get: (path) => call('s3.get', [path]),
    delete: (path) => call('s3.delete', [path]),
    list: (prefix, opts) => call('s3.list', [prefix, opts]),
  })
  let envCache
  const env = () => (envCache === undefined ? (envCache = call('env', [])) : envCache)
  const envApi = freeze({
    get: (k, d) => (hasOwn(env(), k) ? env()[k] : d),
    has: (k) => hasOwn(env(), k),
  })
  const realtime = freeze({
    broadcast: (channel, data) => call('rt.broadcast', [channel, data]),
    broadcastAll: (data) => call('rt.broadcastAll', [data]),
    subscribers: (channel) => call('rt.subscribers', [channel]),
    count: (channel) => call('rt.count', channel === undefined ? [] : [channel]),
    kick: (clientId, reason) => call('rt.kick', reason === undefined ? [clientId] : [clientId, reason]),
  })

  const logs = []
  let dropped = 0
  function show(v) {
    if (typeof v === 'string') return v
    try {
      if (v instanceof Err) return Str(v.name) + ': ' + Str(v.message)
      const s = stringify(v)
      return s === undefined ? Str(v) : s
    } catch (e) {
      try {
        return Str(v)
      } catch (e2) {
        return '[unprintable]'
      }
    }
  }
  function log(level, args) {
    if (logs.length >= limits.logs) return void dropped++
    let msg = ''
    for (let i = 0; i < args.length && msg.length <= limits.logChars; i++) msg += (i ? ' ' : '') + show(args[i])
    if (msg.length > limits.logChars) msg = msg.slice(0, limits.logChars) + '…'
    logs.push([level, now(), msg])
  }
  const logger = (level) => (...args) => log(level, args)
  const logApi = freeze({ debug: logger('debug'), info: logger('info'), warn: logger('warn'), error: logger('error') })
  const consoleApi = {
    log: logger('info'), info: logger('info'), warn: logger('warn'), error: logger('error'),
    debug: logger('debug'), trace: logger('debug'),
  }

  function respond(a, b, c) {
    const r = { status: 200, body: undefined, headers: undefined }
    if (arguments.length === 1) {
      if (typeof a === 'number') r.status = a
      else r.body = a
    } else if (arguments.length > 1) {
      r.status = a
      r.body = b
      r.headers = c
    }
    responses.add(r)
    return r
  }
  // The original's template returned {status, headers, body} itself: such an object is a response.
  function isDescriptor(v) {
    if (isArray(v) || typeof v.status !== 'number') return false
    return keys(v).every((k) => k === 'status' || k === 'body' || k === 'headers')
  }
  function finish(v) {
    let status = 200
    let headers = null
    let body = v
    if (v !== null && typeof v === 'object' && (responses.has(v) || isDescriptor(v))) {
      status = v.status === undefined ? 200 : v.status
      body = v.body
      headers = v.headers === undefined ? null : v.headers
    }
    let kind = 'e'
    let text = ''
    if (body === undefined || body === null) kind = 'e'
    else if (typeof body === 'string') {
      kind = 't'
      text = body
    } else if (bytesOf(body)) {
      const b = bytesOf(body)
      if (b[2] > limits.body) return tooBig(b[2])
      kind = 'b'
      host.bytes(b[0], b[1], b[2])
    } else {
      kind = 'j'
      text = stringify(body)
      if (text === undefined) {
        kind = 'e'
        text = ''
      }
    }
    if (text.length > limits.body) return tooBig(text.length)
    return stringify({ s: status, h: headers, k: kind, l: logs, d: dropped }) + '\n' + text
  }
  function tooBig(n) {
    return stringify({ big: n, l: logs, d: dropped }) + '\n'
  }
  function describe(e) {
    let name = 'Error'
    let message
    let stack = ''
    let code = null
    let file = null
    let line = null
    try {
      if (e instanceof Err || (e !== null && typeof e === 'object' && typeof e.message === 'string')) {
        name = Str(e.name)
        message = Str(e.message)
        if (typeof e.stack === 'string') stack = e.stack
        if (typeof e.code === 'string') code = e.code
        if (typeof e.fileName === 'string' && typeof e.lineNumber === 'number') {
          file = e.fileName
          line = e.lineNumber
        }
      } else message = show(e)
    } catch (x) {
      message = 'a value that cannot be shown was thrown'
    }
    if (line === null) {
      const m = /(api\/[^\s:()]+):(\d+)/.exec(stack)
      if (m) {
        file = m[1]
        line = +m[2]
      }
    }
    return { name: name.slice(0, 100), message: message.slice(0, 2000), code, file, line }
  }
  function fail(e) {
    return stringify({ e: describe(e), l: logs, d: dropped }) + '\n'
  }
  function settle(v) {
    try {
      return finish(v)
    } catch (e) {
      return fail(e)
    }
  }

  let pending = ''
  function invoke(handler, reqJson, body, json) {
    logs.length = 0
    dropped = 0
    envCache = undefined
    pending = ''
    const req = parse(reqJson)
    req.body = null
    if (typeof body === 'string') {
      req.body = body
      if (json) {
        try {
          req.body = parse(body)
        } catch (e) {}
      }
    }
    G.request = req
    try {
      const out = handler(req)
      if (out !== null && (typeof out === 'object' || typeof out === 'function') && typeof out.then === 'function') {
        Promise.resolve(out).then(
          (v) => {
            pending = settle(v)
          },
          (e) => {
            pending = fail(e)
          },
        )
        return ''
      }
      return settle(out)
    } catch (e) {
      return fail(e)
    }
  }
  function take() {
    const p = pending
    pending = ''
    return p
  }

  function dirname(path) {
    return path.slice(0, path.lastIndexOf('/'))
  }
  function requireFor(from) {
    return function require(spec) {
      return load(host.resolve(from, Str(spec)))
    }
  }
  function load(target) {
    const hit = cache.get(target)
    if (hit) return hit.exports
    if (target.charCodeAt(0) === 112) return loadPackage(target.slice(2))
    const path = target.slice(2)
    const m = { exports: {}, id: path, filename: path, loaded: false }
    cache.set(target, m)
    try {
      const format = host.format(path)
      if (format === 'json') m.exports = parse(host.source(path))
      else if (format === 'esm') m.exports = host.esm(path)
      else host.compile(path).call(m.exports, m.exports, requireFor(path), m, path, dirname(path))
    } catch (e) {
      cache.delete(target)
      throw e
    }
    m.loaded = true
    return m.exports
  }
  let vendor
  function loadPackage(name) {
    if (vendor === undefined) vendor = load('f:' + limits.vendor)
    const get = vendor !== null && typeof vendor === 'object' && hasOwn(vendor, name) ? vendor[name] : undefined
    if (typeof get !== 'function') {
      throw new Err('package "' + name + '" was not bundled: add it to the dependencies in package.json, run npm install, and deploy again')
    }
    const m = { exports: get() }
    cache.set('p:' + name, m)
    return m.exports
  }
  // For the synthetic ES modules that import CommonJS files and packages (sandbox-modules.ts).
  function exportNames(target) {
    const ex = load(target)
    if (ex === null || (typeof ex !== 'object' && typeof ex !== 'function')) return '[]'
    return stringify(keys(ex).filter((k) => k !== 'default' && IDENT.test(k)))
  }
  Object.defineProperty(G, Symbol.for('fazt.load'), { value: load })

  function methods(ex) {
    if (!METHODS.some((m) => typeof ex[m] === 'function')) return null
    return (req) => {
      const f = ex[req.method] || (req.method === 'HEAD' ? ex.GET : undefined)
      if (typeof f !== 'function') {
        return respond(405, { error: { code: 'METHOD_NOT_ALLOWED', message: req.method + ' is not handled here' } })
      }
      return f(req, respond)
    }
  }
  function pick(ex) {
    if (typeof ex === 'function') return ex
    if (ex === null || typeof ex !== 'object') return null
    if (typeof ex.default === 'function') return ex.default
    if (ex.default !== null && typeof ex.default === 'object') {
      const d = methods(ex.default)
      if (d) return d
    }
    if (typeof ex.handler === 'function') return ex.handler
    return methods(ex)
  }
  function routeHandler(file) {
    const h = pick(load('f:' + file))
    return h === null ? null : (req) => h(req, respond)
  }
  const mainRequire = requireFor('api/main.js')
  function mainHandler(fn) {
    return (req) => {
      const module = { exports: {} }
      const out = fn.call(G, req, respond, mainRequire, module, module.exports)
      if (out === undefined) {
        const h = pick(module.exports)
        if (h !== null) return h(req, respond)
      }
      return out
    }
  }
  function scriptHandler() {
    return () => host.script()
  }

  Object.defineProperty(G, 'fazt', { value: freeze({ app: freeze({ id: app.id, name: app.name, kv, ds, s3 }), storage: freeze({ kv, ds, s3 }), env: envApi, log: logApi, realtime }), enumerable: false })
  G.console = consoleApi
  G.respond = respond
  G.require = mainRequire
  return { invoke, take, routeHandler, mainHandler, scriptHandler, exportNames }
})`
