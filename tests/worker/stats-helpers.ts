import { env } from 'cloudflare:test'
import { vi } from 'vitest'
import { deliverEvents } from '../../worker/src/events/deliver'
import { rollUpStaffStatsStatement } from '../../worker/src/store/stats'

/**
 * Runs every roll-up of the responders' records queued so far, as the first drain a minute later would: they fall
 * due a minute after their change (STATS_ROLL_UP_DELAY_MS), so a test reading a record right after a change brings
 * them forward, drains, and waits for any a request's own delivery run had already claimed.
 */
export async function recordsRolledUp() {
  const now = Date.now()
  await env.DB.prepare(
    `UPDATE event_deliveries SET next_attempt_at = ?1 WHERE reaction = 'stats.responders' AND status = 'pending' AND next_attempt_at > ?1`,
  )
    .bind(now)
    .run()
  await deliverEvents(env, now)
  await vi.waitFor(
    async () => {
      const row = await env.DB.prepare(
        `SELECT count(*) AS n FROM event_deliveries
          WHERE reaction = 'stats.responders' AND (status = 'sending' OR (status = 'pending' AND next_attempt_at <= ?1))`,
      )
        .bind(now)
        .first<{ n: number }>()
      if (row!.n) throw new Error(`${row!.n} roll-ups of records still to run`)
    },
    { timeout: 5000 },
  )
}

/**
 * For a test that rewrites history behind the product's back (back-dating rows with SQL, which no event reports):
 * waits for the queued roll-ups, then rolls up the org's records again, as the cron's catch-up would.
 */
export async function historyRewritten(of: { site: string } | { conversation: string }) {
  await recordsRolledUp()
  const { results } = await env.DB.prepare(
    `SELECT st.id FROM staff st JOIN sites s ON s.org_id = st.org_id
      WHERE s.id = coalesce(?1, (SELECT site_id FROM conversations WHERE id = ?2))`,
  )
    .bind('site' in of ? of.site : null, 'conversation' in of ? of.conversation : null)
    .all<{ id: string }>()
  await rollUpStaffStatsStatement(
    env.DB,
    results.map((r) => r.id),
    Date.now(),
  ).run()
}
