export type OverdueConversation = {
  id: string
  orgId: string
  assigneeId: string
  leadId: string | null
  targetHours: number
}

/** Conversations whose visitor has waited past their site's reply-time target and that have not escalated yet. */
export async function listOverdue(db: D1Database, now: number, limit = 100): Promise<OverdueConversation[]> {
  const { results } = await db
    .prepare(
      `SELECT v.id, s.org_id AS orgId, v.assigned_staff_id AS assigneeId, v.lead_staff_id AS leadId,
              json_extract(s.settings, '$.replyTargetHours') AS targetHours
         FROM conversations v JOIN sites s ON s.id = v.site_id
        WHERE v.status = 'awaiting' AND v.escalated_at IS NULL AND v.held = 0
          AND v.awaiting_since + json_extract(s.settings, '$.replyTargetHours') * 3600000 <= ?1
        ORDER BY v.awaiting_since
        LIMIT ?2`,
    )
    .bind(now, limit)
    .all<OverdueConversation>()
  return results
}

/**
 * Escalates one conversation, once: hands it to `toId` with the reason recorded and the new assignee
 * notified, or, with nobody to hand it to, only marks it escalated. Every statement is guarded by
 * "not escalated yet", so overlapping cron runs escalate a conversation at most once.
 */
export async function escalateConversation(
  db: D1Database,
  e: { conversationId: string; toId: string | null; note: string },
  now: number,
): Promise<void> {
  const assignmentId = crypto.randomUUID()
  const pending = `id = ?1 AND status = 'awaiting' AND escalated_at IS NULL`
  const statements: D1PreparedStatement[] = []
  if (e.toId)
    statements.push(
      db
        .prepare(
          `INSERT INTO assignments (id, conversation_id, from_staff_id, to_staff_id, reason, note, created_at)
           SELECT ?2, id, assigned_staff_id, ?3, 'escalation', ?4, ?5 FROM conversations WHERE ${pending}`,
        )
        .bind(e.conversationId, assignmentId, e.toId, e.note, now),
      db
        .prepare(
          `INSERT INTO outbox (id, kind, payload, status, next_attempt_at, created_at)
           SELECT ?1, 'assigned', json_object('assignmentId', ?2), 'pending', ?3, ?3
            WHERE EXISTS (SELECT 1 FROM assignments WHERE id = ?2)`,
        )
        .bind(crypto.randomUUID(), assignmentId, now),
    )
  statements.push(
    db
      .prepare(
        `UPDATE conversations SET assigned_staff_id = coalesce(?2, assigned_staff_id), escalated_at = ?3, updated_at = ?3
          WHERE ${pending}`,
      )
      .bind(e.conversationId, e.toId, now),
  )
  await db.batch(statements)
}

/**
 * A manual hand-over: the conversation goes to `toId` with the note, the new assignee is told, and the
 * thread shows it. Guarded by the current assignee, so a hand-over based on a stale view changes nothing.
 */
export async function handOverConversation(
  db: D1Database,
  h: { conversationId: string; fromId: string; toId: string; note: string | null },
  now: number,
): Promise<boolean> {
  const assignmentId = crypto.randomUUID()
  const [inserted] = await db.batch([
    db
      .prepare(
        `INSERT INTO assignments (id, conversation_id, from_staff_id, to_staff_id, reason, note, created_at)
         SELECT ?2, id, assigned_staff_id, ?4, 'handover', ?5, ?6 FROM conversations WHERE id = ?1 AND assigned_staff_id = ?3`,
      )
      .bind(h.conversationId, assignmentId, h.fromId, h.toId, h.note, now),
    db
      .prepare(
        `INSERT INTO outbox (id, kind, payload, status, next_attempt_at, created_at)
         SELECT ?1, 'assigned', json_object('assignmentId', ?2), 'pending', ?3, ?3
          WHERE EXISTS (SELECT 1 FROM assignments WHERE id = ?2)`,
      )
      .bind(crypto.randomUUID(), assignmentId, now),
    db
      .prepare(`UPDATE conversations SET assigned_staff_id = ?3, updated_at = ?4 WHERE id = ?1 AND assigned_staff_id = ?2`)
      .bind(h.conversationId, h.fromId, h.toId, now),
  ])
  return (inserted?.meta.changes ?? 0) > 0
}
