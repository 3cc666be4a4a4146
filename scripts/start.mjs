// npm start: build the widget and demo, migrate the local D1, run wrangler dev on :8787, apply the demo
// organisation, and keep the cron ticking every minute (wrangler dev does not run crons by itself).
import { execFileSync, spawn } from 'node:child_process'
import { copyFileSync, existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { applyConfig } from './apply-config.mjs'
import { readDevVars } from './dev-vars.mjs'
import { seedDemo } from './seed-demo.mjs'

const PORT = Number(process.env.PORT ?? 8787)
const BASE = `http://localhost:${PORT}`
const wrangler = 'node_modules/.bin/wrangler'
const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' }

if (!existsSync('.dev.vars')) {
  copyFileSync('.dev.vars.example', '.dev.vars')
  console.log('Created .dev.vars from .dev.vars.example')
}
execFileSync(process.execPath, ['scripts/build.mjs', '--demo'], { stdio: 'inherit' })
execFileSync(wrangler, ['d1', 'migrations', 'apply', 'byline', '--local'], { stdio: 'inherit', env })

// Links in the outbox's emails must point at this very server, whatever .dev.vars says.
const vars = ['--var', `PUBLIC_URL:${BASE}`]
const dev = spawn(wrangler, ['dev', '--port', String(PORT), '--ip', '127.0.0.1', '--test-scheduled', '--show-interactive-dev-session=false', ...vars], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env,
})
const stop = () => dev.kill('SIGINT')
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
dev.on('exit', (code) => process.exit(code ?? 0))

async function ready() {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${BASE}/openapi.json`)).ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`wrangler dev did not answer on ${BASE} within a minute`)
}

await ready()
const token = readDevVars().ADMIN_API_TOKEN
const { status, body } = await applyConfig(await readFile('demo/org.json', 'utf8'), BASE, token)
if (status !== 200) {
  console.error('The demo organisation was refused:', JSON.stringify(body, null, 2))
  stop()
} else {
  await seedDemo(BASE, token)
  console.log(`
  Byline is running.

    Demo page        ${BASE}/            (post a comment: it goes to the named responder)
    Mail outbox      ${BASE}/dev/mail    (the emails staff and visitors would get)
    API contract     ${BASE}/openapi.json
    Demo org         demo/org.json (${body.staff.active.length} staff) — edit it, then: npm run apply-config -- demo/org.json

  Ctrl+C stops it.
`)
  setInterval(() => fetch(`${BASE}/__scheduled?cron=*/5+*+*+*+*`).catch(() => {}), 60_000)
}
