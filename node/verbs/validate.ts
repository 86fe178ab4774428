import type { ErrorObject, ValidateFunction } from 'ajv'
import { Ajv } from 'ajv'
import { AppError } from '../../sdk/contract/errors.js'
import type { VerbDef } from '../../sdk/contract/verb.js'

// One ajv for the process; schemas compile on first use so start-up pays only for what runs.
const ajv = new Ajv({
  allErrors: false,
  coerceTypes: false,
  removeAdditional: false,
  useDefaults: true,
  strict: false,
})
const compiled = new Map<string, ValidateFunction>()

/** Validates (and fills defaults into) a verb's params with the verb's own schema. */
export function validateParams(verb: VerbDef, params: unknown): Record<string, unknown> {
  let check = compiled.get(verb.name)
  if (!check) {
    check = ajv.compile(verb.params)
    compiled.set(verb.name, check)
  }
  const value = params ?? {}
  if (!check(value)) {
    throw new AppError('INVALID_ARGUMENT', `${verb.name}: ${describe(check.errors?.[0])}`, {
      hint: `see \`fazt ${(verb.cli?.words ?? verb.name.split('.')).join(' ')} --help\``,
    })
  }
  return value as Record<string, unknown>
}

function describe(e: ErrorObject | undefined): string {
  if (!e) return 'invalid parameters'
  const where = e.instancePath ? e.instancePath.slice(1).replaceAll('/', '.') : 'params'
  if (e.keyword === 'additionalProperties')
    return `unknown parameter "${String(e.params.additionalProperty)}"`
  if (e.keyword === 'required') return `missing parameter "${String(e.params.missingProperty)}"`
  return `${where} ${e.message ?? 'is invalid'}`
}
