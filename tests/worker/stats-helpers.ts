import { env } from 'cloudflare:test'
import { vi } from 'vitest'
import { rollUpStaffStatsStatement } from '../../worker/src/store/stats'

/**
 * Waits until every roll-up of the responders' records queued so far has run. They run after the response, with
 * the mail (a request's delivery run), so a test reading a record right after a change waits for them first.
 */
export async function recordsRolledUp() {
  await vi.waitFor(
    async () => {
      const row = await env.DB.prepare(
        `SELECT count(*) AS n FROM event_deliveries
          WHERE reaction = 'stats.responders' AND (status = 'sending' OR (status = 'pending' AND next_attempt_at <= ?1))`,
      )
        .bind(Date.now())
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
