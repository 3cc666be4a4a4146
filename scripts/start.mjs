// npm start: build the widget and demo, migrate the local D1, run wrangler dev on PORT (8787 unless set), apply
// the demo organisation with its origins on that port, seed it, and keep the cron ticking every minute
// (wrangler dev does not run crons by itself). If the demo cannot be set up, everything started here stops.
import { execFileSync, spawn } from 'node:child_process'
import { copyFileSync, existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { applyConfig, withLocalOrigins } from './apply-config.mjs'
import { readDevVars } from './dev-vars.mjs'
import { seedDemo } from './seed-demo.mjs'

const PORT = Number(process.env.PORT ?? 8787)
const BASE = `http://localhost:${PORT}`
// wrangler.toml's one [triggers] cron; the worker's scheduled handler runs the same work for any.
const CRON = '*/5 * * * *'
const wrangler = 'node_modules/.bin/wrangler'
const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' }

if (!Number.isInteger(PORT) || PORT < 1 || PORT > 65535) {
  console.error(`PORT must be a port number, not "${process.env.PORT}".`)
  process.exit(2)
}

/** Whether nothing listens on the port: otherwise the checks below would talk to whatever does. */
function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

if (!(await portIsFree(PORT))) {
  console.error(`Port ${PORT} is in use (another npm start?). Choose another: PORT=${PORT + 1} npm start`)
  process.exit(1)
}
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
let ticker
const stop = () => {
  clearInterval(ticker)
  dev.kill('SIGINT')
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
dev.on('exit', (code) => process.exit(process.exitCode ?? code ?? 0))

async function ready() {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${BASE}/openapi.json`)).ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`wrangler dev did not answer on ${BASE} within a minute`)
}

/** The demo organisation, its sites accepting this server's own origins, and its seeded conversations. */
async function setUpDemo(token) {
  await ready()
  const { status, body } = await applyConfig(withLocalOrigins(await readFile('demo/org.json', 'utf8'), BASE), BASE, token)
  if (status !== 200) throw new Error(`demo/org.json was refused: ${JSON.stringify(body, null, 2)}`)
  await seedDemo(BASE, token)
  return body
}

const token = readDevVars().ADMIN_API_TOKEN
const demoOrg = JSON.parse(await readFile('demo/org.json', 'utf8'))
const admin = demoOrg.admins?.[0]?.email
try {
  const config = await setUpDemo(token)
  console.log(`
  Byline is running.

    Demo page        ${BASE}/            (post a comment: it goes to the named responder)
    Mail outbox      ${BASE}/dev/mail    (the emails staff and visitors would get)
    Admin console    ${BASE}/admin       sign in as ${admin} to ${demoOrg.org.id}:
                     the sign-in link arrives in the mail outbox
    API contract     ${BASE}/openapi.json
    Demo org         demo/org.json (${config.staff.active.length} staff) — edit it, then:
                     npm run apply-config -- demo/org.json --url ${BASE} --local-origins

  Ctrl+C stops it.
`)
  ticker = setInterval(async () => {
    try {
      const res = await fetch(`${BASE}/__scheduled?cron=${encodeURIComponent(CRON)}`)
      if (!res.ok) console.error(`cron tick: HTTP ${res.status} ${await res.text()}`)
    } catch (e) {
      console.error(`cron tick failed: ${e.message}`)
    }
  }, 60_000)
} catch (e) {
  console.error(`\nnpm start: the demo could not be set up, so wrangler dev is stopping.\n  ${e.message}`)
  process.exitCode = 1
  stop()
}
