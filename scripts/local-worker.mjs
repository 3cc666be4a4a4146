// The real worker on a free local port, as `wrangler dev` runs it (workerd, the assets built into dist-test/),
// with its own D1 in a fresh folder migrated by wrangler's own command, and the demo organisation applied with
// its origins pointed at that port. Used by the end-to-end tests and the benchmark; it shares neither port, nor
// D1, nor assets with a running `npm start`.
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { unstable_startWorker } from 'wrangler'
import { applyConfig, withLocalOrigins } from './apply-config.mjs'
import { TEST_DIST } from './test-dist.mjs'

/** A port nothing listens on now, so links in emails can name the worker's address before it starts. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

export async function startLocalWorker({ name, adminToken }) {
  // No network here: don't let wrangler try to fetch request.cf data.
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false'
  const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' }
  const persist = await mkdtemp(join(tmpdir(), `byline-${name}-`))
  execFileSync('node_modules/.bin/wrangler', ['d1', 'migrations', 'apply', 'byline', '--local', '--persist-to', persist], {
    env,
    stdio: 'pipe',
  })
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const text = (value) => ({ type: 'plain_text', value })
  const worker = await unstable_startWorker({
    config: 'wrangler.toml',
    assets: TEST_DIST,
    envFiles: [],
    // Every binding the worker needs, so nothing depends on a local .dev.vars.
    bindings: {
      ENVIRONMENT: text('development'),
      ADMIN_API_TOKEN: text(adminToken),
      PUBLIC_URL: text(url),
      HMAC_SECRET: text(`${name}-hmac-secret`),
      INBOUND_DOMAIN: text('inbound.localhost'),
    },
    dev: { server: { hostname: '127.0.0.1', port }, inspector: false, persist, watch: false, logLevel: 'warn' },
  })
  await worker.ready

  const demo = withLocalOrigins(await readFile('demo/org.json', 'utf8'), url)
  const { status, body } = await applyConfig(demo, url, adminToken)
  if (status !== 200) throw new Error(`demo config refused: ${status} ${JSON.stringify(body)}`)

  return {
    url,
    async dispose() {
      await worker.dispose()
      await rm(persist, { recursive: true, force: true })
    },
  }
}
