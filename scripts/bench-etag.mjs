// node scripts/bench-etag.mjs: what a thread read costs by how it is answered, beside the worker's own 404, on one
// local worker (workerd + local D1, as npm run bench starts it): a cached answer (the isolate's recent answers, else
// the Workers Cache API) after one small D1 statement (the site with the versions); an answer the cache cannot give
// (a way of asking it has not seen, so the whole thread is read, one batch); and a browser's revalidation with
// If-None-Match (304, the same one statement). Figures, not assertions. ETAG_REQUESTS timed requests per row
// (default 200) after 20 untimed, 8 clients; ETAG_COMMENTS conversations on the page (default 200).
import { execFileSync } from 'node:child_process'
import { startLocalWorker } from './local-worker.mjs'

const N = Number(process.env.ETAG_REQUESTS ?? 200)
const COMMENTS = Number(process.env.ETAG_COMMENTS ?? 200)
const WARMUP = 20
const CONCURRENCY = 8
// A build folder of its own: dist-test/ and .bench/dist belong to npm test and npm run bench.
const DIST = '.bench/etag-dist'

execFileSync(process.execPath, ['scripts/build.mjs', '--demo', '--outdir', DIST], { stdio: 'inherit' })
const worker = await startLocalWorker({ name: 'bench-etag', adminToken: 'bench-admin-token', assets: DIST })
const base = worker.url

async function run(makeRequest, expectStatus, count, label, onFresh) {
  const times = []
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++
        const t = performance.now()
        const res = await makeRequest(i)
        await res.arrayBuffer()
        if (res.status !== expectStatus && !(res.status === 200 && onFresh)) throw new Error(`${label}: HTTP ${res.status}, expected ${expectStatus}`)
        if (res.status === 200 && onFresh) onFresh(res)
        times.push(performance.now() - t)
      }
    }),
  )
  const wall = performance.now() - started
  times.sort((a, b) => a - b)
  return { rps: count / (wall / 1000), p50: times[Math.floor(times.length / 2)] }
}

const page = `${base}/bench/etag`
const post = (i) =>
  fetch(`${base}/v1/sites/demo/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base, 'idempotency-key': `etag-${i}-${Date.now()}`, 'cf-connecting-ip': `198.19.${i >> 8}.${i & 255}` },
    body: JSON.stringify({ url: page, name: `Bench ${i}`, email: `etag${i}@visitor.test`, body: `Comment number ${i}.` }),
  })
const thread = (query = '', headers = {}) => fetch(`${base}/v1/sites/demo/thread?url=${encodeURIComponent(page)}${query}`, { headers: { origin: base, ...headers } })

try {
  for (let i = 0; i < COMMENTS; i++) if ((await post(i)).status !== 201) throw new Error(`seeding post ${i} refused`)
  // Let the deliveries those posts scheduled (and the record roll-ups they bump the versions with) settle.
  await new Promise((done) => setTimeout(done, 3000))
  // A tag lasts for its minute at most (away periods): a revalidation that gets a 200 takes the new tag, and is counted.
  let tag = (await thread()).headers.get('etag')
  let fresh = 0
  const renewTag = (res) => {
    fresh++
    tag = res.headers.get('etag')
  }
  const cases = [
    { name: 'GET /v1/nope (404, no D1)', req: () => fetch(`${base}/v1/nope`, { headers: { origin: base } }), status: 404 },
    { name: `GET thread, ${COMMENTS} conversations, cached (isolate, else Cache API)`, req: () => thread(), status: 200 },
    // Each topic is another way of asking (routing may differ), so another cache entry: the whole thread is read.
    { name: `GET thread, ${COMMENTS} conversations, not cached`, req: (i) => thread(`&topic=t${i}-${Date.now()}`), status: 200 },
    { name: 'GET thread with If-None-Match (304)', req: () => thread('', { 'if-none-match': tag }), status: 304, onFresh: renewTag },
  ]
  const results = []
  for (const c of cases) {
    await run(c.req, c.status, WARMUP, `${c.name} (warm-up)`, c.onFresh)
    fresh = 0
    results.push({ ...c, ...(await run(c.req, c.status, N, c.name, c.onFresh)), fresh })
  }
  console.log(`\n${N} timed requests per row, ${CONCURRENCY} clients, local workerd + D1\n`)
  console.log('| request | req/s | p50 ms | req/s ÷ 404 |')
  console.log('|---|---:|---:|---:|')
  for (const r of results) console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${(r.rps / results[0].rps).toFixed(2)} |`)
  console.log(`\nRevalidations answered 200 (the minute turned or a version moved): ${results[3].fresh} of ${N}`)
} finally {
  await worker.dispose()
}
