// The staff side at scale (issue 10, "Must reach 6"): one digest for a member of staff with 500 conversations
// waiting, and one drain of 10,000 outbox rows, each as one invocation of the real worker (workerd + local D1,
// started by scripts/local-worker.mjs). For each: wall ms, CPU ms, D1 calls, statements, rows read and written,
// and messages handed to the provider, beside Cloudflare's published per-invocation limits.
//
//   node scripts/bench-staff.mjs            (or from npm run bench, which calls benchStaff())
//   BENCH_STAFF_WAITING=500 BENCH_STAFF_OUTBOX=10000   the sizes
//
// CPU is the workerd processes' own CPU time (utime + stime from /proc/<pid>/stat) across the request. Inside the
// worker there is no CPU clock (performance.now() only moves on I/O), and this process's clock would miss workerd.
// It includes what local D1 (SQLite, in the same process) spends, which on Cloudflare runs in D1, not in the
// Worker: an upper bound on the Worker's own CPU time. Mail goes to a stand-in that builds each message's MIME (the
// CPU a real send costs in the worker) and counts it; in production each message is one provider call.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startLocalWorker } from './local-worker.mjs'

const WAITING = Number(process.env.BENCH_STAFF_WAITING ?? 500)
const OUTBOX = Number(process.env.BENCH_STAFF_OUTBOX ?? 10_000)
/** Assets to serve: the bench's own build when it has made one; else none (nothing here loads the widget). */
const DIST = existsSync('.bench/dist/widget.js') ? '.bench/dist' : '.bench/staff-assets'

/** Published limits per invocation (Workers Paid / Free), as of this writing. */
const LIMITS = {
  // https://developers.cloudflare.com/workers/platform/limits/ : CPU time 30 s by default on Paid (up to 5 min with
  // limits.cpu_ms), 10 ms on Free; subrequests 10,000 (Paid) / 50 (Free) per invocation; memory 128 MB.
  cpuMs: { paid: 30_000, free: 10 },
  subrequests: { paid: 10_000, free: 50 },
  // https://developers.cloudflare.com/d1/platform/limits/ : queries per Worker invocation 1,000 (Paid) / 50 (Free).
  d1Queries: { paid: 1_000, free: 50 },
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

/**
 * CPU ms used so far (user + system, all threads) by the workerd processes this process started, or null where
 * /proc cannot tell. All of them: miniflare runs more than one, and the one serving requests is not always the first.
 */
function cpuMs() {
  let entries
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e))
  } catch {
    return null
  }
  let ticks = 0
  let found = 0
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      if (!/^\d+ \(workerd\) /.test(stat)) continue
      // After the command name: state ppid … utime stime (stat's fields 4, 14 and 15).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(fields[1]) !== process.pid) continue
      ticks += Number(fields[11]) + Number(fields[12])
      found++
    } catch {
      // Gone meanwhile.
    }
  }
  return found ? (ticks * 1000) / CLOCK_TICKS : null
}

async function post(url, path, body) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${text.slice(0, 300)}`)
  return JSON.parse(text)
}

/** One invocation, measured from outside (wall, workerd CPU) and inside (D1 meter, messages). */
async function invocation(worker, path, body) {
  const cpu0 = cpuMs()
  const t0 = performance.now()
  const answer = await post(worker.url, path, body)
  const wall = performance.now() - t0
  const cpu1 = cpuMs()
  return { ...answer, wall, cpu: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0 }
}

const n = (x) => (x === null || x === undefined ? 'n/a' : Math.round(x).toLocaleString('en-GB'))
const pct = (x, of) => (x === null ? 'n/a' : `${((100 * x) / of).toFixed(x / of < 0.01 ? 2 : 1)}%`)

/** Runs the staff-side benchmark and answers the lines of its report. */
export async function benchStaff() {
  mkdirSync(DIST, { recursive: true })
  const worker = await startLocalWorker({ name: 'bench-staff', adminToken: 'bench-staff-admin-token', assets: DIST })
  try {
    // The demo organisation: meilin reads a daily digest, adaeze gets a notice per comment.
    await post(worker.url, '/dev/bench/seed', { site: 'demo', handle: 'meilin', conversations: WAITING })
    const digest = await invocation(worker, '/dev/bench/digest', { site: 'demo', handle: 'meilin' })
    if (digest.sends !== 1) throw new Error(`the digest run sent ${digest.sends} messages, not 1`)

    // The same backlog twice: once for a provider with a batch API (Resend, 100 per call), once for one call per
    // message (the send_email binding), where a run stops before 9,000 calls and leaves the rest to the next tick.
    await post(worker.url, '/dev/bench/seed', { site: 'demo', handle: 'adaeze', conversations: OUTBOX, notify: true })
    const batched = await invocation(worker, '/dev/bench/drain', { provider: 'batch' })
    if (batched.mail.claimed < OUTBOX || batched.mail.failed) throw new Error(`the drain ran ${JSON.stringify(batched.mail)}`)
    await post(worker.url, '/dev/bench/seed', { site: 'demo', handle: 'adaeze', conversations: OUTBOX, notify: true })
    const single = await invocation(worker, '/dev/bench/drain', { provider: 'single' })
    if (single.mail.failed) throw new Error(`the drain ran ${JSON.stringify(single.mail)}`)

    const runs = [
      [`digest, ${n(WAITING)} waiting`, digest],
      [`drain of ${n(OUTBOX)}, provider batch API`, batched],
      [`drain of ${n(OUTBOX)}, one call per message`, single],
    ]
    const rows = [
      `Staff side at scale: one invocation each, local workerd + D1 (CPU: the workerd processes, local D1 included, from /proc${cpuMs() === null ? ': not available here' : ''})`,
      '',
      '| invocation | deliveries | messages | provider calls | wall ms | CPU ms | D1 calls | D1 statements | rows read | rows written |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...runs.map(
        ([label, r]) =>
          `| ${label} | ${n(r.mail.claimed)} | ${n(r.sends)} | ${n(r.providerCalls)} | ${n(r.wall)} | ${n(r.cpu)} | ${n(r.d1.calls)} | ${n(r.d1.statements)} | ${n(r.d1.rowsRead)} | ${n(r.d1.rowsWritten)} |`,
      ),
      '',
      'Against the published per-invocation limits, Workers Paid (Free):',
      '',
      '| invocation | CPU ms of 30,000 default (10) | D1 queries of 1,000 (50) | subrequests of 10,000 (50) = D1 calls + provider calls |',
      '|---|---:|---:|---:|',
      ...runs.map(
        ([label, r]) =>
          `| ${label} | ${pct(r.cpu, LIMITS.cpuMs.paid)} (${pct(r.cpu, LIMITS.cpuMs.free)}) | ${pct(r.d1.calls, LIMITS.d1Queries.paid)} (${pct(r.d1.calls, LIMITS.d1Queries.free)}) | ${pct(r.d1.calls + r.providerCalls, LIMITS.subrequests.paid)} (${pct(r.d1.calls + r.providerCalls, LIMITS.subrequests.free)}) |`,
      ),
      '',
      'Limits: https://developers.cloudflare.com/workers/platform/limits/ and https://developers.cloudflare.com/d1/platform/limits/.',
      'A D1 call is one round trip (a statement alone or a whole batch); statements are what the batches hold. Messages',
      'are built to MIME as the Cloudflare driver builds them and counted, not sent.',
    ]
    return rows
  } finally {
    await worker.dispose()
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log((await benchStaff()).join('\n'))
