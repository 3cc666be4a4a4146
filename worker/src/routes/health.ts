import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { readHealth } from '../store/health'
import { retryRead } from '../store/retry'

/*
 * GET /healthz, for an uptime check and for whoever is on call: 200 with the figures when D1 answers, 503 when it
 * does not. Not part of the versioned API (no contract(), not in /openapi.json): its body is for operators, and a
 * failure is `{ ok: false }`, not an API error. It only reads, through three index ranges, so probing it often is cheap.
 */
export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  c.header('Cache-Control', 'no-store')
  const now = Date.now()
  const started = performance.now()
  try {
    const health = await retryRead(() => readHealth(c.env.DB, now))
    const age = (since: number | null) => (since === null ? null : Math.max(0, now - since))
    return c.json({
      ok: true,
      checkedAt: new Date(now).toISOString(),
      d1: { ok: true, latencyMs: Math.round(performance.now() - started) },
      outbox: {
        backlog: health.outbox.backlog,
        due: health.outbox.due,
        oldestDueAgeMs: age(health.outbox.oldestDueAt),
        failed: health.outbox.failed,
      },
      oldestAwaitingAgeMs: age(health.oldestAwaitingSince),
    })
  } catch (error) {
    console.error('healthz: D1 did not answer', error)
    return c.json({ ok: false }, 503)
  }
})
