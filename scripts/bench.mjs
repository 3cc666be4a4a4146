// npm run bench: figures, not assertions. Starts the worker as the e2e tests do (workerd + local D1 in a
// temporary folder), then times the hot paths from a client on loopback beside the worker's own 404 (the cost of
// the runtime and the router with no D1 at all), and prints the widget's size beside other comment systems' embed
// bundles (scripts/bench-peers.mjs; BENCH_PEERS=0 leaves them out). Requests are bounded in number (BENCH_REQUESTS,
// default 300 per row, after BENCH_WARMUP untimed ones, default 20; BENCH_CONCURRENCY clients, default 8); nothing but the
// peers' tarballs (npm, once, cached in .bench/peers/) leaves this machine.
//
// Then the same requests at two sizes of one organisation, in the same run: 1,000 comments over 10 pages, and
// BENCH_SCALE comments (default 1,000,000) over BENCH_SCALE ÷ 100 pages, each seeded by scripts/seed-scale.mjs into
// its own database before its worker starts, with the ratio of the two beside each figure (BENCH_SCALE=0: the small
// size only). The two workers take turns, BENCH_ROUNDS times (default 3), so a machine busy with something else
// slows both alike; figures are the median over rounds. Last, BENCH_MEMORY_READS thread reads (default 10,000) on the
// largest worker, with workerd's resident memory read from /proc before, during and after. Then, where the tree
// has them, the render rows (scripts/bench-render.mjs), the staff side (bench-staff.mjs) and the cached and
// revalidated reads (bench-etag.mjs): BENCH_RENDER=0, BENCH_STAFF=0, BENCH_ETAG=0 leave them out.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { mkdtemp, readFile, symlink } from 'node:fs/promises'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { benchPeers } from './bench-peers.mjs'
import { startLocalWorker } from './local-worker.mjs'
import { scalePageKey, SCALE_SITES, seedScale } from './seed-scale.mjs'

const N = Number(process.env.BENCH_REQUESTS ?? 300)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 20)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8)
const SMALL = 1000
const SCALE = Number(process.env.BENCH_SCALE ?? 1_000_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
// Latency is the goal at scale: one client by default, so a figure is the request's own cost, not a queue's.
const SCALE_CONCURRENCY = Number(process.env.BENCH_SCALE_CONCURRENCY ?? 1)
const MEMORY_READS = Number(process.env.BENCH_MEMORY_READS ?? 10_000)
const SPACE_MS = Number(process.env.BENCH_SPACE_MS ?? 250)
const SPACED = Number(process.env.BENCH_SPACED_POSTS ?? 60)
/** The request, started SPACE_MS after it is asked for; the pause is taken off its time by the caller. */
const spaced = (request) => async (i) => {
  await new Promise((done) => setTimeout(done, SPACE_MS))
  const t = performance.now()
  const res = await request(i)
  res.elapsed = performance.now() - t
  return res
}
// Its own build folder: dist-test/ belongs to `npm test`, which may be running beside the bench.
const DIST = '.bench/dist'

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

const benchStarted = performance.now()
execFileSync(process.execPath, ['scripts/build.mjs', '--demo', '--outdir', DIST], { stdio: 'inherit' })

/*
 * A worker whose database holds the scale organisation at `comments` comments (seeded before it starts), with the
 * cron run once so whatever it rolls up is in place before the first read, as it would be in production.
 */
async function scaleWorker(comments) {
  let seeded
  const worker = await startLocalWorker({
    name: `bench-${comments}`,
    adminToken: 'bench-admin-token',
    assets: DIST,
    // The memory figures read the isolate's heap through its inspector.
    inspector: MEMORY_READS > 0,
    prepare: async ({ persist, url }) => {
      seeded = await seedScale({ comments, pages: Math.max(1, Math.round(comments / 100)), persist, origins: [url] })
    },
  })
  const t = performance.now()
  const cron = await fetch(`${worker.url}/dev/cron`, { method: 'POST', redirect: 'manual' })
  if (cron.status !== 303) throw new Error(`cron after seeding ${comments}: HTTP ${cron.status}`)
  return { ...worker, comments, seeded, cronSeconds: (performance.now() - t) / 1000 }
}

const small = await scaleWorker(SMALL)
// The demo site's rows run on the small worker: the scale organisation beside it is a different org.
const worker = small
const base = worker.url

/** `count` requests from `concurrency` clients; timed unless it is a warm-up. */
async function run(makeRequest, expectStatus, count, label, concurrency = CONCURRENCY) {
  const times = []
  let bytes = 0
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++
        const t = performance.now()
        const res = await makeRequest(i)
        bytes = (await res.arrayBuffer()).byteLength
        if (res.status !== expectStatus) throw new Error(`${label}: HTTP ${res.status}, expected ${expectStatus}`)
        times.push(res.elapsed ?? performance.now() - t)
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
const poster = (url, tag, at = base, site = 'demo') => (i) =>
  fetch(`${at}/v1/sites/${site}/comments`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: at,
      'idempotency-key': newKey(),
      'cf-connecting-ip': `198.18.${(tag + (i >> 8)) & 255}.${i & 255}`,
    },
    body: JSON.stringify({ url, name: `Bench ${i}`, email: `bench${tag}x${i}@visitor.test`, body: `Comment number ${i}.\n\nSecond paragraph.` }),
  })
const reader = (url, at = base, site = 'demo') => () =>
  fetch(`${at}/v1/sites/${site}/thread?url=${encodeURIComponent(url)}`, { headers: { origin: at } })

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
const workers = [small]
try {
  for (const c of cases) {
    if (WARMUP) await run(c.warm ?? c.req, c.status, WARMUP, `${c.name} (warm-up)`)
    results.push({ ...c, ...(await run(c.req, c.status, N, c.name)) })
    if (c.settle) await new Promise((done) => setTimeout(done, SETTLE_MS))
  }

  const ms = (x) => x.toFixed(1)
  const floor = results[0]
  console.log('| request | req/s | p50 ms | p95 ms | p99 ms | req/s ÷ 404 | p50 ÷ 404 | answer bytes |')
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|')
  for (const r of results)
    console.log(
      `| ${r.name} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${(r.rps / floor.rps).toFixed(2)} | ${(r.p50 / floor.p50).toFixed(1)}× | ${r.bytes.toLocaleString('en')} |`,
    )

  if (SCALE > 0) workers.push(await scaleWorker(SCALE))
  const count = (n) => n.toLocaleString('en')
  console.log('\nThe scale organisation (scripts/seed-scale.mjs), one database per size:\n')
  console.log('| comments | conversations | awaiting | pages | comments on the page read | D1 on disk MB | seeding s | first cron tick s |')
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|')
  for (const w of workers)
    console.log(
      `| ${count(w.seeded.comments)} | ${count(w.seeded.conversations)} | ${count(w.seeded.awaiting)} | ${count(w.seeded.pages)} | ` +
        `${w.seeded.firstPageComments} | ${(w.seeded.bytes / 1e6).toFixed(0)} | ${w.seeded.seconds.toFixed(1)} | ${w.cronSeconds.toFixed(1)} |`,
    )

  // The same three requests on each size; the site's other pages and sites are the organisation around them.
  const site = SCALE_SITES[0].id
  /*
   * Threads are cached (the isolate's recent answers, the Cache API) under their ETag, so a repeated read costs
   * little at any size. "Not cached" asks with a topic never asked before (one more cache key; no routing rule of
   * these sites looks at topics, so the answer is the same thread): the whole read, the figure that must stay flat.
   */
  let asked = 0
  const uncached = (url, w) => () => fetch(`${w.url}/v1/sites/${site}/thread?url=${encodeURIComponent(url)}&topic=bench-${++asked}`, { headers: { origin: w.url } })
  const scaleCases = [
    { name: 'GET thread (page of ~100 comments, not cached)', req: (w) => uncached(w.url + scalePageKey(0), w), status: 200 },
    { name: 'GET thread (page of ~100 comments, cached)', req: (w) => reader(w.url + scalePageKey(0), w.url, site), status: 200 },
    { name: 'GET thread (empty page, not cached)', req: (w) => uncached(`${w.url}/news/never-commented`, w), status: 200 },
    {
      name: 'POST comment (new conversation)',
      req: (w, round) => poster(`${w.url}/news/bench-posts`, 16 + 4 * round, w.url, site),
      warm: (w, round) => poster(`${w.url}/news/bench-warmup`, 144 + 4 * round, w.url, site),
      status: 201,
      settle: true,
    },
    /*
     * Each post's record roll-up and mail run after its answer (waitUntil), on the same D1 as the next post: back to
     * back, a post also waits for the last one's. Spaced by BENCH_SPACE_MS (untimed), a post is timed on its own.
     */
    {
      name: `POST comment (one every ${SPACE_MS} ms)`,
      req: (w, round) => spaced(poster(`${w.url}/news/bench-spaced`, 80 + 4 * round, w.url, site)),
      count: SPACED,
      status: 201,
      settle: true,
    },
  ]
  const runs = new Map(scaleCases.map((c) => [c.name, new Map(workers.map((w) => [w.comments, []]))]))
  for (let round = 0; round < ROUNDS; round++)
    for (const c of scaleCases)
      // Each round the other size goes first, so neither always runs on a machine the other just warmed.
      for (const w of round % 2 ? [...workers].reverse() : workers) {
        if (WARMUP) await run((c.warm ?? c.req)(w, round), c.status, WARMUP, `${c.name} at ${w.comments} (warm-up)`, SCALE_CONCURRENCY)
        runs.get(c.name).get(w.comments).push(await run(c.req(w, round), c.status, c.count ?? N, `${c.name} at ${w.comments}`, SCALE_CONCURRENCY))
        if (c.settle) await new Promise((done) => setTimeout(done, SETTLE_MS))
      }

  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
  const of = (list, key) => median(list.map((r) => r[key]))
  const big = workers.at(-1)
  const label = (n) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : `${n}`)
  const [lo, hi] = [label(SMALL), label(big.comments)]
  console.log(
    `\nAt ${count(SMALL)} and ${count(big.comments)} comments: ${SCALE_CONCURRENCY} client${SCALE_CONCURRENCY === 1 ? '' : 's'}, ` +
      `${N} timed requests per size, row and round after ${WARMUP} untimed; median of ${ROUNDS} rounds. Goal: ${hi} ÷ ${lo} ≤ 1.5×.\n`,
  )
  if (workers.length > 1) {
    console.log(`| request | p50 ms ${lo} | p50 ms ${hi} | p50 ${hi} ÷ ${lo} | p95 ms ${lo} | p95 ms ${hi} | p95 ${hi} ÷ ${lo} | req/s ${lo} | req/s ${hi} | answer bytes ${hi} |`)
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  } else {
    console.log(`| request | p50 ms ${lo} | p95 ms ${lo} | req/s ${lo} | answer bytes ${lo} |`)
    console.log('|---|---:|---:|---:|---:|')
  }
  for (const c of scaleCases) {
    const [a, b] = workers.map((w) => runs.get(c.name).get(w.comments))
    if (!b) console.log(`| ${c.name} | ${ms(of(a, 'p50'))} | ${ms(of(a, 'p95'))} | ${of(a, 'rps').toFixed(0)} | ${count(a.at(-1).bytes)} |`)
    else
      console.log(
        `| ${c.name} | ${ms(of(a, 'p50'))} | ${ms(of(b, 'p50'))} | **${(of(b, 'p50') / of(a, 'p50')).toFixed(2)}×** | ` +
          `${ms(of(a, 'p95'))} | ${ms(of(b, 'p95'))} | ${(of(b, 'p95') / of(a, 'p95')).toFixed(2)}× | ` +
          `${c.count ? '—' : of(a, 'rps').toFixed(0)} | ${c.count ? '—' : of(b, 'rps').toFixed(0)} | ${count(b.at(-1).bytes)} |`,
      )
  }

  /*
   * Memory: MEMORY_READS reads of the ~100-comment page on the largest database, CONCURRENCY clients, after 500
   * untimed ones (code compiled, caches filled). Resident memory of the workerd process (VmRSS in /proc), which holds
   * the worker's isolate and, locally, D1's SQLite and its page cache too.
   */
  if (MEMORY_READS > 0) {
    if (!big.pid) console.log('\nMemory: no workerd process found in /proc; skipped.')
    else {
      const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${big.pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024
      // The same request again and again, as a page's visitors make it: served from the isolate's answers, with a
      // whole read whenever the tag's minute turns. (With a new way of asking each time, each answer would also be
      // a new Cache API entry, which local workerd keeps in this same process: not the worker's memory.)
      const read = reader(big.url + scalePageKey(0), big.url, site)
      await run(read, 200, 500, 'memory warm-up')
      await new Promise((done) => setTimeout(done, 1000))
      // The worker's own memory: its isolate's V8 heap after a full collection (local-worker.mjs heapUsed).
      const heap = async () => (await big.heapUsed()) / 1024 / 1024
      const samples = [{ reads: 0, mb: rss(), heap: await heap() }]
      const slice = Math.max(1, Math.round(MEMORY_READS / 10))
      const t = performance.now()
      for (let done = 0; done < MEMORY_READS; done += slice) {
        await run(read, 200, Math.min(slice, MEMORY_READS - done), 'memory reads')
        samples.push({ reads: Math.min(MEMORY_READS, done + slice), mb: rss(), heap: await heap() })
      }
      const seconds = (performance.now() - t) / 1000
      await new Promise((done) => setTimeout(done, 2000))
      const after = rss()
      const heapAfter = await heap()
      const first = samples[0].mb
      const half = samples[Math.floor(samples.length / 2)]
      const last = samples.at(-1).mb
      console.log(
        `\nMemory of workerd (pid ${big.pid}, VmRSS) across ${count(MEMORY_READS)} thread reads at ${count(big.comments)} comments, ` +
          `${CONCURRENCY} clients, ${seconds.toFixed(0)} s:\n`,
      )
      console.log(`| reads done | ${samples.map((s) => count(s.reads)).join(' | ')} | 2 s later |`)
      console.log(`|---|${samples.map(() => '---:').join('|')}|---:|`)
      console.log(`| RSS MB | ${samples.map((s) => s.mb.toFixed(0)).join(' | ')} | ${after.toFixed(0)} |`)
      console.log(`| worker heap MB (V8, after a collection) | ${samples.map((s) => s.heap.toFixed(1)).join(' | ')} | ${heapAfter.toFixed(1)} |`)
      console.log(
        `\nGrowth: ${(after - first).toFixed(1)} MB from before the reads to after them ` +
          `(${(last - half.mb).toFixed(1)} MB over the last ${count(MEMORY_READS - half.reads)}); peak ${Math.max(...samples.map((s) => s.mb)).toFixed(0)} MB. ` +
          `Worker heap: ${(heapAfter - samples[0].heap).toFixed(1)} MB from before to after.`,
      )
    }
  }
} finally {
  for (const w of workers) await w.dispose()
}

if (process.env.BENCH_PEERS !== '0') await benchPeers(`${DIST}/widget.js`)
else {
  const js = await readFile(`${DIST}/widget.js`)
  console.log(`\nwidget.js: ${js.length} B, ${gzipSync(js, { level: 9 }).length} B gzip`)
}
// Render and staff-side figures come from scripts of their own, where the tree being measured has them (a
// BENCH_REF commit may predate them): BENCH_RENDER=0, BENCH_STAFF=0 skip them.
const cell = (v) => (typeof v === 'number' ? (Number.isInteger(v) ? v.toLocaleString('en') : v.toFixed(2)) : String(v))
for (const [file, name, flag, options] of [
  ['scripts/bench-render.mjs', 'benchRender', 'BENCH_RENDER', { widget: resolve(DIST, 'widget.js') }],
  ['scripts/bench-staff.mjs', 'benchStaff', 'BENCH_STAFF', {}],
]) {
  if (process.env[flag] === '0' || !existsSync(file)) continue
  let rows
  try {
    rows = await (await import(pathToFileURL(resolve(file)).href))[name](options)
  } catch (error) {
    // Theirs to fix: the figures above stand without them.
    console.log(`\n${file}: failed: ${error instanceof Error ? error.message : error}`)
    continue
  }
  const list = Array.isArray(rows) ? rows : [rows]
  // Lines of their own (markdown already), or row objects to lay out here.
  if (list.every((r) => typeof r === 'string')) {
    console.log(`\n${list.join('\n')}`)
    continue
  }
  if (!list[0] || typeof list[0] !== 'object') continue
  const keys = Object.keys(list[0]).filter((k) => typeof list[0][k] !== 'object')
  console.log(`\n${file}:\n\n| ${keys.join(' | ')} |\n|${keys.map(() => '---').join('|')}|`)
  for (const r of list) console.log(`| ${keys.map((k) => cell(r[k])).join(' | ')} |`)
}
// The cached and revalidated thread reads: a script that prints its own table, run as it is (BENCH_ETAG=0 skips it).
if (process.env.BENCH_ETAG !== '0' && existsSync('scripts/bench-etag.mjs')) {
  console.log('\nscripts/bench-etag.mjs:')
  try {
    execFileSync(process.execPath, ['scripts/bench-etag.mjs'], { stdio: ['ignore', 'inherit', 'inherit'] })
  } catch {
    console.log('scripts/bench-etag.mjs failed; the figures above stand without it.')
  }
}
console.log(`\nThe whole run took ${((performance.now() - benchStarted) / 1000).toFixed(0)} s.`)
