// npm run check:deploy [-- --outdir DIR]: what `npm run deploy` would upload, built and not uploaded: the
// production assets (no demo) and `wrangler deploy --dry-run` of the production wrangler.toml, so a bundling
// error that development hides fails here. Into DIR/assets and DIR/bundle, or a temporary folder removed after.
// Needs no account and no network.
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const { outdir } = parseArgs({ options: { outdir: { type: 'string' } } }).values
const dir = outdir ?? (await mkdtemp(join(tmpdir(), 'byline-deploy-')))
const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true' }

try {
  const assets = join(dir, 'assets')
  execFileSync(process.execPath, ['scripts/build.mjs', '--outdir', assets], { stdio: 'inherit' })
  execFileSync('node_modules/.bin/wrangler', ['deploy', '--dry-run', '--outdir', join(dir, 'bundle'), '--assets', assets], {
    stdio: 'inherit',
    env,
  })
  const { size } = await stat(join(dir, 'bundle', 'index.js'))
  console.log(`check:deploy: the worker bundles for production (${size} B)`)
} catch (e) {
  console.error(`check:deploy failed: ${e.message.split('\n')[0]}`)
  process.exitCode = 1
} finally {
  if (!outdir) await rm(dir, { recursive: true, force: true })
}
