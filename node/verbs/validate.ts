import { AppError } from '../../sdk/contract/errors.js'
import type { Frame, VerbDef } from '../../sdk/contract/verb.js'

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
    const Ajv = await loadAjv()
    const ajv = new Ajv({ coerceTypes: false, removeAdditional: false, useDefaults: true, strict: false })
    check = ajv.compile(verb.params) as Validator
  }
  compiled.set(verb.name, check)
  return check
}

/** ajv, loaded on first use; its CommonJS export shape differs between dist/ and the CLI bundle. */
async function loadAjv(): Promise<typeof import('ajv').Ajv> {
  const mod = (await import('ajv')) as unknown as { Ajv?: typeof import('ajv').Ajv; default: unknown }
  return (
    mod.Ajv ??
    ((mod.default as { Ajv?: unknown }).Ajv as typeof import('ajv').Ajv) ??
    (mod.default as typeof import('ajv').Ajv)
  )
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

// With FAZT_CHECK_RESULTS=1 (the test suites run so, child processes included) every answer is checked
// against its verb's result schema, so the schemas stay true: a result that drifts fails the test that
// produced it. Off in production: the check costs a compiled validator call per verb.
const CHECK_RESULTS = process.env.FAZT_CHECK_RESULTS === '1'
const resultChecks = new Map<string, Validator>()

/** Throws INTERNAL when a verb's result does not match its result schema (only when checking is on). */
export async function checkResult(verb: VerbDef, value: unknown): Promise<void> {
  if (!CHECK_RESULTS) return
  let check = resultChecks.get(verb.name)
  if (!check) {
    const Ajv = await loadAjv()
    check = new Ajv({ strict: false, allErrors: true }).compile(verb.result) as Validator
    resultChecks.set(verb.name, check)
  }
  if (!check(value)) {
    const errors = (check.errors ?? []).map(
      (e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`,
    )
    throw new AppError(
      'INTERNAL',
      `the result of ${verb.name} does not match its schema: ${errors.join('; ')}`,
    )
  }
}

/**
 * A stream's frames, with the data of its `result` frame checked. `return()` goes straight to the
 * handler's iterator, so a caller that stops reading (a peer hanging up on `logs -f`) ends it as before.
 */
export function checkedFrames(verb: VerbDef, frames: AsyncIterable<Frame>): AsyncIterable<Frame> {
  if (!CHECK_RESULTS) return frames
  const it = frames[Symbol.asyncIterator]()
  const iterator: AsyncIterator<Frame> = {
    async next() {
      const r = await it.next()
      if (!r.done && r.value.type === 'result') await checkResult(verb, r.value.data)
      return r
    },
    return: (value?: unknown) => it.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
  }
  return { [Symbol.asyncIterator]: () => iterator }
}
