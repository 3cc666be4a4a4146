// npm run bench: figures, not assertions. Starts the worker as the e2e tests do (workerd + local D1 in a
// temporary folder), then times the hot paths from a client on loopback beside the worker's own 404 (the cost of
// the runtime and the router with no D1 at all), and prints the widget's size beside other comment systems' embed
// bundles (scripts/bench-peers.mjs; BENCH_PEERS=0 leaves them out). Requests are bounded in number (BENCH_REQUESTS,
// default 300 per row, after BENCH_WARMUP untimed ones, default 20; BENCH_CONCURRENCY clients, default 8); nothing but the
// peers' tarballs (npm, once, cached in .bench/peers/) leaves this machine.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { mkdtemp, readFile, symlink } from 'node:fs/promises'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { benchPeers } from './bench-peers.mjs'
import { startLocalWorker } from './local-worker.mjs'
import { TEST_DIST } from './test-dist.mjs'

const N = Number(process.env.BENCH_REQUESTS ?? 300)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 20)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8)

const git = (...args) => {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return ''
  }
}

/*
 * BENCH_REF=HEAD (or any commit) measures that commit, exported with `git archive` into a temporary folder (the
 * project's node_modules linked in), instead of the working tree: figures for a commit, not for edits in flight,
 * and a build folder no `npm test` running beside it shares.
 */
const REF = process.env.BENCH_REF
let tree
if (REF) {
  const sha = git('rev-parse', '--short', REF)
  if (!sha) throw new Error(`BENCH_REF=${REF}: no such commit`)
  const src = await mkdtemp(join(tmpdir(), 'byline-bench-src-'))
  execFileSync('sh', ['-c', 'git archive "$1" | tar -x -C "$2"', 'sh', sha, src])
  await symlink(resolve('node_modules'), join(src, 'node_modules'))
  process.on('exit', () => rmSync(src, { recursive: true, force: true }))
  process.chdir(src)
  tree = `commit ${sha} (exported by git archive)`
} else {
  const dirty = git('status', '--porcelain', '--untracked-files=no', '--', 'widget', 'worker', 'schema').split('\n').filter(Boolean).length
  tree = `working tree at ${git('rev-parse', '--short', 'HEAD') || '?'}${dirty ? ` + ${dirty} uncommitted files in widget/ worker/ schema/` : ''}`
}

execFileSync(process.execPath, ['scripts/build.mjs', '--demo', '--outdir', TEST_DIST], { stdio: 'inherit' })
const worker = await startLocalWorker({ name: 'bench', adminToken: 'bench-admin-token' })
const base = worker.url

/** `count` requests from CONCURRENCY clients; timed unless it is a warm-up. */
async function run(makeRequest, expectStatus, count, label) {
  const times = []
  let bytes = 0
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++
        const t = performance.now()
        const res = await makeRequest(i)
        bytes = (await res.arrayBuffer()).byteLength
        if (res.status !== expectStatus) throw new Error(`${label}: HTTP ${res.status}, expected ${expectStatus}`)
        times.push(performance.now() - t)
      }
    }),
  )
  const wall = performance.now() - started
  times.sort((a, b) => a - b)
  const pct = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]
  return { rps: count / (wall / 1000), p50: pct(50), p95: pct(95), p99: pct(99), bytes }
}

const page = `${base}/bench/page`
/*
 * As the widget posts (widget/src/api.ts): JSON, the site's origin, and an Idempotency-Key of its own for each
 * draft, so the worker's replay lookup is part of the figure. A distinct client address per request: the per-IP
 * rate limit would otherwise stop the run at 10.
 */
const newKey = () => crypto.getRandomValues(new Uint32Array(4)).join('-')
const poster = (url, tag) => (i) =>
  fetch(`${base}/v1/sites/demo/comments`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: base,
      'idempotency-key': newKey(),
      'cf-connecting-ip': `198.18.${(tag + (i >> 8)) & 255}.${i & 255}`,
    },
    body: JSON.stringify({ url, name: `Bench ${i}`, email: `bench${tag}x${i}@visitor.test`, body: `Comment number ${i}.\n\nSecond paragraph.` }),
  })
const reader = (url) => () => fetch(`${base}/v1/sites/demo/thread?url=${encodeURIComponent(url)}`, { headers: { origin: base } })

const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 3000)
const cases = [
  // The worker's own 404 for an unknown /v1 path: routing and the JSON error, no D1. The floor the others are read against.
  { name: 'GET /v1/nope (404, no D1)', req: () => fetch(`${base}/v1/nope`, { headers: { origin: base } }), status: 404 },
  { name: 'GET thread (empty page)', req: reader(`${base}/bench/empty`), status: 200 },
  // Warm-up posts go to a page of their own, so the thread read below holds exactly N conversations. Each post
  // schedules its event deliveries after the answer (waitUntil), as in production: that work is part of the post's
  // figure, and the next row starts once it has settled (BENCH_SETTLE_MS).
  { name: 'POST comment (new conversation)', req: poster(page, 0), warm: poster(`${base}/bench/warmup`, 128), status: 201, settle: true },
  { name: `GET thread (${N} conversations)`, req: reader(page), status: 200 },
]

const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU'
console.log(`\nByline bench: local workerd + D1 (SQLite), ${CONCURRENCY} concurrent clients on loopback`)
console.log(
  `Node ${process.versions.node}, ${availableParallelism()} cores (${cpu}), ${N} timed requests per row after ${WARMUP} untimed; ${tree}\n`,
)
const results = []
try {
  for (const c of cases) {
    if (WARMUP) await run(c.warm ?? c.req, c.status, WARMUP, `${c.name} (warm-up)`)
    results.push({ ...c, ...(await run(c.req, c.status, N, c.name)) })
    if (c.settle) await new Promise((done) => setTimeout(done, SETTLE_MS))
  }
} finally {
  await worker.dispose()
}

const floor = results[0]
const ms = (x) => x.toFixed(1)
console.log('| request | req/s | p50 ms | p95 ms | p99 ms | req/s ÷ 404 | p50 ÷ 404 | answer bytes |')
console.log('|---|---:|---:|---:|---:|---:|---:|---:|')
for (const r of results)
  console.log(
    `| ${r.name} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${(r.rps / floor.rps).toFixed(2)} | ${(r.p50 / floor.p50).toFixed(1)}× | ${r.bytes.toLocaleString('en')} |`,
  )

if (process.env.BENCH_PEERS !== '0') await benchPeers(`${TEST_DIST}/widget.js`)
else {
  const js = await readFile(`${TEST_DIST}/widget.js`)
  console.log(`\nwidget.js: ${js.length} B, ${gzipSync(js, { level: 9 }).length} B gzip`)
}
