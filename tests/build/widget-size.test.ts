import { readFile } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { TEST_DIST } from '../../scripts/test-dist.mjs'

// Sizes are deterministic, so the budget is a test. npm test builds dist-test/ first.
const BUDGET_GZIP = 12 * 1024

describe('the built widget', () => {
  it(`is at most ${BUDGET_GZIP} bytes gzipped, in one file`, async () => {
    const js = await readFile(`${TEST_DIST}/widget.js`)
    const gz = gzipSync(js, { level: 9 }).length
    expect(gz).toBeLessThanOrEqual(BUDGET_GZIP)
    // One request: no dynamic imports or chunks the browser would fetch next (locales come later, on demand).
    expect(js.toString()).not.toMatch(/\bimport\(/)
  })

  it('carries no zod and no HTML injection sinks', async () => {
    const js = (await readFile(`${TEST_DIST}/widget.js`)).toString()
    expect(js).not.toMatch(/ZodError|\$ZodType/)
    expect(js).not.toMatch(/insertAdjacentHTML|\.outerHTML\s*=/)
  })
})
