import { AppError } from '../../sdk/contract/errors.js'
import type { VerbDef } from '../../sdk/contract/verb.js'

interface ValidatorError {
  instancePath: string
  keyword: string
  message?: string
  params: Record<string, unknown>
}
type Validator = ((data: unknown) => boolean) & { errors?: ValidatorError[] | null }

// Validators are compiled at build time (scripts/gen-validators.mjs), so neither the CLI nor the node
// loads or compiles ajv at start-up. A schema the build did not see (a verb added without a rebuild)
// is compiled with ajv on first use.
let precompiled: Record<string, Validator> | undefined
const compiled = new Map<string, Validator>()

async function validatorFor(verb: VerbDef): Promise<Validator> {
  const known = compiled.get(verb.name)
  if (known) return known
  if (!precompiled) {
    try {
      // @ts-expect-error generated at build time, outside the TypeScript sources
      precompiled = (await import('../../sdk/contract/validators.js')) as Record<string, Validator>
    } catch {
      precompiled = {}
    }
  }
  let check = precompiled[exportName(verb.name)]
  if (!check) {
    const { Ajv } = await import('ajv')
    const ajv = new Ajv({ coerceTypes: false, removeAdditional: false, useDefaults: true, strict: false })
    check = ajv.compile(verb.params) as Validator
  }
  compiled.set(verb.name, check)
  return check
}

/** Validates (and fills defaults into) a verb's params with the verb's own schema. */
export async function validateParams(verb: VerbDef, params: unknown): Promise<Record<string, unknown>> {
  const check = await validatorFor(verb)
  const value = params ?? {}
  if (!check(value)) {
    throw new AppError('INVALID_ARGUMENT', `${verb.name}: ${describe(check.errors?.[0])}`, {
      hint: `see \`fazt ${(verb.cli?.words ?? verb.name.split('.')).join(' ')} --help\``,
    })
  }
  return value as Record<string, unknown>
}

function describe(e: ValidatorError | undefined): string {
  if (!e) return 'invalid parameters'
  const where = e.instancePath ? e.instancePath.slice(1).replaceAll('/', '.') : 'params'
  if (e.keyword === 'additionalProperties')
    return `unknown parameter "${String(e.params.additionalProperty)}"`
  if (e.keyword === 'required') return `missing parameter "${String(e.params.missingProperty)}"`
  return `${where} ${e.message ?? 'is invalid'}`
}

/** Must match scripts/gen-validators.mjs. */
function exportName(verb: string): string {
  return `v_${verb.replace(/[^a-z0-9]/gi, '_')}`
}
