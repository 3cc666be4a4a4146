import type { Comment, Doc } from '../../../schema'
import { insertPageIfNew, pageIdOf, type PageRef } from './pages'
import { commentColumns, toComment, type RawComment } from './threads'
import type { RouteReason } from '../routing/route'
import { takeTurnStatement, toPublicStaff, type StaffRow } from './staff'

export type AssignmentReason = RouteReason | 'escalation' | 'handover'

/** A new conversation's first assignment, as routing decided it. */
export type FirstAssignment = {
  staffId: string
  reason: RouteReason
  /** Whom the rule chose when someone else got it (away, fallback). */
  intendedId: string | null
  leadId: string | null
  /** Round-robin pool whose turn this used. */
  poolKey: string | null
}

export type HoldReason = 'moderation' | 'unverified'

export type NewVisitorComment = {
  page: PageRef
  /** `email` is the canonical form (the key), `address` the address as typed (for mail). */
  visitor: { name: string; email: string; address: string }
  body: { source: string; doc: Doc }
  idempotency?: { key: string; requestHash: string } | undefined
  /** Set when the comment waits (for a moderator, or for the visitor to confirm their address) before anyone is told. */
  hold: HoldReason | null
  ownerTokenHash: string
  ipHash: string
  /** Reply in this conversation, or open a new one with this assignment. */
  target: { conversationId: string; assigneeId: string } | { assign: FirstAssignment }
}

const visitorIdOf = `(SELECT id FROM visitors WHERE site_id = ?1 AND email = ?2)`

/**
 * The statements that store a visitor's comment with everything that goes with it, for one batch (one
 * transaction): the page if new, the visitor, the conversation and its first assignment if new, the comment.
 */
export function visitorCommentStatements(
  db: D1Database,
  c: NewVisitorComment,
  now: number,
  commentId: string,
): { statements: D1PreparedStatement[]; comment: Comment } {
  const siteId = c.page.siteId
  const target = c.target
  const conversationId = 'assign' in target ? crypto.randomUUID() : target.conversationId

  const statements: D1PreparedStatement[] = [
    insertPageIfNew(db, c.page, now),
    db
      .prepare(
        `INSERT INTO visitors (id, site_id, email, address, name, created_at) VALUES (?3, ?1, ?2, ?6, ?4, ?5)
         ON CONFLICT (site_id, email) DO UPDATE SET name = excluded.name, address = excluded.address`,
      )
      .bind(siteId, c.visitor.email, crypto.randomUUID(), c.visitor.name, now, c.visitor.address),
  ]
  if ('assign' in target) {
    const a = target.assign
    statements.push(
      db
        .prepare(
          `INSERT INTO conversations (id, site_id, page_id, visitor_id, assigned_staff_id, lead_staff_id, status,
                                      awaiting_since, held, created_at, updated_at)
           VALUES (?3, ?1, ${pageIdOf('?1', '?4')}, ${visitorIdOf}, ?5, ?6, 'awaiting', ?7, ?8, ?7, ?7)`,
        )
        .bind(siteId, c.visitor.email, conversationId, c.page.key, a.staffId, a.leadId, now, c.hold ? 1 : 0),
      db
        .prepare(
          `INSERT INTO assignments (id, conversation_id, from_staff_id, to_staff_id, reason, created_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6)`,
        )
        .bind(crypto.randomUUID(), conversationId, a.intendedId, a.staffId, a.reason, now),
    )
    if (a.poolKey) statements.push(takeTurnStatement(db, siteId, a.poolKey))
  } else if (!c.hold) {
    // The visitor spoke again: if the conversation had been answered, a new wait (and escalation clock) starts.
    statements.push(
      db
        .prepare(
          `UPDATE conversations
              SET awaiting_since = CASE status WHEN 'awaiting' THEN awaiting_since ELSE ?2 END,
                  escalated_at = CASE status WHEN 'awaiting' THEN escalated_at ELSE NULL END,
                  status = 'awaiting', updated_at = ?2
            WHERE id = ?1`,
        )
        .bind(conversationId, now),
    )
  }
  statements.push(
    db
      .prepare(
        `INSERT INTO comments (id, site_id, page_id, conversation_id, author_kind, visitor_id, author_name,
                               body, body_doc, status, hold_reason, idempotency_key, request_hash, owner_token_hash,
                               ip_hash, created_at)
         VALUES (?3, ?1, ${pageIdOf('?1', '?4')}, ?5, 'visitor', ${visitorIdOf}, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)`,
      )
      .bind(
        siteId,
        c.visitor.email,
        commentId,
        c.page.key,
        conversationId,
        c.visitor.name,
        c.body.source,
        JSON.stringify(c.body.doc),
        c.hold ? 'pending' : 'published',
        c.hold,
        c.idempotency?.key ?? null,
        c.idempotency?.requestHash ?? null,
        c.ownerTokenHash,
        c.ipHash,
        now,
      ),
  )
  const comment = toComment(
    {
      id: commentId,
      conversation_id: conversationId,
      author_kind: 'visitor',
      author_name: c.visitor.name,
      staff_id: null,
      body_doc: JSON.stringify(c.body.doc),
      status: c.hold ? 'pending' : 'published',
      created_at: now,
      edited_at: null,
    },
    new Map(),
  )
  return { statements, comment }
}

export type Idempotent = { comment: Comment; requestHash: string | null; hold: HoldReason | null }

/** The comment an Idempotency-Key already produced on this site, with the hash of the request that made it. */
export function idempotencyStatement(db: D1Database, siteId: string, key: string): D1PreparedStatement {
  return db
    .prepare(`SELECT ${commentColumns}, request_hash, hold_reason FROM comments WHERE site_id = ?1 AND idempotency_key = ?2`)
    .bind(siteId, key)
}

export function readIdempotent(result: D1Result | undefined): Idempotent | null {
  const row = result?.results[0] as (RawComment & { request_hash: string | null; hold_reason: HoldReason | null }) | undefined
  return row ? { comment: toComment(row, new Map()), requestHash: row.request_hash, hold: row.hold_reason } : null
}

export async function findByIdempotencyKey(db: D1Database, siteId: string, key: string): Promise<Idempotent | null> {
  return readIdempotent(await idempotencyStatement(db, siteId, key).all())
}

/** A conversation on the given page of the given site. */
export function conversationOnPageStatement(
  db: D1Database,
  p: { siteId: string; pageKey: string; conversationId: string },
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT v.id, v.assigned_staff_id FROM conversations v JOIN pages p ON p.id = v.page_id
        WHERE v.id = ?1 AND v.site_id = ?2 AND p.key = ?3`,
    )
    .bind(p.conversationId, p.siteId, p.pageKey)
}

export function readConversationOnPage(result: D1Result | undefined): { id: string; assigneeId: string } | null {
  const row = result?.results[0] as { id: string; assigned_staff_id: string } | undefined
  return row ? { id: row.id, assigneeId: row.assigned_staff_id } : null
}

/** A conversation on the given page of the given site, or null. */
export async function findConversation(
  db: D1Database,
  p: { siteId: string; pageKey: string; conversationId: string },
): Promise<{ id: string; assigneeId: string } | null> {
  return readConversationOnPage(await conversationOnPageStatement(db, p).all())
}

/** True when a D1 error is the unique index on idempotency keys (two retries raced). */
export function isIdempotencyConflict(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed: comments\.site_id, comments\.idempotency_key/.test(error.message)
}

/** A conversation anywhere, with what a staff reply needs to know about it. */
export async function getConversation(
  db: D1Database,
  conversationId: string,
): Promise<{ id: string; siteId: string; orgId: string; assigneeId: string } | null> {
  return db
    .prepare(
      `SELECT v.id, v.site_id AS siteId, s.org_id AS orgId, v.assigned_staff_id AS assigneeId
         FROM conversations v JOIN sites s ON s.id = v.site_id WHERE v.id = ?1`,
    )
    .bind(conversationId)
    .first()
}

/**
 * The statements that publish a reply under a member of staff's name and mark the conversation answered; the
 * first reply is remembered for the person's public reply-time record. The author comes from the staff row,
 * never the caller.
 */
export function staffReplyStatements(
  db: D1Database,
  r: { conversationId: string; staff: StaffRow; body: { source: string; doc: Doc }; submissionKey: string },
  now: number,
  id: string,
): { statements: D1PreparedStatement[]; comment: Comment } {
  const doc = JSON.stringify(r.body.doc)
  const statements = [
    db
      .prepare(
        `INSERT INTO comments (id, site_id, page_id, conversation_id, author_kind, staff_id, author_name, body, body_doc,
                               status, idempotency_key, created_at)
         SELECT ?1, site_id, page_id, id, 'staff', ?3, ?4, ?5, ?6, 'published', ?8, ?7 FROM conversations WHERE id = ?2`,
      )
      .bind(id, r.conversationId, r.staff.id, r.staff.name, r.body.source, doc, now, r.submissionKey),
    db
      .prepare(
        `UPDATE conversations
            SET status = 'answered', awaiting_since = NULL, updated_at = ?3,
                first_reply_at = coalesce(first_reply_at, ?3), first_reply_by = coalesce(first_reply_by, ?2)
          WHERE id = ?1`,
      )
      .bind(r.conversationId, r.staff.id, now),
  ]
  const comment: Comment = {
    id,
    conversationId: r.conversationId,
    author: { kind: 'staff', staff: toPublicStaff(r.staff) },
    body: r.body.doc,
    state: 'published',
    createdAt: new Date(now).toISOString(),
    editedAt: null,
  }
  return { statements, comment }
}

/** "No reply needed": the conversation stops waiting; it stays visible, closed. */
export function closeConversationStatement(db: D1Database, conversationId: string, now: number): D1PreparedStatement {
  return db
    .prepare(`UPDATE conversations SET status = 'closed', awaiting_since = NULL, updated_at = ?2 WHERE id = ?1`)
    .bind(conversationId, now)
}

/** A conversation left with nothing from visitors (removed by its author or a moderator) stops waiting. */
export function closeIfNothingLeftStatement(db: D1Database, conversationId: string, now: number): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE conversations SET status = 'closed', awaiting_since = NULL, updated_at = ?2
        WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM comments WHERE conversation_id = ?1 AND author_kind = 'visitor'
                                        AND status IN ('published', 'pending'))`,
    )
    .bind(conversationId, now)
}

/** A staff member's recent replies in a conversation, with their text: what a repeated submission is compared with. */
export async function listRecentStaffReplies(db: D1Database, p: { conversationId: string; staffId: string; since: number }) {
  const { results } = await db
    .prepare(
      `SELECT ${commentColumns}, body FROM comments
        WHERE conversation_id = ?1 AND staff_id = ?2 AND author_kind = 'staff' AND status = 'published' AND created_at >= ?3
        ORDER BY created_at DESC LIMIT 20`,
    )
    .bind(p.conversationId, p.staffId, p.since)
    .all<RawComment & { body: string }>()
  return results
}

/** The reply a submission key already produced in this conversation's site, if any. */
export async function findStaffReplyBySubmission(db: D1Database, p: { conversationId: string; submissionKey: string }) {
  return db
    .prepare(
      `SELECT ${commentColumns} FROM comments
        WHERE site_id = (SELECT site_id FROM conversations WHERE id = ?1) AND idempotency_key = ?2`,
    )
    .bind(p.conversationId, p.submissionKey)
    .first<RawComment>()
}
