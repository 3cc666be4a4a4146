import type { DigestPreference } from '../../../schema'

/*
 * What the emails need to say, read at sending time (so a digest shows the state of things when it is sent).
 */

export type Mailbox = { id: string; name: string; role: string; email: string; timeZone: string; digest: DigestPreference; active: boolean }

export async function getMailbox(db: D1Database, staffId: string): Promise<Mailbox | null> {
  const row = await db
    .prepare(`SELECT id, name, role, email, time_zone, digest, active FROM staff WHERE id = ?1`)
    .bind(staffId)
    .first<{ id: string; name: string; role: string; email: string; time_zone: string; digest: string; active: number }>()
  return (
    row && {
      id: row.id,
      name: row.name,
      role: row.role,
      email: row.email,
      timeZone: row.time_zone,
      digest: JSON.parse(row.digest) as DigestPreference,
      active: row.active === 1,
    }
  )
}

/** A conversation waiting for its responder, as a line of a digest or a notice. */
export type WaitingItem = {
  conversationId: string
  siteName: string
  pageUrl: string
  pageTitle: string | null
  visitorName: string
  /** The visitor's latest comment: what they are waiting on. */
  bodyDoc: string
  waitingSince: number
}

const waitingSelect = `
  SELECT v.id AS conversationId, s.name AS siteName, p.url AS pageUrl, p.title AS pageTitle,
         c.author_name AS visitorName, c.body_doc AS bodyDoc, coalesce(v.awaiting_since, v.created_at) AS waitingSince
    FROM conversations v
    JOIN sites s ON s.id = v.site_id
    JOIN pages p ON p.id = v.page_id
    JOIN comments c ON c.id = (SELECT id FROM comments WHERE conversation_id = v.id AND author_kind = 'visitor'
                                AND status = 'published' ORDER BY created_at DESC, id DESC LIMIT 1)`

export async function getWaitingItem(db: D1Database, conversationId: string): Promise<WaitingItem | null> {
  return db.prepare(`${waitingSelect} WHERE v.id = ?1`).bind(conversationId).first<WaitingItem>()
}

/** Every conversation waiting for this person, longest-waiting first. */
export async function listWaitingFor(db: D1Database, staffId: string, limit = 50): Promise<WaitingItem[]> {
  const { results } = await db
    .prepare(`${waitingSelect} WHERE v.assigned_staff_id = ?1 AND v.status = 'awaiting' ORDER BY waitingSince LIMIT ?2`)
    .bind(staffId, limit)
    .all<WaitingItem>()
  return results
}

/** A visitor's comment and whose conversation it is in now: what a notice about it needs to know. */
export async function getCommentConversation(db: D1Database, commentId: string) {
  return db
    .prepare(
      `SELECT v.id AS conversationId, v.assigned_staff_id AS assigneeId, v.status, c.status AS commentStatus,
              c.hold_reason AS holdReason, c.visitor_id AS visitorId
         FROM comments c JOIN conversations v ON v.id = c.conversation_id WHERE c.id = ?1`,
    )
    .bind(commentId)
    .first<{ conversationId: string; assigneeId: string; status: string; commentStatus: string; holdReason: string | null; visitorId: string | null }>()
}

/** The visitors of a staff reply's conversation who still want mail: published comments, not unsubscribed or muted. */
export async function listVisitorsToNotify(db: D1Database, replyId: string): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT vi.id FROM visitors vi
        WHERE vi.id IN (SELECT visitor_id FROM comments WHERE author_kind = 'visitor' AND status = 'published'
                         AND conversation_id = (SELECT conversation_id FROM comments WHERE id = ?1))
          AND vi.email NOT LIKE 'deleted:%'
          AND vi.unsubscribed_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM conversation_mutes m
                           WHERE m.visitor_id = vi.id AND m.conversation_id = (SELECT conversation_id FROM comments WHERE id = ?1))
        ORDER BY vi.id`,
    )
    .bind(replyId)
    .all<{ id: string }>()
  return results.map((r) => r.id)
}

export async function getAssignment(db: D1Database, assignmentId: string) {
  return db
    .prepare(
      `SELECT a.conversation_id AS conversationId, a.to_staff_id AS toId, a.reason, a.note, f.name AS fromName
         FROM assignments a LEFT JOIN staff f ON f.id = a.from_staff_id WHERE a.id = ?1`,
    )
    .bind(assignmentId)
    .first<{ conversationId: string; toId: string; reason: string; note: string | null; fromName: string | null }>()
}

export type VisitorReplyNotice = {
  visitorId: string
  visitorName: string
  visitorEmail: string
  conversationId: string
  commentId: string
  staffName: string
  staffRole: string
  replyDoc: string
  pageUrl: string
  pageTitle: string | null
  siteName: string
  /** Still wanted: not unsubscribed from the site or muted for this conversation since the reply was queued. */
  wanted: number
}

export async function getVisitorReplyNotice(db: D1Database, commentId: string, visitorId: string) {
  return db
    .prepare(
      `SELECT vi.id AS visitorId, vi.name AS visitorName, coalesce(vi.address, vi.email) AS visitorEmail, c.conversation_id AS conversationId,
              c.id AS commentId, st.name AS staffName, st.role AS staffRole, c.body_doc AS replyDoc,
              p.url AS pageUrl, p.title AS pageTitle, s.name AS siteName,
              (vi.unsubscribed_at IS NULL AND NOT EXISTS (SELECT 1 FROM conversation_mutes m
                 WHERE m.conversation_id = c.conversation_id AND m.visitor_id = vi.id)) AS wanted
         FROM comments c
         JOIN staff st ON st.id = c.staff_id
         JOIN pages p ON p.id = c.page_id
         JOIN sites s ON s.id = c.site_id
         JOIN visitors vi ON vi.id = ?2
        WHERE c.id = ?1`,
    )
    .bind(commentId, visitorId)
    .first<VisitorReplyNotice>()
}

/** People with a digest preference and someone waiting for them: the candidates for a digest now. */
export async function listDigestCandidates(db: D1Database) {
  const { results } = await db
    .prepare(
      `SELECT s.id, s.time_zone AS timeZone, s.digest FROM staff s
        WHERE s.active = 1 AND json_extract(s.digest, '$.frequency') <> 'immediate'
          AND EXISTS (SELECT 1 FROM conversations v WHERE v.assigned_staff_id = s.id AND v.status = 'awaiting' AND v.held = 0)`,
    )
    .all<{ id: string; timeZone: string; digest: string }>()
  return results.map((r) => ({ id: r.id, timeZone: r.timeZone, digest: JSON.parse(r.digest) as DigestPreference }))
}
