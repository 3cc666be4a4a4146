import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../worker/src/index'
import type { Env } from '../../worker/src/env'
import { healthStatements } from '../../worker/src/store/health'
import { isTransientD1Error, retryRead } from '../../worker/src/store/retry'
import { givenSite } from './helpers'
import { recordingD1 } from './store/recording-d1'

type Healthy = {
  ok: true
  checkedAt: string
  d1: { ok: true; latencyMs: number }
  outbox: { backlog: number; due: number; oldestDueAgeMs: number | null; failed: number }
  oldestAwaitingAgeMs: number | null
}

const HOUR = 3_600_000

/** The worker on a database of our making, for what a request to it answers. */
async function healthzOn(db: D1Database) {
  const ctx = createExecutionContext()
  const res = await worker.fetch(new Request('https://byline.test/healthz'), { ...env, DB: db } satisfies Env, ctx)
  await waitOnExecutionContext(ctx)
  return res
}

/** A D1 whose batch() throws the given errors, one per call, then behaves. */
function failingBatches(db: D1Database, errors: Error[]): D1Database {
  return new Proxy(db, {
    get(target, property) {
      if (property === 'batch') {
        return (statements: D1PreparedStatement[]) => {
          const error = errors.shift()
          return error ? Promise.reject(error) : target.batch(statements)
        }
      }
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

describe('GET /healthz', () => {
  it('answers 200, never cached, with the outbox backlog and the longest wait of a visitor', async () => {
    // Rows written directly, not posted: a post starts a delivery run of its own, which would race for them.
    const site = await givenSite()
    const now = Date.now()
    const staff = await env.DB.prepare(`SELECT st.id FROM staff st JOIN sites s ON s.org_id = st.org_id WHERE s.id = ?1 LIMIT 1`)
      .bind(site)
      .first<{ id: string }>()
    const conversation = (id: string, awaitingSince: number, held: 0 | 1) =>
      env.DB.prepare(
        `INSERT INTO conversations (id, site_id, page_id, visitor_id, assigned_staff_id, status, awaiting_since, held, created_at, updated_at)
         VALUES (?1, ?2, 'health-page', 'health-visitor', ?3, 'awaiting', ?4, ?5, ?4, ?4)`,
      ).bind(id, site, staff!.id, awaitingSince, held)
    await env.DB.batch([
      env.DB.prepare(`INSERT INTO pages (id, site_id, key, url, created_at) VALUES ('health-page', ?1, '/health', 'https://www.example.org/health', ?2)`).bind(site, now),
      env.DB.prepare(`INSERT INTO visitors (id, site_id, email, name, created_at) VALUES ('health-visitor', ?1, 'health@visitor.test', 'Hal', ?2)`).bind(site, now),
      conversation('health-waiting', now - 2 * HOUR, 0),
      // A held conversation waits for a moderator, not for staff: its wait does not count.
      conversation('health-held', now - 240 * HOUR, 1),
      env.DB.prepare(`INSERT INTO events (id, kind, payload, created_at) VALUES ('health-due', 'kind.for.health', '{}', ?1)`).bind(now - HOUR),
      env.DB.prepare(`INSERT INTO event_deliveries (event_id, reaction, next_attempt_at) VALUES ('health-due', 'mail.due', ?1)`).bind(now - HOUR),
      env.DB.prepare(
        `INSERT INTO event_deliveries (event_id, reaction, status, attempts, next_attempt_at) VALUES ('health-due', 'mail.gave-up', 'failed', 8, ?1)`,
      ).bind(now - HOUR),
    ])

    const res = await SELF.fetch('https://byline.test/healthz')
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const body = (await res.json()) as Healthy
    expect(body).toMatchObject({ ok: true, d1: { ok: true } })
    expect(body.outbox.backlog).toBeGreaterThanOrEqual(1)
    expect(body.outbox.due).toBeGreaterThanOrEqual(1)
    expect(body.outbox.oldestDueAgeMs).toBeGreaterThanOrEqual(HOUR)
    expect(body.outbox.failed).toBeGreaterThanOrEqual(1)
    expect(body.oldestAwaitingAgeMs).toBeGreaterThanOrEqual(2 * HOUR)
    expect(body.oldestAwaitingAgeMs).toBeLessThan(240 * HOUR)
  })

  it('answers 503 { ok: false } when D1 does not answer', async () => {
    const res = await healthzOn(failingBatches(env.DB, [new Error('D1_ERROR: no such database'), new Error('again')]))
    expect(res.status).toBe(503)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    expect(await res.json()).toEqual({ ok: false })
  })

  it('reads again through a transient D1 error, and gives up after a bounded number of attempts', async () => {
    const once = await healthzOn(failingBatches(env.DB, [new Error('D1_ERROR: Network connection lost.')]))
    expect(once.status).toBe(200)
    expect(((await once.json()) as Healthy).ok).toBe(true)

    const lost = () => new Error('D1_ERROR: Network connection lost.')
    const always = await healthzOn(failingBatches(env.DB, Array.from({ length: 10 }, lost)))
    expect(always.status).toBe(503)
  })

  it('reads the outbox and the waiting conversations through their indexes, never a whole table', async () => {
    // The store's own statements, recorded as it prepares and binds them, then explained by SQLite.
    const recording = recordingD1(env.DB)
    healthStatements(recording.db, Date.now())
    const plans = new Map<string, string[]>()
    for (const { sql, binds } of recording.statements) {
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...binds).all<{ detail: string }>()
      plans.set(sql, results.map((r) => r.detail))
    }
    const planOf = (table: string) => [...plans].find(([sql]) => sql.includes(`FROM ${table}`))![1]
    expect(planOf('event_deliveries')).toEqual([expect.stringMatching(/^SEARCH event_deliveries USING COVERING INDEX event_deliveries_due \(status=\?\)/)])
    expect(planOf('conversations')).toEqual([expect.stringMatching(/^SEARCH conversations USING INDEX conversations_overdue \(status=\?\)/)])
    // Nothing reads a whole table (the ping reads no table at all).
    for (const details of plans.values()) for (const d of details) expect(d).not.toMatch(/^SCAN (?!CONSTANT ROW)/)
  })
})

describe('retryRead: an idempotent read again, on D1\'s transient errors only', () => {
  /** A read that fails `n` times with `message`, then answers; counts its calls. */
  const flaky = (n: number, message: string) => {
    const read = async () => {
      read.calls++
      if (read.calls <= n) throw new Error(message)
      return 'rows'
    }
    read.calls = 0
    return read
  }
  const sleeps = () => {
    const waited: number[] = []
    return { waited, sleep: async (ms: number) => void waited.push(ms) }
  }

  it.each([
    'D1_ERROR: Network connection lost.',
    'D1_ERROR: Internal error while starting up D1 DB storage caused object to be reset.',
    'D1_ERROR: D1 DB reset because its code was updated.',
    'Durable Object reset because its code was updated.',
    'D1_ERROR: Cannot resolve D1 DB due to transient issue on remote node.',
  ])('retries "%s" and answers once it clears', async (message) => {
    expect(isTransientD1Error(new Error(message))).toBe(true)
    const read = flaky(2, message)
    const { waited, sleep } = sleeps()
    await expect(retryRead(read, { attempts: 3, sleep })).resolves.toBe('rows')
    expect(read.calls).toBe(3)
    expect(waited).toHaveLength(2)
  })

  it('backs off exponentially with jitter, within bounds', async () => {
    const { waited, sleep } = sleeps()
    const read = flaky(5, 'Network connection lost')
    await retryRead(read, { attempts: 6, baseDelayMs: 100, maxDelayMs: 1000, sleep, random: () => 0 })
    // The floor of each wait: half the backoff, doubling, capped.
    expect(waited).toEqual([50, 100, 200, 400, 500])
    const top = sleeps()
    await retryRead(flaky(3, 'Network connection lost'), { attempts: 4, baseDelayMs: 100, sleep: top.sleep, random: () => 0.999 })
    expect(top.waited).toEqual([100, 200, 400])
  })

  it('gives up after the last attempt with the error as it was', async () => {
    const read = flaky(10, 'D1_ERROR: Network connection lost.')
    const { waited, sleep } = sleeps()
    await expect(retryRead(read, { attempts: 4, sleep })).rejects.toThrow('Network connection lost')
    expect(read.calls).toBe(4)
    expect(waited).toHaveLength(3)
  })

  it('does not retry anything else: a SQL error, a constraint, an unknown failure', async () => {
    for (const message of ['D1_ERROR: no such table: nothing', 'UNIQUE constraint failed: comments.id', 'D1 DB is overloaded. Requests queued for too long.']) {
      const read = flaky(1, message)
      const { waited, sleep } = sleeps()
      await expect(retryRead(read, { sleep })).rejects.toThrow(message)
      expect(read.calls).toBe(1)
      expect(waited).toEqual([])
    }
  })
})
