// Build step: compiles every verb's params schema to standalone validator code (ajv standalone), so the
// CLI and the node validate without loading or compiling ajv at start-up. Output: dist/sdk/contract/validators.js
import { writeFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import standaloneCode from 'ajv/dist/standalone/index.js'

const { catalogue } = await import('../dist/sdk/contract/catalogue.js')
const ajv = new Ajv({
  code: { source: true, esm: true },
  allErrors: false,
  coerceTypes: false,
  removeAdditional: false,
  useDefaults: true,
  strict: false,
})
const refs = {}
for (const verb of catalogue) {
  const id = `v_${verb.name.replace(/[^a-z0-9]/gi, '_')}`
  ajv.addSchema({ ...verb.params, $id: id })
  refs[id] = id
}
let code = standaloneCode.default ? standaloneCode.default(ajv, refs) : standaloneCode(ajv, refs)
// ajv's ESM output still calls require() for its runtime helpers: turn those into imports.
const imports = []
code = code.replace(/require\("([^"]+)"\)/g, (_, mod) => {
  const name = `__rt${imports.length}`
  imports.push(`import ${name} from ${JSON.stringify(`${mod}.js`)};`)
  return name
})
writeFileSync(
  new URL('../dist/sdk/contract/validators.js', import.meta.url),
  `${imports.join('\n')}\n${code}`,
)
console.log(`validators: ${catalogue.length} verbs`)
