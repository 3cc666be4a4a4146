/*
 * The event outbox's SQL. An event row is written in the batch of the change it records; its deliveries (one per
 * reaction the registry names) are written with it, so a committed change always has its reactions queued.
 */

/**
 * A condition the event is recorded under, checked in the same transaction after the change's statements:
 * SQL over `?5` (now) and `?6` (the param). A guarded change that changed nothing records no event.
 */
export type EventGuard = { sql: string; param: string }

/**
 * The two statements that record one event and queue its reactions. With a dedupe key, an event already
 * recorded under that key is not written again, and neither are its deliveries (they select the new row).
 */
export function insertEventStatements(
  db: D1Database,
  e: { id: string; kind: string; payload: unknown; dedupeKey: string | null; reactions: readonly string[]; onlyIf?: EventGuard | undefined },
  now: number,
): D1PreparedStatement[] {
  return [
    db
      .prepare(
        // The WHERE is also what lets SQLite read ON CONFLICT after an INSERT … SELECT as the upsert it is.
        `INSERT INTO events (id, kind, payload, dedupe_key, created_at) SELECT ?1, ?2, ?3, ?4, ?5 WHERE ${e.onlyIf?.sql ?? '?6 IS NULL'}
         ON CONFLICT (dedupe_key) DO NOTHING`,
      )
      .bind(e.id, e.kind, JSON.stringify(e.payload), e.dedupeKey, now, e.onlyIf?.param ?? null),
    db
      .prepare(
        `INSERT INTO event_deliveries (event_id, reaction, next_attempt_at)
         SELECT ?1, r.value, ?3 FROM json_each(?2) r WHERE EXISTS (SELECT 1 FROM events WHERE id = ?1)`,
      )
      .bind(e.id, JSON.stringify(e.reactions), now),
  ]
}

/** One due delivery with its event, as the claim returns it. */
export type ClaimedDelivery = {
  eventId: string
  kind: string
  payload: string
  reaction: string
  target: string
  attempts: number
}

/** How long a claimed delivery belongs to the run that claimed it before another run may take it over. */
export const CLAIM_LEASE_MS = 5 * 60_000
export const MAX_ATTEMPTS = 8

/**
 * Claims due deliveries in one statement, so two overlapping runs never take the same one. A delivery stays
 * claimed ('sending') for the lease; if its run dies, the next run after the lease takes it again.
 */
export async function claimDueDeliveries(db: D1Database, now: number, limit: number): Promise<ClaimedDelivery[]> {
  const { results } = await db
    .prepare(
      `UPDATE event_deliveries SET status = 'sending', attempts = attempts + 1, next_attempt_at = ?2
        WHERE rowid IN (SELECT rowid FROM event_deliveries
                         WHERE status IN ('pending', 'sending') AND next_attempt_at <= ?1
                         ORDER BY next_attempt_at LIMIT ?3)
       RETURNING event_id AS eventId, reaction, target, attempts,
                 (SELECT kind FROM events WHERE id = event_id) AS kind,
                 (SELECT payload FROM events WHERE id = event_id) AS payload`,
    )
    .bind(now, now + CLAIM_LEASE_MS, limit)
    .all<ClaimedDelivery>()
  return results
}

const deliveryKey = `event_id = ?1 AND reaction = ?2 AND target = ?3`

export function markDeliveredStatement(db: D1Database, d: ClaimedDelivery, now: number): D1PreparedStatement {
  return db
    .prepare(`UPDATE event_deliveries SET status = 'sent', sent_at = ?4, last_error = NULL WHERE ${deliveryKey}`)
    .bind(d.eventId, d.reaction, d.target, now)
}

/** A failed attempt: back off exponentially (1 min, 2, 4 … capped at 6 h), or give up after MAX_ATTEMPTS and keep the row. */
export async function markDeliveryFailed(db: D1Database, d: ClaimedDelivery, error: string, now: number): Promise<void> {
  const giveUp = d.attempts >= MAX_ATTEMPTS
  const delay = Math.min(60_000 * 2 ** (d.attempts - 1), 6 * 3600_000)
  await db
    .prepare(`UPDATE event_deliveries SET status = ?4, next_attempt_at = ?5, last_error = ?6 WHERE ${deliveryKey}`)
    .bind(d.eventId, d.reaction, d.target, giveUp ? 'failed' : 'pending', now + delay, error.slice(0, 1000))
    .run()
}

/**
 * A fan-out reaction split into one delivery per recipient (each retried on its own), in the same batch that
 * marks the split done: a recipient is queued once, whatever happens to the run.
 */
export function splitDeliveryStatements(db: D1Database, d: ClaimedDelivery, targets: string[], now: number): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO event_deliveries (event_id, reaction, target, next_attempt_at)
         SELECT ?1, ?2, t.value, ?4 FROM json_each(?3) t WHERE t.value <> '' ON CONFLICT DO NOTHING`,
      )
      .bind(d.eventId, d.reaction, JSON.stringify(targets), now),
    markDeliveredStatement(db, d, now),
  ]
}
