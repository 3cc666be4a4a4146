import { readFile } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { TEST_DIST } from '../../scripts/test-dist.mjs'

// Sizes are deterministic, so the budgets are tests. npm test builds dist-test/ first.
const FIRST_RENDER = 10 * 1024
const CHUNK = 6 * 1024
const POSTING = 16 * 1024

const code = (file: string) => readFile(`${TEST_DIST}/${file}`, 'utf8')
const gzip = (js: string) => gzipSync(js, { level: 9 }).length

/** The chunks a file imports: `import("./chunks/…")` from widget.js, `from"./…"` between chunks. */
const importsOf = (js: string, lazy: boolean) =>
  [...js.matchAll(lazy ? /import\(`\.\/(chunks\/[\w-]+\.js)`\)/g : /from\s*"\.\/([\w-]+\.js)"/g)].map((m) => m[1]!)

/** A chunk and every chunk it imports statically, each once. */
async function closure(file: string, seen = new Set<string>()): Promise<Set<string>> {
  if (seen.has(file)) return seen
  seen.add(file)
  for (const next of importsOf(await code(file), false)) await closure(`chunks/${next}`, seen)
  return seen
}

describe('the built widget', () => {
  it(`renders the thread from one script of at most ${FIRST_RENDER} B gzip, which imports the rest on first use`, async () => {
    const first = await code('widget.js')
    expect(gzip(first)).toBeLessThanOrEqual(FIRST_RENDER)
    // One request for the first render: widget.js imports nothing before it runs.
    expect(first).not.toMatch(/^\s*import\s|\bimport\s*\{/m)
    expect(importsOf(first, true).length).toBeGreaterThan(0)
  })

  it(`loads parts of at most ${CHUNK} B gzip each, and at most ${POSTING} B gzip in all for a visitor who posts`, async () => {
    const lazy = importsOf(await code('widget.js'), true)
    const all = new Set<string>()
    for (const chunk of lazy) for (const f of await closure(chunk)) all.add(f)
    for (const f of all) expect(gzip(await code(f)), f).toBeLessThanOrEqual(CHUNK)
    // A visitor who posts loads the form, and then what keeps their own comments.
    const posting = new Set(['widget.js'])
    for (const part of lazy.filter((f) => /\/(form|own)-/.test(f))) for (const f of await closure(part)) posting.add(f)
    expect(posting.size).toBeGreaterThanOrEqual(3)
    let total = 0
    for (const f of posting) total += gzip(await code(f))
    expect(total).toBeLessThanOrEqual(POSTING)
  })

  it('carries no zod and no HTML injection sinks', async () => {
    for (const f of ['widget.js', ...importsOf(await code('widget.js'), true)]) {
      const js = await code(f)
      expect(js).not.toMatch(/ZodError|\$ZodType/)
      expect(js).not.toMatch(/insertAdjacentHTML|\.outerHTML\s*=/)
    }
  })
})
