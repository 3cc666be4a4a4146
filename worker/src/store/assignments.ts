import type { EventGuard } from './events'

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
 * The statements that escalate one conversation, once: hand it to `toId` with the reason recorded, or, with
 * nobody to hand it to, only mark it escalated. Every statement is guarded by "not escalated yet", so
 * overlapping cron runs escalate a conversation at most once.
 */
export function escalationStatements(
  db: D1Database,
  e: { conversationId: string; assignmentId: string; toId: string | null; note: string },
  now: number,
): D1PreparedStatement[] {
  const pending = `id = ?1 AND status = 'awaiting' AND escalated_at IS NULL`
  const statements: D1PreparedStatement[] = []
  if (e.toId)
    statements.push(
      db
        .prepare(
          `INSERT INTO assignments (id, conversation_id, from_staff_id, to_staff_id, reason, note, created_at)
           SELECT ?2, id, assigned_staff_id, ?3, 'escalation', ?4, ?5 FROM conversations WHERE ${pending}`,
        )
        .bind(e.conversationId, e.assignmentId, e.toId, e.note, now),
    )
  statements.push(
    db
      .prepare(
        `UPDATE conversations SET assigned_staff_id = coalesce(?2, assigned_staff_id), escalated_at = ?3, updated_at = ?3
          WHERE ${pending}`,
      )
      .bind(e.conversationId, e.toId, now),
  )
  return statements
}

/**
 * The statements of a manual hand-over: the conversation goes to `toId` with the note, and the thread shows it.
 * Guarded by the current assignee, so a hand-over based on a stale view changes nothing (the first
 * statement's change count says whether it happened).
 */
export function handOverStatements(
  db: D1Database,
  h: { conversationId: string; assignmentId: string; fromId: string; toId: string; note: string | null },
  now: number,
): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO assignments (id, conversation_id, from_staff_id, to_staff_id, reason, note, created_at)
         SELECT ?2, id, assigned_staff_id, ?4, 'handover', ?5, ?6 FROM conversations WHERE id = ?1 AND assigned_staff_id = ?3`,
      )
      .bind(h.conversationId, h.assignmentId, h.fromId, h.toId, h.note, now),
    db
      .prepare(`UPDATE conversations SET assigned_staff_id = ?3, updated_at = ?4 WHERE id = ?1 AND assigned_staff_id = ?2`)
      .bind(h.conversationId, h.fromId, h.toId, now),
  ]
}

/** A hand-over's event is recorded only if its assignment was written. */
export const handedOver = (assignmentId: string): EventGuard => ({ sql: `EXISTS (SELECT 1 FROM assignments WHERE id = ?6)`, param: assignmentId })

/** An escalation's event is recorded only if this run is the one that escalated. */
export const escalatedNow = (conversationId: string): EventGuard => ({
  sql: `EXISTS (SELECT 1 FROM conversations WHERE id = ?6 AND escalated_at = ?5)`,
  param: conversationId,
})
