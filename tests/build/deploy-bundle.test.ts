import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

// Development runs the worker through wrangler dev and the vitest pool; only `wrangler deploy` bundles it with
// the production wrangler.toml. Its dry run catches what those hide, before a deploy does.
describe('the production deploy', () => {
  let outdir = ''
  afterAll(async () => {
    if (outdir) await rm(outdir, { recursive: true, force: true })
  })

  it('bundles the worker and builds the assets without the demo (npm run check:deploy)', { timeout: 120_000 }, async () => {
    outdir = await mkdtemp(join(tmpdir(), 'byline-deploy-test-'))
    await promisify(execFile)('npm', ['run', '--silent', 'check:deploy', '--', '--outdir', outdir], { timeout: 110_000 })

    const bundle = await readFile(join(outdir, 'bundle', 'index.js'), 'utf8')
    // The app as deployed: its sub-apps mounted at their prefixes, the contract generated beside them.
    expect(bundle).toContain('/v1/sites/:site')
    expect(bundle).toContain('/openapi.json')
    expect(existsSync(join(outdir, 'assets', 'widget.js'))).toBe(true)
    expect(existsSync(join(outdir, 'assets', 'index.html'))).toBe(false)
  })
})
