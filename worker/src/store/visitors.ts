import type { Doc } from '../../../schema'
import type { Locale } from '../i18n'

/** Stops notifications for one conversation, or (scope `site`) for everything the visitor wrote on the site. */
export function unsubscribeStatement(
  db: D1Database,
  u: { visitorId: string; conversationId: string | null; scope: 'conversation' | 'site' },
  now: number,
): D1PreparedStatement {
  if (u.scope === 'site' || !u.conversationId)
    return db.prepare(`UPDATE visitors SET unsubscribed_at = coalesce(unsubscribed_at, ?2) WHERE id = ?1`).bind(u.visitorId, now)
  return db
    .prepare(
      `INSERT INTO conversation_mutes (conversation_id, visitor_id, created_at) VALUES (?1, ?2, ?3)
       ON CONFLICT (conversation_id, visitor_id) DO NOTHING`,
    )
    .bind(u.conversationId, u.visitorId, now)
}

/**
 * The language a visitor last posted in on the site, which their emails are written in; in the post's batch, after
 * the statement that creates or updates their row. Through the (site_id, email) key.
 */
export function visitorLocaleStatement(db: D1Database, v: { siteId: string; email: string; locale: Locale }): D1PreparedStatement {
  return db
    .prepare(`UPDATE visitors SET locale = ?3 WHERE site_id = ?1 AND email = ?2 AND locale IS NOT ?3`)
    .bind(v.siteId, v.email, v.locale)
}

/** `email` is the canonical address (what comparisons use); `address` is where mail goes, as the visitor typed it. */
export type VisitorRow = { id: string; siteId: string; email: string; address: string; name: string; verifiedAt: number | null }

const visitorColumns = `id, site_id AS siteId, email, coalesce(address, email) AS address, name, verified_at AS verifiedAt`

export async function getVisitor(db: D1Database, visitorId: string): Promise<VisitorRow | null> {
  return db
    .prepare(`SELECT ${visitorColumns} FROM visitors WHERE id = ?1`)
    .bind(visitorId)
    .first<VisitorRow>()
}

export async function findVisitor(db: D1Database, siteId: string, email: string): Promise<VisitorRow | null> {
  return db
    .prepare(`SELECT ${visitorColumns} FROM visitors WHERE site_id = ?1 AND email = ?2`)
    .bind(siteId, email)
    .first<VisitorRow>()
}

/** Comments of a visitor held until they confirmed their address. */
export async function listUnverifiedHolds(db: D1Database, visitorId: string): Promise<string[]> {
  const { results } = await db
    .prepare(`SELECT id FROM comments WHERE visitor_id = ?1 AND status = 'pending' AND hold_reason = 'unverified' ORDER BY created_at`)
    .bind(visitorId)
    .all<{ id: string }>()
  return results.map((r) => r.id)
}

/** A comment held for its author's confirmation, as the confirmation page shows it. */
export type HeldComment = { id: string; conversationId: string; doc: Doc; pageUrl: string; pageTitle: string | null; createdAt: number }

/** What confirming the address would publish: the visitor's comments held for it, oldest first, with their pages. */
export async function listHeldForConfirmation(db: D1Database, visitorId: string): Promise<HeldComment[]> {
  const { results } = await db
    .prepare(
      `SELECT c.id, c.conversation_id AS conversationId, c.body_doc AS doc, p.url AS pageUrl, p.title AS pageTitle, c.created_at AS createdAt
         FROM comments c JOIN pages p ON p.id = c.page_id
        WHERE c.visitor_id = ?1 AND c.status = 'pending' AND c.hold_reason = 'unverified' ORDER BY c.created_at`,
    )
    .bind(visitorId)
    .all<Omit<HeldComment, 'doc'> & { doc: string }>()
  return results.map((r) => ({ ...r, doc: JSON.parse(r.doc) as Doc }))
}

export function markVerifiedStatement(db: D1Database, visitorId: string, now: number): D1PreparedStatement {
  return db.prepare(`UPDATE visitors SET verified_at = coalesce(verified_at, ?2) WHERE id = ?1`).bind(visitorId, now)
}

/** A held comment that, once the address is confirmed, still needs a moderator. */
export function holdForModerationStatement(db: D1Database, commentId: string): D1PreparedStatement {
  return db.prepare(`UPDATE comments SET hold_reason = 'moderation' WHERE id = ?1 AND status = 'pending'`).bind(commentId)
}

/** Everything Byline holds about one visitor on one site, for them to take away. */
export async function exportVisitor(db: D1Database, visitorId: string) {
  const [visitor, comments] = await db.batch([
    db
      .prepare(
        `SELECT coalesce(v.address, v.email) AS email, v.name, v.locale, v.created_at, v.verified_at, v.unsubscribed_at, s.id AS site, s.name AS site_name
           FROM visitors v JOIN sites s ON s.id = v.site_id WHERE v.id = ?1`,
      )
      .bind(visitorId),
    db
      .prepare(
        `SELECT c.id, p.url AS page, c.author_name AS name, c.body, c.status, c.created_at, c.edited_at, c.conversation_id
           FROM comments c JOIN pages p ON p.id = c.page_id WHERE c.visitor_id = ?1 ORDER BY c.created_at`,
      )
      .bind(visitorId),
  ])
  const iso = (t: unknown) => (typeof t === 'number' ? new Date(t).toISOString() : null)
  const v = visitor!.results[0] as Record<string, unknown>
  return {
    exportedBy: 'Byline',
    site: { id: v.site, name: v.site_name },
    visitor: { email: v.email, name: v.name, language: v.locale, firstSeen: iso(v.created_at), emailConfirmed: iso(v.verified_at), unsubscribedFromAll: iso(v.unsubscribed_at) },
    comments: (comments!.results as Record<string, unknown>[]).map((c) => ({
      id: c.id,
      page: c.page,
      conversation: c.conversation_id,
      name: c.name,
      text: c.body,
      status: c.status,
      written: iso(c.created_at),
      edited: iso(c.edited_at),
    })),
    notStored: 'IP addresses are never stored: only a keyed hash that changes every 30 days.',
  }
}

/**
 * Erases a visitor: their address, name and IP hashes go, their credentials and the events that name them
 * (with the mail still queued for them) go; their comments stay so threads keep making sense, signed
 * "Deleted visitor".
 */
export function eraseVisitorStatements(db: D1Database, visitor: { id: string; siteId: string; email: string }, now: number): D1PreparedStatement[] {
  const visitorId = visitor.id
  return [
    db
      .prepare(`UPDATE comments SET author_name = 'Deleted visitor', ip_hash = NULL, owner_token_hash = NULL WHERE visitor_id = ?1`)
      .bind(visitorId),
    db.prepare(`DELETE FROM tokens WHERE visitor_id = ?1`).bind(visitorId),
    db.prepare(`DELETE FROM conversation_mutes WHERE visitor_id = ?1`).bind(visitorId),
    db.prepare(`DELETE FROM event_deliveries WHERE target = ?1 AND status <> 'sent'`).bind(visitorId),
    db
      .prepare(
        `DELETE FROM events WHERE json_extract(payload, '$.visitorId') = ?1
            OR (json_extract(payload, '$.siteId') = ?2 AND json_extract(payload, '$.email') = ?3)`,
      )
      .bind(visitorId, visitor.siteId, visitor.email),
    db
      .prepare(
        `UPDATE visitors SET email = 'deleted:' || id, address = NULL, name = 'Deleted visitor', verified_at = NULL,
                             unsubscribed_at = coalesce(unsubscribed_at, ?2) WHERE id = ?1`,
      )
      .bind(visitorId, now),
  ]
}

/** Which address, site and (for a link about one conversation) page a visitor's emailed link is about. */
export async function linkSubjectOf(db: D1Database, p: { visitorId: string; conversationId: string | null }) {
  return db
    .prepare(
      `SELECT coalesce(v.address, v.email) AS email, s.name AS siteName, p.title AS pageTitle, p.url AS pageUrl
         FROM visitors v JOIN sites s ON s.id = v.site_id
         LEFT JOIN conversations c ON c.id = ?2 AND c.site_id = v.site_id
         LEFT JOIN pages p ON p.id = c.page_id
        WHERE v.id = ?1`,
    )
    .bind(p.visitorId, p.conversationId)
    .first<{ email: string; siteName: string; pageTitle: string | null; pageUrl: string | null }>()
}
