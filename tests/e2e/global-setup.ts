import { execFileSync } from 'node:child_process'
import { createServer } from 'node:net'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { unstable_startWorker } from 'wrangler'

export const E2E_ADMIN_TOKEN = 'e2e-admin-token'

declare module 'vitest' {
  export interface ProvidedContext {
    bylineUrl: string
  }
}

/**
 * Starts the real worker as `wrangler dev` would (workerd, local D1 in a fresh folder, the built assets in
 * dist/), migrates it with wrangler's own command, and applies the demo organisation, its origins pointed
 * at this worker's port.
 */
/** A port nothing listens on now, so links in emails can name the worker's address before it starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

export default async function setup(project: TestProject) {
  const persist = await mkdtemp(join(tmpdir(), 'byline-e2e-'))
  const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' }
  execFileSync('node_modules/.bin/wrangler', ['d1', 'migrations', 'apply', 'byline', '--local', '--persist-to', persist], {
    env,
    stdio: 'pipe',
  })
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false'
  const port = await freePort()
  const worker = await unstable_startWorker({
    config: 'wrangler.toml',
    envFiles: [],
    bindings: {
      ENVIRONMENT: { type: 'plain_text', value: 'development' },
      ADMIN_API_TOKEN: { type: 'plain_text', value: E2E_ADMIN_TOKEN },
      PUBLIC_URL: { type: 'plain_text', value: `http://127.0.0.1:${port}` },
      HMAC_SECRET: { type: 'plain_text', value: 'e2e-hmac-secret' },
      INBOUND_DOMAIN: { type: 'plain_text', value: 'inbound.localhost' },
    },
    dev: { server: { hostname: '127.0.0.1', port }, inspector: false, persist, watch: false, logLevel: 'warn' },
  })
  await worker.ready
  const url = (await worker.url).origin

  const demo = JSON.parse(await readFile('demo/org.json', 'utf8')) as { sites: { origins: string[] }[] }
  for (const site of demo.sites) site.origins = [url]
  const res = await fetch(`${url}/v1/admin/config`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(demo),
  })
  if (!res.ok) throw new Error(`demo config refused: ${res.status} ${await res.text()}`)

  project.provide('bylineUrl', url)
  return async () => {
    await worker.dispose()
    await rm(persist, { recursive: true, force: true })
  }
}
