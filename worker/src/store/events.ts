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
  e: { id: string; kind: string; payload: unknown; dedupeKey: string | null; reactions: readonly { name: string; delayMs: number }[]; onlyIf?: EventGuard | undefined },
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
         SELECT ?1, json_extract(r.value, '$.name'), ?3 + json_extract(r.value, '$.delayMs') FROM json_each(?2) r
          WHERE EXISTS (SELECT 1 FROM events WHERE id = ?1)`,
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

/** The deliveries as one bound JSON array of [event_id, reaction, target]: any number, one parameter. */
const keysOf = (ds: ClaimedDelivery[]) => JSON.stringify(ds.map((d) => [d.eventId, d.reaction, d.target]))

/** Marks deliveries done, however many, in one statement. */
export function markDeliveredStatement(db: D1Database, ds: ClaimedDelivery[], now: number): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE event_deliveries SET status = 'sent', sent_at = ?2, last_error = NULL
        WHERE (event_id, reaction, target) IN (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?1))`,
    )
    .bind(keysOf(ds), now)
}

/**
 * Failed attempts, however many, in one statement: each backs off exponentially from its own attempt count
 * (1 min, 2, 4 … capped at 6 h), or gives up after MAX_ATTEMPTS and keeps the row.
 */
export function markFailedStatement(db: D1Database, failures: { delivery: ClaimedDelivery; error: string }[], now: number): D1PreparedStatement {
  const rows = failures.map(({ delivery: d, error }) => [
    d.eventId,
    d.reaction,
    d.target,
    d.attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
    now + Math.min(60_000 * 2 ** (d.attempts - 1), 6 * 3600_000),
    error.slice(0, 1000),
  ])
  return db
    .prepare(
      `UPDATE event_deliveries AS d SET status = f.status, next_attempt_at = f.next, last_error = f.error
         FROM (SELECT value ->> 0 AS event_id, value ->> 1 AS reaction, value ->> 2 AS target, value ->> 3 AS status,
                      value ->> 4 AS next, value ->> 5 AS error FROM json_each(?1)) AS f
        WHERE d.event_id = f.event_id AND d.reaction = f.reaction AND d.target = f.target`,
    )
    .bind(JSON.stringify(rows))
}

/**
 * Fan-out reactions split into one delivery per recipient (each retried on its own), in the same batch that marks
 * the splits done: a recipient is queued once, whatever happens to the run. Any number of splits, two statements.
 */
export function splitDeliveryStatements(db: D1Database, splits: { delivery: ClaimedDelivery; targets: string[] }[], now: number): D1PreparedStatement[] {
  const rows = splits.flatMap(({ delivery: d, targets }) => targets.filter((t) => t !== '').map((t) => [d.eventId, d.reaction, t]))
  return [
    db
      .prepare(
        `INSERT INTO event_deliveries (event_id, reaction, target, next_attempt_at)
         SELECT value ->> 0, value ->> 1, value ->> 2, ?2 FROM json_each(?1) WHERE true ON CONFLICT DO NOTHING`,
      )
      .bind(JSON.stringify(rows), now),
    markDeliveredStatement(db, splits.map((s) => s.delivery), now),
  ]
}
