/*
 * What /healthz reads: that D1 answers, how much the event outbox holds, and how long the longest-waiting visitor
 * has waited. Each aggregate reads one index range (event_deliveries_due, conversations_overdue), never a table.
 */

export type OutboxBacklog = {
  /** Deliveries not done yet: pending (due or backing off) and sending (claimed, leased). */
  backlog: number
  /** Of those, the ones due now. */
  due: number
  /** When the longest-due one became due (epoch ms), or null when none is due. */
  oldestDueAt: number | null
  /** Deliveries that gave up after their last attempt and are kept for someone to look at. */
  failed: number
}

export type Health = { outbox: OutboxBacklog; oldestAwaitingSince: number | null }

/** The statements of one health read, for the store's own checks (EXPLAIN QUERY PLAN in the tests). */
export function healthStatements(db: D1Database, now: number) {
  return {
    ping: db.prepare(`SELECT 1 AS ok`),
    outbox: db
      .prepare(
        `SELECT count(CASE WHEN status <> 'failed' THEN 1 END) AS backlog,
                count(CASE WHEN status <> 'failed' AND next_attempt_at <= ?1 THEN 1 END) AS due,
                min(CASE WHEN status <> 'failed' AND next_attempt_at <= ?1 THEN next_attempt_at END) AS oldestDueAt,
                count(CASE WHEN status = 'failed' THEN 1 END) AS failed
           FROM event_deliveries WHERE status IN ('pending', 'sending', 'failed')`,
      )
      .bind(now),
    // Held conversations wait for a moderator or a confirmation, not for staff: they are not counted.
    waiting: db.prepare(`SELECT min(awaiting_since) AS oldest FROM conversations WHERE status = 'awaiting' AND held = 0`),
  }
}

/** One round trip: the three reads in one batch (reads only, so the caller may retry it whole). */
export async function readHealth(db: D1Database, now: number): Promise<Health> {
  const s = healthStatements(db, now)
  const [, outbox, waiting] = await db.batch<Record<string, number | null>>([s.ping, s.outbox, s.waiting])
  const o = outbox!.results[0] ?? {}
  return {
    outbox: { backlog: o.backlog ?? 0, due: o.due ?? 0, oldestDueAt: o.oldestDueAt ?? null, failed: o.failed ?? 0 },
    oldestAwaitingSince: waiting!.results[0]?.oldest ?? null,
  }
}
