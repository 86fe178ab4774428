// Alias verbs (SPEC §3.4): which subdomain serves what.
import { defineVerb, type JsonSchema, noParams } from '../verb.js'

const sub = { type: 'string', minLength: 1, maxLength: 63, description: 'subdomain' }
const obj = (props: Record<string, JsonSchema>, required: string[]): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties: props,
})

export interface AliasSummary {
  sub: string
  type: 'app' | 'redirect' | 'reserved' | 'split' | null
  target: string | null
}
const summary: JsonSchema = {
  type: 'object',
  properties: {
    sub: { type: 'string' },
    type: { type: ['string', 'null'] },
    target: { type: ['string', 'null'] },
  },
}

export const appLink = defineVerb<{ sub: string; app: string }, AliasSummary>({
  name: 'app.link',
  summary: 'Point a subdomain at an app',
  scope: 'deploy',
  remote: true,
  params: obj({ sub, app: { type: 'string', minLength: 1, maxLength: 80, description: 'app name or id' } }, [
    'sub',
    'app',
  ]),
  result: summary,
  cli: { args: ['sub', 'app'], output: 'record' },
})

export const appUnlink = defineVerb<{ sub: string }, { sub: string; removed: boolean }>({
  name: 'app.unlink',
  summary: 'Remove an alias (the subdomain then serves the 404 page)',
  scope: 'deploy',
  remote: true,
  params: obj({ sub }, ['sub']),
  result: { type: 'object', properties: { sub: { type: 'string' }, removed: { type: 'boolean' } } },
  cli: { args: ['sub'], output: 'record' },
})

export const appReserve = defineVerb<{ sub: string }, AliasSummary>({
  name: 'app.reserve',
  summary: 'Reserve a subdomain: it serves 404 and cannot be deployed to',
  scope: 'deploy',
  remote: true,
  params: obj({ sub }, ['sub']),
  result: summary,
  cli: { args: ['sub'], output: 'record' },
})

export const appRedirect = defineVerb<{ sub: string; url: string }, AliasSummary>({
  name: 'app.redirect',
  summary: 'Redirect a subdomain to a URL (301 for GET/HEAD, 308 otherwise; path and query appended)',
  scope: 'deploy',
  remote: true,
  params: obj({ sub, url: { type: 'string', minLength: 1, maxLength: 2048, description: 'http(s) URL' } }, [
    'sub',
    'url',
  ]),
  result: summary,
  cli: { args: ['sub', 'url'], output: 'record' },
})

export const appSwap = defineVerb<{ sub1: string; sub2: string }, AliasSummary[]>({
  name: 'app.swap',
  summary: 'Exchange the targets of two subdomains in one transaction (blue/green)',
  scope: 'deploy',
  remote: true,
  params: obj({ sub1: sub, sub2: sub }, ['sub1', 'sub2']),
  result: { type: 'array', items: summary },
  cli: { args: ['sub1', 'sub2'], output: 'list', columns: ['sub', 'type', 'target'] },
})

export const appSplit = defineVerb<{ sub: string; targets: string[] }, AliasSummary>({
  name: 'app.split',
  summary: 'Split fresh visitors of a subdomain between apps by weight (APP1=70 APP2=30), sticky per visitor',
  scope: 'deploy',
  remote: true,
  params: obj(
    {
      sub,
      targets: {
        type: 'array',
        minItems: 2,
        maxItems: 16,
        items: { type: 'string', maxLength: 80 },
        description: 'APP=WEIGHT, weights summing to 100',
      },
    },
    ['sub', 'targets'],
  ),
  result: summary,
  cli: { args: ['sub', 'targets...'], output: 'record' },
})

export const aliasList = defineVerb<Record<string, never>, Record<string, unknown>[]>({
  name: 'alias.list',
  summary: 'List subdomain aliases and what they serve',
  scope: 'read',
  remote: true,
  params: noParams,
  result: { type: 'array', items: { type: 'object', properties: { sub: { type: 'string' } } } },
  cli: { output: 'list', columns: ['sub', 'type', 'target'] },
})
