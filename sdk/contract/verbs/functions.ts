// Functions verbs (SPEC §5): an app's environment variables and its function logs.
import { defineVerb } from '../verb.js'

const app = { type: 'string', minLength: 1, maxLength: 80, description: 'app name or id' } as const
const key = {
  type: 'string',
  minLength: 1,
  maxLength: 128,
  pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
  description: 'variable name (letters, digits, _)',
} as const

/** A variable as verbs show it: its value is a secret and is never printed (SPEC §8). */
export interface EnvEntry {
  key: string
  bytes: number
  updated_at: string
}

export const appEnvSet = defineVerb<
  { app: string; key: string; value: string },
  { app: string; key: string; bytes: number }
>({
  name: 'app.env.set',
  summary: "Set an environment variable of an app's functions (read with fazt.env.get)",
  scope: 'deploy',
  remote: true,
  params: {
    type: 'object',
    required: ['app', 'key', 'value'],
    additionalProperties: false,
    properties: {
      app,
      key,
      value: { type: 'string', maxLength: 32 * 1024, description: 'the value (at most 32 KiB)' },
    },
  },
  result: {
    type: 'object',
    required: ['app', 'key', 'bytes'],
    properties: { app: { type: 'string' }, key: { type: 'string' }, bytes: { type: 'integer' } },
  },
  cli: { args: ['app', 'key', 'value'], output: 'record' },
})

export const appEnvList = defineVerb<{ app: string }, EnvEntry[]>({
  name: 'app.env.list',
  summary: "List an app's environment variables (names and sizes: values are secrets and never printed)",
  scope: 'read',
  remote: true,
  params: { type: 'object', required: ['app'], additionalProperties: false, properties: { app } },
  result: {
    type: 'array',
    items: {
      type: 'object',
      required: ['key', 'bytes', 'updated_at'],
      properties: { key: { type: 'string' }, bytes: { type: 'integer' }, updated_at: { type: 'string' } },
    },
  },
  cli: { args: ['app'], output: 'list', columns: ['key', 'bytes', 'updated_at'] },
})

export const appEnvUnset = defineVerb<
  { app: string; key: string },
  { app: string; key: string; removed: boolean }
>({
  name: 'app.env.unset',
  summary: 'Remove an environment variable of an app',
  scope: 'deploy',
  remote: true,
  params: { type: 'object', required: ['app', 'key'], additionalProperties: false, properties: { app, key } },
  result: {
    type: 'object',
    required: ['app', 'key', 'removed'],
    properties: { app: { type: 'string' }, key: { type: 'string' }, removed: { type: 'boolean' } },
  },
  cli: { args: ['app', 'key'], output: 'record' },
})

export interface LogEntry {
  id: number
  at: string
  level: 'debug' | 'info' | 'warn' | 'error'
  request: string
  message: string
}

export interface AppLogsParams {
  app: string
  lines?: number
  follow?: boolean
  level?: LogEntry['level']
}

/**
 * Streams: without --follow it ends at once with the last lines as its result; with --follow the lines
 * and every new one arrive as `data` frames until the caller stops (on a peer too: PEERS.md §3.4).
 */
export const appLogs = defineVerb<AppLogsParams, LogEntry[]>({
  name: 'app.logs',
  summary: "Show the logs of an app's functions (console.*, fazt.log.*, errors); -f follows new lines",
  scope: 'read',
  remote: true,
  stream: true,
  params: {
    type: 'object',
    required: ['app'],
    additionalProperties: false,
    properties: {
      app,
      lines: {
        type: 'integer',
        minimum: 1,
        maximum: 1000,
        default: 50,
        description: 'how many of the last lines',
      },
      follow: { type: 'boolean', description: 'keep printing new lines until stopped' },
      level: { enum: ['debug', 'info', 'warn', 'error'], description: 'only lines at this level or above' },
    },
  },
  result: {
    type: 'array',
    items: {
      type: 'object',
      required: ['id', 'at', 'level', 'request', 'message'],
      properties: {
        id: { type: 'integer' },
        at: { type: 'string' },
        level: { type: 'string' },
        request: { type: 'string' },
        message: { type: 'string' },
      },
    },
  },
  cli: {
    args: ['app'],
    short: { n: 'lines', f: 'follow' },
    output: 'list',
    columns: ['at', 'level', 'request', 'message'],
  },
})
