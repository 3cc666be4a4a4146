import type { DigestPreference } from '../../../schema'
import { toLocale, type Locale } from '../i18n'

/*
 * What the emails need to say, read at sending time (so a digest shows the state of things when it is sent).
 * Every read takes the ids of a whole batch of deliveries (a JSON array bound once, read with json_each) and
 * answers a Map, so a drain of any size makes the same few round trips: never one lookup per message.
 */

/** The ids as one bound JSON array: any number of them, within D1's limit of 100 bound parameters. */
const idList = (ids: Iterable<string>) => JSON.stringify([...new Set(ids)])

const byKey = <T, K>(rows: T[], key: (row: T) => K) => new Map(rows.map((r) => [key(r), r]))

/** `locale`: the language of their emails, from their profile (English when not given). */
export type Mailbox = { id: string; name: string; role: string; email: string; timeZone: string; digest: DigestPreference; active: boolean; locale?: Locale }

export async function getMailboxes(db: D1Database, staffIds: Iterable<string>): Promise<Map<string, Mailbox>> {
  const { results } = await db
    .prepare(`SELECT id, name, role, email, time_zone, digest, active, locale FROM staff WHERE id IN (SELECT value FROM json_each(?1))`)
    .bind(idList(staffIds))
    .all<{ id: string; name: string; role: string; email: string; time_zone: string; digest: string; active: number; locale: string }>()
  return new Map(
    results.map((row) => [
      row.id,
      {
        id: row.id,
        name: row.name,
        role: row.role,
        email: row.email,
        timeZone: row.time_zone,
        digest: JSON.parse(row.digest) as DigestPreference,
        active: row.active === 1,
        locale: toLocale(row.locale),
      },
    ]),
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

const waitingColumns = `v.id AS conversationId, s.name AS siteName, p.url AS pageUrl, p.title AS pageTitle,
         c.author_name AS visitorName, c.body_doc AS bodyDoc, coalesce(v.awaiting_since, v.created_at) AS waitingSince`

const waitingJoins = `
    JOIN sites s ON s.id = v.site_id
    JOIN pages p ON p.id = v.page_id
    JOIN comments c ON c.id = (SELECT id FROM comments WHERE conversation_id = v.id AND author_kind = 'visitor'
                                AND status = 'published' ORDER BY created_at DESC, id DESC LIMIT 1)`

export async function getWaitingItems(db: D1Database, conversationIds: Iterable<string>): Promise<Map<string, WaitingItem>> {
  const { results } = await db
    .prepare(`SELECT ${waitingColumns} FROM conversations v ${waitingJoins} WHERE v.id IN (SELECT value FROM json_each(?1))`)
    .bind(idList(conversationIds))
    .all<WaitingItem>()
  return byKey(results, (r) => r.conversationId)
}

/** What a digest lists for one person: the longest-waiting conversations, and how many wait in all. */
export type WaitingList = { items: WaitingItem[]; total: number }

/**
 * Every conversation waiting for each of these people, longest-waiting first, at most `limit` each, with the
 * total. Ranked before the joins, so the latest comment is looked up only for the conversations listed.
 */
export async function listWaitingFor(db: D1Database, staffIds: Iterable<string>, limit: number): Promise<Map<string, WaitingList>> {
  const { results } = await db
    .prepare(
      `WITH waiting AS (
         SELECT v.id, v.assigned_staff_id AS staffId,
                row_number() OVER (PARTITION BY v.assigned_staff_id ORDER BY coalesce(v.awaiting_since, v.created_at), v.id) AS rank,
                count(*) OVER (PARTITION BY v.assigned_staff_id) AS total
           FROM conversations v
          WHERE v.assigned_staff_id IN (SELECT value FROM json_each(?1)) AND v.status = 'awaiting'
            AND EXISTS (SELECT 1 FROM comments WHERE conversation_id = v.id AND author_kind = 'visitor' AND status = 'published'))
       SELECT w.staffId, w.total, ${waitingColumns}
         FROM waiting w JOIN conversations v ON v.id = w.id ${waitingJoins}
        WHERE w.rank <= ?2
        ORDER BY w.staffId, w.rank`,
    )
    .bind(idList(staffIds), limit)
    .all<WaitingItem & { staffId: string; total: number }>()
  const lists = new Map<string, WaitingList>()
  for (const { staffId, total, ...item } of results) {
    const list = lists.get(staffId) ?? { items: [], total }
    list.items.push(item)
    lists.set(staffId, list)
  }
  return lists
}

/** A visitor's comment and whose conversation it is in now: what a notice about it needs to know. */
export type CommentConversation = {
  commentId: string
  conversationId: string
  assigneeId: string
  status: string
  commentStatus: string
  holdReason: string | null
  visitorId: string | null
}

export async function getCommentConversations(db: D1Database, commentIds: Iterable<string>): Promise<Map<string, CommentConversation>> {
  const { results } = await db
    .prepare(
      `SELECT c.id AS commentId, v.id AS conversationId, v.assigned_staff_id AS assigneeId, v.status, c.status AS commentStatus,
              c.hold_reason AS holdReason, c.visitor_id AS visitorId
         FROM comments c JOIN conversations v ON v.id = c.conversation_id WHERE c.id IN (SELECT value FROM json_each(?1))`,
    )
    .bind(idList(commentIds))
    .all<CommentConversation>()
  return byKey(results, (r) => r.commentId)
}

/**
 * The visitors of each staff reply's conversation who still want mail: published comments, not unsubscribed or
 * muted. Every reply asked about has an entry, empty when nobody is to be written to.
 */
export async function listVisitorsToNotify(db: D1Database, replyIds: Iterable<string>): Promise<Map<string, string[]>> {
  const ids = [...new Set(replyIds)]
  const { results } = await db
    .prepare(
      `SELECT r.value AS replyId, vi.id FROM json_each(?1) r
         JOIN comments rc ON rc.id = r.value
         JOIN visitors vi ON vi.id IN (SELECT visitor_id FROM comments WHERE author_kind = 'visitor' AND status = 'published'
                                        AND conversation_id = rc.conversation_id)
        WHERE vi.email NOT LIKE 'deleted:%'
          AND vi.unsubscribed_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM conversation_mutes m WHERE m.visitor_id = vi.id AND m.conversation_id = rc.conversation_id)
        ORDER BY r.value, vi.id`,
    )
    .bind(JSON.stringify(ids))
    .all<{ replyId: string; id: string }>()
  const lists = new Map(ids.map((id) => [id, [] as string[]]))
  for (const r of results) lists.get(r.replyId)!.push(r.id)
  return lists
}

export type AssignmentNotice = { id: string; conversationId: string; toId: string; reason: string; note: string | null; fromName: string | null }

export async function getAssignments(db: D1Database, assignmentIds: Iterable<string>): Promise<Map<string, AssignmentNotice>> {
  const { results } = await db
    .prepare(
      `SELECT a.id, a.conversation_id AS conversationId, a.to_staff_id AS toId, a.reason, a.note, f.name AS fromName
         FROM assignments a LEFT JOIN staff f ON f.id = a.from_staff_id WHERE a.id IN (SELECT value FROM json_each(?1))`,
    )
    .bind(idList(assignmentIds))
    .all<AssignmentNotice>()
  return byKey(results, (r) => r.id)
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
  /** The language the visitor last posted in (a tag; `toLocale` reads it; English when not given). */
  visitorLocale?: string
}

/** The key of one (reply, visitor) notice in the Map `getVisitorReplyNotices` answers. */
export const replyNoticeKey = (commentId: string, visitorId: string) => JSON.stringify([commentId, visitorId])

export async function getVisitorReplyNotices(
  db: D1Database,
  pairs: { commentId: string; visitorId: string }[],
): Promise<Map<string, VisitorReplyNotice>> {
  const { results } = await db
    .prepare(
      `SELECT vi.id AS visitorId, vi.name AS visitorName, coalesce(vi.address, vi.email) AS visitorEmail, c.conversation_id AS conversationId,
              c.id AS commentId, st.name AS staffName, st.role AS staffRole, c.body_doc AS replyDoc,
              p.url AS pageUrl, p.title AS pageTitle, s.name AS siteName, vi.locale AS visitorLocale,
              (vi.unsubscribed_at IS NULL AND NOT EXISTS (SELECT 1 FROM conversation_mutes m
                 WHERE m.conversation_id = c.conversation_id AND m.visitor_id = vi.id)) AS wanted
         FROM json_each(?1) j
         JOIN comments c ON c.id = json_extract(j.value, '$[0]')
         JOIN staff st ON st.id = c.staff_id
         JOIN pages p ON p.id = c.page_id
         JOIN sites s ON s.id = c.site_id
         JOIN visitors vi ON vi.id = json_extract(j.value, '$[1]')`,
    )
    .bind(JSON.stringify(pairs.map((p) => [p.commentId, p.visitorId])))
    .all<VisitorReplyNotice>()
  return byKey(results, (r) => replyNoticeKey(r.commentId, r.visitorId))
}

/**
 * A visitor as the mails to them need it: where to write, their site's name, whether something of theirs waits
 * for them to confirm their address, and when they were last sent a confirmation link.
 */
export type VisitorMailbox = {
  id: string
  siteId: string
  /** The canonical address; `deleted:…` once erased. */
  email: string
  /** Where mail goes, as the visitor typed it. */
  address: string
  name: string
  siteName: string
  heldForConfirmation: number
  lastConfirmationLinkAt: number | null
  /** The language the visitor last posted in (a tag; `toLocale` reads it; English when not given). */
  locale?: string
}

const visitorMailboxSelect = `
  SELECT vi.id, vi.site_id AS siteId, vi.email, coalesce(vi.address, vi.email) AS address, vi.name, vi.locale,
         coalesce(s.name, 'the site') AS siteName,
         EXISTS (SELECT 1 FROM comments c WHERE c.visitor_id = vi.id AND c.status = 'pending' AND c.hold_reason = 'unverified') AS heldForConfirmation,
         (SELECT max(t.created_at) FROM tokens t WHERE t.visitor_id = vi.id AND t.purpose = 'verify_email') AS lastConfirmationLinkAt
    FROM visitors vi LEFT JOIN sites s ON s.id = vi.site_id`

export async function getVisitorMailboxes(db: D1Database, visitorIds: Iterable<string>): Promise<Map<string, VisitorMailbox>> {
  const { results } = await db
    .prepare(`${visitorMailboxSelect} WHERE vi.id IN (SELECT value FROM json_each(?1))`)
    .bind(idList(visitorIds))
    .all<VisitorMailbox>()
  return byKey(results, (r) => r.id)
}

/** The key of one (site, canonical address) in the Map `findVisitorMailboxes` answers. */
export const visitorAddressKey = (siteId: string, email: string) => JSON.stringify([siteId, email])

export async function findVisitorMailboxes(db: D1Database, addresses: { siteId: string; email: string }[]): Promise<Map<string, VisitorMailbox>> {
  const { results } = await db
    .prepare(
      `${visitorMailboxSelect}
        WHERE (vi.site_id, vi.email) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?1))`,
    )
    .bind(JSON.stringify(addresses.map((a) => [a.siteId, a.email])))
    .all<VisitorMailbox>()
  return byKey(results, (r) => visitorAddressKey(r.siteId, r.email))
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
