// The real worker on a free local port, as `wrangler dev` runs it (workerd, the assets built into dist-test/),
// with its own D1 in a fresh folder migrated by wrangler's own command, and the demo organisation applied with
// its origins pointed at that port. Used by the end-to-end tests and the benchmark; it shares neither port, nor
// D1, nor assets with a running `npm start`.
import { execFileSync } from 'node:child_process'
import { mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { unstable_startWorker } from 'wrangler'
import WebSocket from 'ws'
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

/** The workerd processes this process started (miniflare spawns them as its children), from /proc; [] elsewhere. */
async function childWorkerds() {
  const entries = await readdir('/proc').catch(() => [])
  const pids = []
  for (const pid of entries.filter((e) => /^\d+$/.test(e))) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
    // pid (comm) state ppid …: the command name may hold spaces, so read after its closing parenthesis.
    const [, comm, rest] = /^\d+ \((.*)\) (.*)$/s.exec(stat) ?? []
    if (comm === 'workerd' && Number(rest?.split(' ')[1]) === process.pid) pids.push(Number(pid))
  }
  return pids
}

async function holdsSqlite(pid) {
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => [])
  for (const fd of fds) if ((await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')).endsWith('.sqlite')) return true
  return false
}

async function findAsync(items, test) {
  for (const item of items) if (await test(item)) return item
  return undefined
}

/**
 * `prepare({ persist, url })`, if given, runs on the migrated database before the worker opens it (a seed
 * written with `wrangler d1 execute` must not race the worker for the SQLite file). The answer's `pid` is the
 * workerd process running the worker (null where /proc cannot tell), for memory figures. `assets`: the built folder to
 * serve, dist-test/ unless the caller built its own. `inspector: true` opens the worker's DevTools inspector on loopback
and answers `heapUsed()`: the isolate's V8 heap after a full collection, the worker's own memory without SQLite's.
 */
export async function startLocalWorker({ name, adminToken, prepare, assets = TEST_DIST, inspector = false }) {
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
  if (prepare) await prepare({ persist, url })
  const before = new Set(await childWorkerds())
  const text = (value) => ({ type: 'plain_text', value })
  const worker = await unstable_startWorker({
    config: 'wrangler.toml',
    assets,
    envFiles: [],
    // Every binding the worker needs, so nothing depends on a local .dev.vars.
    bindings: {
      ENVIRONMENT: text('development'),
      ADMIN_API_TOKEN: text(adminToken),
      PUBLIC_URL: text(url),
      HMAC_SECRET: text(`${name}-hmac-secret`),
      INBOUND_DOMAIN: text('inbound.localhost'),
    },
    dev: {
      server: { hostname: '127.0.0.1', port },
      inspector: inspector ? { hostname: '127.0.0.1', port: await freePort() } : false,
      persist,
      watch: false,
      logLevel: 'warn',
    },
  })
  await worker.ready

  const demo = withLocalOrigins(await readFile('demo/org.json', 'utf8'), url)
  const { status, body } = await applyConfig(demo, url, adminToken)
  if (status !== 200) throw new Error(`demo config refused: ${status} ${JSON.stringify(body)}`)
  // wrangler starts two workerd: a proxy on our port, and the runtime that runs the worker and holds D1's SQLite
  // files (open once a request has used D1, as the config just did).
  const started = (await childWorkerds()).filter((p) => !before.has(p))
  const pid = (await findAsync(started, holdsSqlite)) ?? null

  const devtools = inspector ? await openDevtools(await worker.inspectorUrl) : null

  return {
    url,
    pid,
    heapUsed: devtools?.heapUsed,
    async dispose() {
      devtools?.close()
      await worker.dispose()
      await rm(persist, { recursive: true, force: true })
    },
  }
}

/** A DevTools protocol session with the worker's isolate (wrangler's inspector proxy lists it at /json). */
async function openDevtools(inspectorUrl) {
  if (!inspectorUrl) throw new Error('the worker has no inspector')
  const [target] = await (await fetch(`http://${inspectorUrl.host}/json`)).json()
  const socket = new WebSocket(target.webSocketDebuggerUrl)
  await new Promise((resolve, reject) => {
    socket.once('open', resolve)
    socket.once('error', reject)
  })
  let last = 0
  const call = (method) =>
    new Promise((resolve) => {
      const id = ++last
      const onMessage = (data) => {
        const message = JSON.parse(String(data))
        if (message.id !== id) return
        socket.off('message', onMessage)
        resolve(message.result)
      }
      socket.on('message', onMessage)
      socket.send(JSON.stringify({ id, method }))
    })
  return {
    async heapUsed() {
      // workerd's inspector does not answer HeapProfiler.collectGarbage; a heap snapshot collects first (its chunks are dropped).
      await call('HeapProfiler.takeHeapSnapshot')
      return (await call('Runtime.getHeapUsage')).usedSize
    },
    close: () => socket.close(),
  }
}
