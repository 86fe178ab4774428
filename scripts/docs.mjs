// npm run docs: rewrites the generated CLI reference block in README.md from the verb catalogue.
import { readFileSync, writeFileSync } from 'node:fs'

const { cliReference } = await import('../dist/sdk/contract/reference.js')
const readme = readFileSync('README.md', 'utf8')
const start = '<!-- cli-reference:start -->'
const end = '<!-- cli-reference:end -->'
const a = readme.indexOf(start)
const b = readme.indexOf(end)
if (a < 0 || b < 0) throw new Error('README.md lacks the cli-reference markers')
writeFileSync('README.md', `${readme.slice(0, a + start.length)}\n${cliReference()}\n${readme.slice(b)}`)
console.log('README.md: CLI reference updated')
