// npm run soak: a fixed-duration mixed load on the local worker, then a check that nothing was lost or doubled.
// Starts the worker as the bench and the e2e tests do (workerd + a fresh local D1, the demo organisation), runs
// SOAK_SECONDS (default 20) of load from SOAK_CONNECTIONS (default 20) clients on loopback — 80% thread reads,
// 20% posts, each post with its own Idempotency-Key and a marker in its body, one in ten sent twice as a client
// retry would — and then reads every page's thread back: each post answered 201 must be stored exactly once
// (the retry answered with the same comment), and nothing may be stored that was not acknowledged. Exits 1 on
// any 5xx, network error or mismatch. Bounded: SOAK_MAX_REQUESTS (default 50000); nothing leaves this machine.
//
// Rate limit: posting is limited to 10 a minute per site and client IP, so each post names its own client address
// (CF-Connecting-IP, which the worker hashes), as the bench does: the soak measures the write path, not the limiter.
// A 429 would still be counted, separately, and is not a failure.
import { execFileSync } from 'node:child_process'
import { startLocalWorker } from './local-worker.mjs'
import { TEST_DIST } from './test-dist.mjs'

const SECONDS = Number(process.env.SOAK_SECONDS ?? 20)
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 20)
const MAX_REQUESTS = Number(process.env.SOAK_MAX_REQUESTS ?? 50_000)
const PAGES = 10

execFileSync(process.execPath, ['scripts/build.mjs', '--demo', '--outdir', TEST_DIST], { stdio: 'inherit' })
const worker = await startLocalWorker({ name: 'soak', adminToken: 'soak-admin-token' })
const base = worker.url
const run = Date.now().toString(36)
const pageUrl = (n) => `${base}/soak/page-${n}`

/** Per request kind: latencies (ms) and statuses. */
const stats = { read: { times: [], statuses: new Map() }, post: { times: [], statuses: new Map() } }
/** Each acknowledged post: marker → { id, page }; and every marker whose post got any answer but 201/200. */
const acknowledged = new Map()
const unacknowledged = new Set()
const replays = { sent: 0, sameComment: 0, different: [] }
let requests = 0
let networkErrors = 0

async function timed(kind, send) {
  const started = performance.now()
  try {
    const res = await send()
    const body = await res.text()
    stats[kind].times.push(performance.now() - started)
    stats[kind].statuses.set(res.status, (stats[kind].statuses.get(res.status) ?? 0) + 1)
    return { status: res.status, body }
  } catch (error) {
    networkErrors++
    stats[kind].statuses.set('network error', (stats[kind].statuses.get('network error') ?? 0) + 1)
    console.error(`${kind}: ${error instanceof Error ? error.message : error}`)
    return { status: 0, body: '' }
  }
}

const read = (i) =>
  timed('read', () => fetch(`${base}/v1/sites/demo/thread?url=${encodeURIComponent(pageUrl(i % PAGES))}`, { headers: { origin: base } }))

async function post(i) {
  const marker = `soak-${run}-${i}`
  const page = i % PAGES
  const send = () =>
    timed('post', () =>
      fetch(`${base}/v1/sites/demo/comments`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: base,
          'idempotency-key': marker,
          'cf-connecting-ip': `198.18.${(i >> 8) & 255}.${i & 255}`,
        },
        body: JSON.stringify({ url: pageUrl(page), name: `Soak ${i}`, email: `soak${i}@visitor.test`, body: `Soak comment ${marker} under load.` }),
      }),
    )
  const first = await send()
  if (first.status !== 201) {
    unacknowledged.add(marker)
    return
  }
  const id = JSON.parse(first.body).comment.id
  acknowledged.set(marker, { id, page })
  if (Math.floor(i / 5) % 10 === 0) {
    // A client that did not see the answer sends the same request again: the same comment comes back.
    replays.sent++
    const again = await send()
    if (again.status === 200 && JSON.parse(again.body).comment.id === id) replays.sameComment++
    else replays.different.push(`${marker}: ${again.status}`)
  }
}

console.log(`\nByline soak: ${SECONDS} s, ${CONNECTIONS} connections on loopback, 80% thread reads / 20% posts over ${PAGES} pages\n`)
const deadline = performance.now() + SECONDS * 1000
const started = performance.now()
let next = 0
await Promise.all(
  Array.from({ length: CONNECTIONS }, async () => {
    while (performance.now() < deadline && next < MAX_REQUESTS) {
      const i = next++
      requests++
      await (i % 5 === 4 ? post(i) : read(i))
    }
  }),
)
const wall = (performance.now() - started) / 1000

// Read back: every page's thread, every comment carrying one of this run's markers.
const stored = new Map()
for (let page = 0; page < PAGES; page++) {
  const res = await fetch(`${base}/v1/sites/demo/thread?url=${encodeURIComponent(pageUrl(page))}`, { headers: { origin: base } })
  if (res.status !== 200) throw new Error(`read-back of page ${page}: HTTP ${res.status}`)
  const thread = await res.json()
  for (const conversation of thread.conversations)
    for (const c of conversation.comments)
      for (const marker of new Set(JSON.stringify(c.body).match(new RegExp(`soak-${run}-\\d+`, 'g')) ?? []))
        stored.set(marker, [...(stored.get(marker) ?? []), { id: c.id, page }])
}
const mismatches = []
for (const [marker, ack] of acknowledged) {
  const found = stored.get(marker) ?? []
  if (found.length !== 1) mismatches.push(`${marker}: acknowledged as ${ack.id}, stored ${found.length} times`)
  else if (found[0].id !== ack.id || found[0].page !== ack.page) mismatches.push(`${marker}: acknowledged as ${ack.id}, stored as ${found[0].id} on page ${found[0].page}`)
}
for (const marker of stored.keys()) if (!acknowledged.has(marker)) mismatches.push(`${marker}: stored, but its post was answered ${unacknowledged.has(marker) ? 'with an error' : 'never'}`)

await worker.dispose()

const pct = (times, p) => {
  if (!times.length) return '-'
  const sorted = [...times].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1)
}
const all = [...stats.read.times, ...stats.post.times]
const histogram = new Map()
for (const kind of ['read', 'post']) for (const [status, n] of stats[kind].statuses) histogram.set(`${kind} ${status}`, n)
const fivexx = [...histogram].filter(([key]) => / 5\d\d$/.test(key)).reduce((sum, [, n]) => sum + n, 0)
const limited = [...histogram].filter(([key]) => / 429$/.test(key)).reduce((sum, [, n]) => sum + n, 0)

console.log(`requests        ${requests} in ${wall.toFixed(1)} s (${(requests / wall).toFixed(0)} req/s), plus ${replays.sent} retries of a post`)
console.log(`statuses        ${[...histogram].map(([k, n]) => `${k}: ${n}`).join(', ')}`)
console.log(`5xx             ${fivexx}    network errors ${networkErrors}    429 (rate limited, expected) ${limited}`)
console.log(`latency all     p50 ${pct(all, 50)} ms  p95 ${pct(all, 95)} ms`)
console.log(`latency reads   p50 ${pct(stats.read.times, 50)} ms  p95 ${pct(stats.read.times, 95)} ms  (n=${stats.read.times.length})`)
console.log(`latency posts   p50 ${pct(stats.post.times, 50)} ms  p95 ${pct(stats.post.times, 95)} ms  (n=${stats.post.times.length})`)
console.log(`stored          ${acknowledged.size} posts acknowledged, ${stored.size} found in the threads; retries answered with the same comment: ${replays.sameComment}/${replays.sent}`)
for (const m of [...mismatches, ...replays.different].slice(0, 20)) console.log(`MISMATCH        ${m}`)

const failed = fivexx > 0 || networkErrors > 0 || mismatches.length > 0 || replays.different.length > 0
console.log(failed ? '\nsoak FAILED' : '\nsoak passed: no 5xx, every acknowledged comment stored exactly once')
process.exit(failed ? 1 : 0)
