// npm run bench: figures, not assertions. Starts the worker as the e2e tests do (workerd + local D1 in a
// temporary folder), then times the two hot paths from a client on loopback and prints the widget's size.
// Requests are bounded in number (BENCH_REQUESTS, default 300; BENCH_CONCURRENCY clients, default 8); nothing
// leaves this machine.
import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'
import { startLocalWorker } from './local-worker.mjs'
import { TEST_DIST } from './test-dist.mjs'

const N = Number(process.env.BENCH_REQUESTS ?? 300)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8)

execFileSync(process.execPath, ['scripts/build.mjs', '--demo', '--outdir', TEST_DIST], { stdio: 'inherit' })
const worker = await startLocalWorker({ name: 'bench', adminToken: 'bench-admin-token' })
const base = worker.url

async function run(name, makeRequest, expectStatus) {
  const times = []
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) {
        const i = next++
        const t = performance.now()
        const res = await makeRequest(i)
        await res.arrayBuffer()
        if (res.status !== expectStatus) throw new Error(`${name}: HTTP ${res.status}`)
        times.push(performance.now() - t)
      }
    }),
  )
  const wall = performance.now() - started
  times.sort((a, b) => a - b)
  const pct = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))].toFixed(1)
  console.log(`${name.padEnd(34)} n=${N}  p50 ${pct(50)} ms  p95 ${pct(95)} ms  p99 ${pct(99)} ms  ${(N / (wall / 1000)).toFixed(0)} req/s`)
}

const page = `${base}/bench/page`
const post = (i) =>
  fetch(`${base}/v1/sites/demo/comments`, {
    method: 'POST',
    // A distinct client address per request: the per-IP rate limit would otherwise stop the run at 10.
    headers: { 'content-type': 'application/json', origin: base, 'cf-connecting-ip': `198.18.${i >> 8}.${i & 255}` },
    body: JSON.stringify({ url: page, name: `Bench ${i}`, email: `bench${i}@visitor.test`, body: `Comment number ${i}.\n\nSecond paragraph.` }),
  })
const thread = () => fetch(`${base}/v1/sites/demo/thread?url=${encodeURIComponent(page)}`, { headers: { origin: base } })

console.log(`\nByline bench: local workerd + D1 (SQLite), ${CONCURRENCY} concurrent clients on loopback\n`)
await run('POST comment (new conversation)', post, 201)
await run(`GET thread (${N} conversations)`, thread, 200)
await run('GET thread (empty page)', (i) => fetch(`${base}/v1/sites/demo/thread?url=${encodeURIComponent(`${base}/bench/empty`)}`, { headers: { origin: base } }), 200)

const js = await readFile(`${TEST_DIST}/widget.js`)
console.log(`\nwidget.js: ${js.length} B, ${gzipSync(js, { level: 9 }).length} B gzip (budget 12288 B)`)

await worker.dispose()
