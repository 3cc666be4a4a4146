import type { Comment } from '../../../schema'
import { closeIfNothingLeftStatement, type HoldReason } from './comments'
import { commentColumns, toComment, type RawComment } from './threads'

/**
 * What the visitor's history says about a new comment: has this address been approved before, is it or the IP
 * banned. (Whether the address is confirmed is the posting browser's credential, never the row's.)
 */
export function visitorStandingStatement(db: D1Database, p: { siteId: string; email: string; ipHash: string }): D1PreparedStatement {
  return db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM comments c JOIN visitors v ON v.id = c.visitor_id
                       WHERE v.site_id = ?1 AND v.email = ?2 AND c.status = 'published') AS approved_before,
              EXISTS (SELECT 1 FROM bans WHERE site_id = ?1 AND ((kind = 'email' AND value = ?2) OR (kind = 'ip' AND value = ?3))) AS banned`,
    )
    .bind(p.siteId, p.email, p.ipHash)
}

export function readStanding(result: D1Result | undefined) {
  const row = result?.results[0] as { approved_before: number; banned: number } | undefined
  return { approvedBefore: row?.approved_before === 1, banned: row?.banned === 1 }
}

export async function visitorStanding(db: D1Database, p: { siteId: string; email: string; ipHash: string }) {
  return readStanding(await visitorStandingStatement(db, p).all())
}

/** The statements that publish a held comment: it shows, and its conversation starts waiting. */
export function releaseStatements(db: D1Database, commentId: string, now: number): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `UPDATE conversations SET held = 0, status = 'awaiting', awaiting_since = coalesce(awaiting_since, ?2), updated_at = ?2
          WHERE id = (SELECT conversation_id FROM comments WHERE id = ?1 AND status = 'pending')`,
      )
      .bind(commentId, now),
    db.prepare(`UPDATE comments SET status = 'published', hold_reason = NULL WHERE id = ?1 AND status = 'pending'`).bind(commentId),
  ]
}

export type ModerationVerb = 'approve' | 'hide' | 'delete'

function logStatement(
  db: D1Database,
  e: { siteId: string; commentId: string | null; action: ModerationVerb | 'ban'; actor: string; reason: string | null; detail?: string },
  now: number,
) {
  return db
    .prepare(
      `INSERT INTO moderation_log (id, site_id, comment_id, action, actor, reason, detail, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`,
    )
    .bind(crypto.randomUUID(), e.siteId, e.commentId, e.action, e.actor, e.reason, e.detail ?? null, now)
}

export type ModeratedComment = { id: string; siteId: string; status: string; conversationId: string }

export async function getModeratedComment(db: D1Database, commentId: string): Promise<ModeratedComment | null> {
  return db
    .prepare(`SELECT id, site_id AS siteId, status, conversation_id AS conversationId FROM comments WHERE id = ?1`)
    .bind(commentId)
    .first<ModeratedComment>()
}

/**
 * A moderator's decision, logged with who took it and why. Hide keeps the comment's place ("hidden by
 * moderators"); delete also drops its words. A conversation left with nothing for the public stops waiting.
 */
export function moderationStatements(
  db: D1Database,
  m: { comment: ModeratedComment; action: ModerationVerb; actor: string; reason: string | null },
  now: number,
): D1PreparedStatement[] {
  const { comment } = m
  const change =
    m.action === 'approve'
      ? releaseStatements(db, comment.id, now)
      : [
          db
            .prepare(
              m.action === 'hide'
                ? `UPDATE comments SET status = 'hidden', hold_reason = NULL WHERE id = ?1`
                : `UPDATE comments SET status = 'deleted', hold_reason = NULL, body = '', body_doc = '{"type":"doc","children":[]}' WHERE id = ?1`,
            )
            .bind(comment.id),
          closeIfNothingLeftStatement(db, comment.conversationId, now),
        ]
  return [...change, logStatement(db, { siteId: comment.siteId, commentId: comment.id, action: m.action, actor: m.actor, reason: m.reason }, now)]
}

export function banStatements(
  db: D1Database,
  b: { siteId: string; kind: 'email' | 'ip'; value: string; reason: string | null; actor: string },
  now: number,
): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO bans (site_id, kind, value, reason, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (site_id, kind, value) DO UPDATE SET reason = excluded.reason`,
      )
      .bind(b.siteId, b.kind, b.value, b.reason, now),
    logStatement(db, { siteId: b.siteId, commentId: null, action: 'ban', actor: b.actor, reason: b.reason, detail: `${b.kind}:${b.value}` }, now),
  ]
}

export type QueueItem = { comment: Comment; pageUrl: string; pendingReason: HoldReason; visitorEmail: string; ipHash: string | null }

/** Comments waiting on this site, oldest first, with what a moderator needs (never shown publicly). */
export async function listModerationQueue(db: D1Database, siteId: string): Promise<QueueItem[]> {
  const { results } = await db
    .prepare(
      `SELECT ${commentColumns.split(', ').map((c) => `c.${c}`).join(', ')}, c.hold_reason, c.ip_hash, p.url AS page_url, coalesce(v.address, v.email) AS email
         FROM comments c JOIN pages p ON p.id = c.page_id JOIN visitors v ON v.id = c.visitor_id
        WHERE c.site_id = ?1 AND c.status = 'pending' ORDER BY c.created_at LIMIT 200`,
    )
    .bind(siteId)
    .all<RawComment & { hold_reason: HoldReason; ip_hash: string | null; page_url: string; email: string }>()
  return results.map((r) => ({
    comment: toComment(r, new Map()),
    pageUrl: r.page_url,
    pendingReason: r.hold_reason,
    visitorEmail: r.email,
    ipHash: r.ip_hash,
  }))
}
