import type { ConsoleQueue, QueueItem, QueueState } from '../../../schema'
import { ApiError } from '../http/errors'
import { getActiveSite } from '../store/sites'
import { listQueue, orgHasStaff, type QueueFilter, type RawQueueItem } from '../store/queue'

/*
 * The console's queue, one across the organisation's sites:
 * - awaiting: published conversations waiting for a staff reply;
 * - overdue: awaiting past their site's reply-time target (replyTargetHours);
 * - held: comments held for a moderator or for their author to confirm their address;
 * - flagged: Byline has no visitor flagging; a conversation is flagged when it went past its target and the
 *   escalation pass handed it on (to a delegate or a pool lead) and it still waits: the ones routing could not
 *   settle by itself, which want an admin's eye.
 */

const PREVIEW_CHARS = 200
const iso = (ms: number) => new Date(ms).toISOString()

/** A comment's words as one line of plain text, cut at a word near the limit. */
export function previewText(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim()
  if (text.length <= PREVIEW_CHARS) return text
  const cut = text.slice(0, PREVIEW_CHARS - 1)
  const space = cut.lastIndexOf(' ')
  return `${space > PREVIEW_CHARS / 2 ? cut.slice(0, space) : cut}…`
}

export function toQueueItem(r: RawQueueItem, now: number): QueueItem {
  const overdue = r.held_id === null && r.since <= now - r.target_hours * 3_600_000
  return {
    conversationId: r.id,
    site: { id: r.site_id, name: r.site_name },
    page: { url: r.url, title: r.title },
    assignee: { handle: r.handle, name: r.staff_name },
    since: iso(r.since),
    waitingSeconds: Math.max(0, Math.floor((now - r.since) / 1000)),
    overdue,
    escalated: r.escalated_at !== null,
    held: r.held_id === null ? null : { commentId: r.held_id, reason: r.hold_reason },
    preview:
      r.preview_id === null
        ? null
        : { commentId: r.preview_id, author: r.author ?? '', text: previewText(r.body ?? ''), visitorEmail: r.visitor_email, ipHash: r.ip_hash },
  }
}

export type QueueRequest = { orgId: string; state: QueueState; site?: string | undefined; staff?: string | undefined; before?: string | undefined; limit: number; now: number }

/** One page of the queue, newest first; `next` carries on. Another organisation's site or person is not there. */
export async function queuePage(db: D1Database, q: QueueRequest): Promise<ConsoleQueue> {
  if (q.site !== undefined && (await getActiveSite(db, q.site))?.orgId !== q.orgId) throw new ApiError('site_not_found', 'No site has this id.')
  if (q.staff !== undefined && !(await orgHasStaff(db, q.orgId, q.staff))) throw new ApiError('staff_not_found', 'No member of staff has this handle.')
  const [since, ...id] = q.before?.split(':') ?? []
  const filter: QueueFilter = {
    orgId: q.orgId,
    state: q.state,
    siteId: q.site ?? null,
    handle: q.staff ?? null,
    before: q.before ? { since: Number(since), id: id.join(':') } : null,
    // One more than asked says whether there is a next page.
    limit: q.limit + 1,
    now: q.now,
    order: 'newest',
  }
  const rows = await listQueue(db, filter)
  const page = rows.slice(0, q.limit)
  const last = page.at(-1)
  return {
    state: q.state,
    items: page.map((r) => toQueueItem(r, q.now)),
    next: rows.length > q.limit && last ? `${last.since}:${last.held_id ?? last.id}` : null,
  }
}

/** The overdue conversations, longest waiting first: the stats' list. */
export async function overdueList(db: D1Database, orgId: string, now: number, limit = 100): Promise<QueueItem[]> {
  const rows = await listQueue(db, { orgId, state: 'overdue', siteId: null, handle: null, before: null, limit, now, order: 'oldest' })
  return rows.map((r) => toQueueItem(r, now))
}
