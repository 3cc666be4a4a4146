import type { ResponderStats } from '../../../schema'

export const STATS_WINDOW_DAYS = 90
/** Below this many conversations a rate or a median says more about luck than about the person. */
export const MIN_HISTORY = 5

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * The conversations a record is fair to judge by: published ones that wait for an answer. Left out are those
 * still held (for a moderator or an unconfirmed address), those with no visitor comment left to see (hidden as
 * spam, deleted by their author or a moderator), and those closed as "no reply needed" before anyone answered:
 * none of them asked anything of the person, so none may count for or against them.
 */
const WAITS_FOR_AN_ANSWER = `v.held = 0
  AND NOT (v.status = 'closed' AND v.first_reply_at IS NULL)
  AND EXISTS (SELECT 1 FROM comments c WHERE c.conversation_id = v.id AND c.author_kind = 'visitor' AND c.status = 'published')`

/**
 * Each person's public record over the last 90 days, across the organisation: the conversations assigned to
 * them that waited for an answer, the share of those that got one, and their median time from a visitor's
 * comment to their first reply.
 */
export async function responderStats(db: D1Database, staffIds: string[], now: number): Promise<Map<string, ResponderStats>> {
  const since = now - STATS_WINDOW_DAYS * 86_400_000
  const ids = JSON.stringify(staffIds)
  const [load, waits] = await db.batch([
    db
      .prepare(
        `SELECT v.assigned_staff_id AS id, count(*) AS total, count(v.first_reply_at) AS answered FROM conversations v
          WHERE v.assigned_staff_id IN (SELECT value FROM json_each(?1)) AND v.created_at >= ?2 AND ${WAITS_FOR_AN_ANSWER}
          GROUP BY v.assigned_staff_id`,
      )
      .bind(ids, since),
    db
      .prepare(
        `SELECT v.first_reply_by AS id, v.first_reply_at - v.created_at AS wait FROM conversations v
          WHERE v.first_reply_by IN (SELECT value FROM json_each(?1)) AND v.created_at >= ?2 AND ${WAITS_FOR_AN_ANSWER}`,
      )
      .bind(ids, since),
  ])
  const loads = new Map((load!.results as { id: string; total: number; answered: number }[]).map((r) => [r.id, r]))
  const waitRows = waits!.results as { id: string; wait: number }[]
  return new Map(
    staffIds.map((id) => {
      const { total = 0, answered = 0 } = loads.get(id) ?? {}
      const mine = waitRows.filter((r) => r.id === id).map((r) => r.wait)
      return [
        id,
        {
          windowDays: STATS_WINDOW_DAYS,
          conversations: total,
          answeredRate: total >= MIN_HISTORY ? answered / total : null,
          medianFirstReplySeconds: mine.length >= MIN_HISTORY ? Math.round(median(mine) / 1000) : null,
        },
      ]
    }),
  )
}
