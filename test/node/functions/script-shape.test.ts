import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import type { QuickJSWASMModule } from 'quickjs-emscripten-core'
import { Engine } from '../../../node/functions/quickjs-engine.js'
import { scriptShape } from '../../../node/functions/script-shape.js'

// Each script is run two ways in QuickJS: as a script (its completion value is the answer of an
// original-style main.js) and as the function body scriptShape() makes. Both must agree, or the shape
// must be refused (then the runtime evaluates the script per request, which is exact).
const scripts: [string, 'shaped' | 'refused'][] = [
  ['function handler(req) { return { status: 200, body: req } }\nhandler(41)', 'shaped'],
  ['var x = 1; x + 1', 'shaped'],
  ['var x = 1\nx + 1;\n', 'shaped'],
  ['let a = 1\nconst b = a + 1\nb * 10', 'shaped'],
  ['// a comment\n42 // trailing comment', 'shaped'],
  ['"use strict"\nvar z = 1\nz', 'shaped'],
  ['x = 5\n++x', 'shaped'],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source under test
  ['var s = `a${ { b: 1 }.b }c`\ns', 'shaped'],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source under test
  ['var s = `}${"{"}`\ns.length', 'shaped'],
  ['var r = /}[\'"]/.test("}\'")\nr', 'shaped'],
  ['var q = "a\'b".replace(/\'/g, "")\nq', 'shaped'],
  ['({ a: 1 })', 'shaped'],
  ['class A {}\nnew A() instanceof A', 'shaped'],
  ['a = 1\n-a', 'shaped'],
  ['o = { a: 1 }\n[1, 2].length', 'shaped'],
  ['var a = 1\n-a', 'refused'],
  ['var f = function () { return 3 }\nf()', 'shaped'],
  ['var n = 0\nfor (var i = 0; i < 3; i++) n += i\nn', 'shaped'],
  ['if (true) { 1 } else { 2 }', 'refused'],
  ['for (var i = 0; i < 3; i++)\n  i * 2', 'refused'],
  ['var y = 2;;;', 'refused'],
  ['var x = 0\ndo { x++ } while (x < 3)\nx', 'refused'],
  ['label: 1', 'refused'],
  ['function f() {}\n(1)', 'refused'],
  ['return 5', 'refused'],
  ['switch (1) { case 1: "one" }', 'refused'],
  ['try { 1 } catch (e) { 2 }', 'refused'],
]

let mod: QuickJSWASMModule
before(async () => {
  mod = await Engine.load().newModule()
})

function run(code: string): unknown {
  const ctx = mod.newContext()
  try {
    const r = ctx.evalCode(code, 'api/main.js', { type: 'global' })
    if (r.error) {
      r.error.dispose()
      return 'threw'
    }
    const v = ctx.dump(r.value)
    r.value.dispose()
    return v
  } finally {
    ctx.dispose()
  }
}

test('a shaped script returns exactly its completion value', () => {
  for (const [src, expect] of scripts) {
    const shape = scriptShape(src)
    if (expect === 'refused') {
      assert.equal(shape, undefined, src)
      continue
    }
    assert.ok(shape, `expected a shape for ${JSON.stringify(src)}`)
    assert.deepEqual(run(`(function () {${shape.body}\n})()`), run(src), src)
  }
})

test('the shape splits the script into its head and its last expression', () => {
  assert.deepEqual(scriptShape('var a = 1\nhandler(request);  // done\n'), {
    body: 'var a = 1\nreturn handler(request);  // done\n',
    tail: 'handler(request)',
    head: 'var a = 1\n',
  })
})

test('unterminated strings, templates and comments are refused', () => {
  for (const src of ['var a = "x', 'var a = `x${', '/* never closed', 'a = (1', 'a = 1)']) {
    assert.equal(scriptShape(src), undefined, src)
  }
})
