export type OutboxKind = 'new_comment' | 'assigned' | 'digest' | 'visitor_reply' | 'fresh_link' | 'verify_email' | 'privacy_link'

export type ClaimedRow = { id: string; kind: OutboxKind; payload: string; attempts: number }

/**
 * Queues one message: the statement joins the batch of the change that causes it. With a dedupe key, a second
 * row for the same key is silently not written (one digest per slot, one confirmation per ten minutes…).
 */
export function queueMail(
  db: D1Database,
  m: { kind: OutboxKind; payload: Record<string, string>; dedupeKey?: string },
  now: number,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO outbox (id, kind, payload, dedupe_key, status, next_attempt_at, created_at)
       VALUES (?1, ?2, ?3, ?4, 'pending', ?5, ?5)
       ON CONFLICT (dedupe_key) DO NOTHING`,
    )
    .bind(crypto.randomUUID(), m.kind, JSON.stringify(m.payload), m.dedupeKey ?? null, now)
}

/** How long a claimed row belongs to the run that claimed it before another run may take it over. */
export const CLAIM_LEASE_MS = 5 * 60_000
export const MAX_ATTEMPTS = 8

/**
 * Claims due rows in one statement, so two overlapping runs never take the same row. A row stays
 * claimed ('sending') for the lease; if its run dies, the next run after the lease takes it again.
 */
export async function claimDueOutbox(db: D1Database, now: number, limit: number): Promise<ClaimedRow[]> {
  const { results } = await db
    .prepare(
      `UPDATE outbox SET status = 'sending', attempts = attempts + 1, next_attempt_at = ?2
        WHERE id IN (SELECT id FROM outbox
                      WHERE status IN ('pending', 'sending') AND next_attempt_at <= ?1
                      ORDER BY next_attempt_at LIMIT ?3)
       RETURNING id, kind, payload, attempts`,
    )
    .bind(now, now + CLAIM_LEASE_MS, limit)
    .all<ClaimedRow>()
  return results
}

export async function markOutboxSent(db: D1Database, id: string, now: number): Promise<void> {
  await db.prepare(`UPDATE outbox SET status = 'sent', sent_at = ?2, last_error = NULL WHERE id = ?1`).bind(id, now).run()
}

/** A failed attempt: back off exponentially (1 min, 2, 4 … capped at 6 h), or give up after MAX_ATTEMPTS and keep the row. */
export async function markOutboxFailed(db: D1Database, row: ClaimedRow, error: string, now: number): Promise<void> {
  const giveUp = row.attempts >= MAX_ATTEMPTS
  const delay = Math.min(60_000 * 2 ** (row.attempts - 1), 6 * 3600_000)
  await db
    .prepare(`UPDATE outbox SET status = ?2, next_attempt_at = ?3, last_error = ?4 WHERE id = ?1`)
    .bind(row.id, giveUp ? 'failed' : 'pending', now + delay, error.slice(0, 1000))
    .run()
}

