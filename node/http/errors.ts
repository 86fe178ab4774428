import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, statusOf } from '../../sdk/contract/errors.js'

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
}

/** docs/routing.md#the-error-envelope: `{"error":{"code","message"}}` with a fitting status; 500s carry no internals. */
export function sendError(reply: FastifyReply, err: unknown): FastifyReply {
  if (err instanceof AppError) {
    const status = statusOf(err.code)
    if (status === 503) reply.header('retry-after', '5')
    return reply.code(status).type('application/json').send({ error: err.toJSON() })
  }
  const fe = err as Partial<FastifyError>
  const status =
    typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 500
  const code = status === 500 ? 'INTERNAL' : (CODE_BY_STATUS[status] ?? 'BAD_REQUEST')
  const message = status === 500 ? 'internal error' : (fe.message ?? 'bad request')
  return reply.code(status).type('application/json').send({ error: { code, message } })
}

export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  if (!(err instanceof AppError) && !(err.statusCode && err.statusCode < 500)) {
    req.log.error({ err }, 'request failed')
  }
  sendError(reply, err)
}
