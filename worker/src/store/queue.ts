/*
 * The console's queue across an organisation's sites. Conversations (awaiting, overdue, flagged) are found through
 * the organisation's staff and each one's awaiting conversations (conversations_by_assignee): every awaiting
 * conversation has an assignee, and the org's staff are exactly who its sites' conversations go to. Held comments are
 * found per site (comments_held). Either way the cost follows the organisation's open work, never the deployment's.
 * CROSS JOIN keeps that order: left to itself, SQLite may start from every awaiting conversation of the deployment.
 */

export type QueueFilter = {
  orgId: string
  state: 'awaiting' | 'overdue' | 'held' | 'flagged'
  siteId: string | null
  handle: string | null
  /** The (since, id) of the last item of the previous page. */
  before: { since: number; id: string } | null
  limit: number
  now: number
  /** Newest first (the queue) or longest waiting first (the stats' overdue list). */
  order: 'newest' | 'oldest'
}

export type RawQueueItem = {
  id: string
  since: number
  escalated_at: number | null
  site_id: string
  site_name: string
  target_hours: number
  url: string
  title: string | null
  handle: string
  staff_name: string
  held_id: string | null
  hold_reason: 'moderation' | 'unverified' | null
  preview_id: string | null
  author: string | null
  body: string | null
  visitor_email: string | null
  ip_hash: string | null
}

/** How much of a comment the preview reads; it shows less. */
const PREVIEW_READ = 400

export async function listQueue(db: D1Database, f: QueueFilter): Promise<RawQueueItem[]> {
  const dir = f.order === 'newest' ? 'DESC' : 'ASC'
  const cmp = f.order === 'newest' ? '<' : '>'
  const common = [f.orgId, f.siteId, f.handle, f.before?.since ?? null, f.before?.id ?? null, f.limit] as const
  if (f.state === 'held') {
    const { results } = await db
      .prepare(
        `SELECT v.id, c.created_at AS since, v.escalated_at, s.id AS site_id, s.name AS site_name,
                s.settings ->> '$.replyTargetHours' AS target_hours, p.url, p.title, st.handle, st.name AS staff_name,
                c.id AS held_id, c.hold_reason, c.id AS preview_id, c.author_name AS author, substr(c.body, 1, ${PREVIEW_READ}) AS body,
                coalesce(vi.address, vi.email) AS visitor_email, c.ip_hash
           FROM sites s
           CROSS JOIN comments c ON c.site_id = s.id AND c.status = 'pending'
           JOIN conversations v ON v.id = c.conversation_id
           JOIN staff st ON st.id = v.assigned_staff_id
           JOIN pages p ON p.id = c.page_id
           LEFT JOIN visitors vi ON vi.id = c.visitor_id
          WHERE s.org_id = ?1 AND s.active = 1 AND (?2 IS NULL OR s.id = ?2) AND (?3 IS NULL OR st.handle = ?3)
            AND (?4 IS NULL OR (c.created_at, c.id) ${cmp} (?4, ?5))
          ORDER BY c.created_at ${dir}, c.id ${dir} LIMIT ?6`,
      )
      .bind(...common)
      .all<RawQueueItem>()
    return results
  }
  // The page is picked first, then only its rows look up their page and first comment.
  const { results } = await db
    .prepare(
      `WITH picked AS (
         SELECT v.id, v.awaiting_since AS since, v.escalated_at, v.page_id, s.id AS site_id, s.name AS site_name,
                s.settings ->> '$.replyTargetHours' AS target_hours, st.handle, st.name AS staff_name
           FROM staff st
           CROSS JOIN conversations v ON v.assigned_staff_id = st.id AND v.status = 'awaiting'
           JOIN sites s ON s.id = v.site_id
          WHERE st.org_id = ?1 AND v.held = 0 AND s.active = 1 AND (?2 IS NULL OR s.id = ?2) AND (?3 IS NULL OR st.handle = ?3)
            AND (?4 IS NULL OR (v.awaiting_since, v.id) ${cmp} (?4, ?5))
            AND CASE ?7 WHEN 'overdue' THEN v.awaiting_since <= ?8 - (s.settings ->> '$.replyTargetHours') * 3600000
                        WHEN 'flagged' THEN v.escalated_at IS NOT NULL
                        ELSE 1 END
          ORDER BY v.awaiting_since ${dir}, v.id ${dir} LIMIT ?6)
       SELECT q.id, q.since, q.escalated_at, q.site_id, q.site_name, q.target_hours, p.url, p.title, q.handle, q.staff_name,
              NULL AS held_id, NULL AS hold_reason, f.id AS preview_id, f.author_name AS author, substr(f.body, 1, ${PREVIEW_READ}) AS body,
              coalesce(vi.address, vi.email) AS visitor_email, f.ip_hash
         FROM picked q
         JOIN pages p ON p.id = q.page_id
         LEFT JOIN comments f ON f.id = (SELECT id FROM comments WHERE conversation_id = q.id AND status IN ('published', 'pending')
                                          ORDER BY created_at LIMIT 1)
         LEFT JOIN visitors vi ON vi.id = f.visitor_id
        ORDER BY q.since ${dir}, q.id ${dir}`,
    )
    .bind(...common, f.state, f.now)
    .all<RawQueueItem>()
  return results
}

/** Whether the organisation has this member of staff (active or not). */
export async function orgHasStaff(db: D1Database, orgId: string, handle: string): Promise<boolean> {
  return (await db.prepare(`SELECT 1 AS found FROM staff WHERE org_id = ?1 AND handle = ?2`).bind(orgId, handle).first()) !== null
}
