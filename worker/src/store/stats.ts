import type { ResponderStats } from '../../../schema'

export const STATS_WINDOW_DAYS = 90
/** Below this many conversations a rate or a median says more about luck than about the person. */
export const MIN_HISTORY = 5
/** A record older than this is rolled up again by the cron: the window slides even when nothing happens. */
export const STATS_MAX_AGE_MS = 3_600_000

/*
 * Figures are never counted on a read. `staff_stats` (migration 0009) holds one row per person: `open_count`
 * is kept by triggers in the transaction of each change to a conversation; the 90-day record is rolled up here,
 * by the `stats.responders` reaction after each change that moves it and by the cron as the window slides.
 */

/**
 * The conversations a record is fair to judge by: published ones that wait for an answer. Left out are those
 * still held (for a moderator or an unconfirmed address), those with no visitor comment left to see (hidden as
 * spam, deleted by their author or a moderator), and those closed as "no reply needed" before anyone answered:
 * none of them asked anything of the person, so none may count for or against them.
 */
export const WAITS_FOR_AN_ANSWER = `v.held = 0
  AND NOT (v.status = 'closed' AND v.first_reply_at IS NULL)
  AND EXISTS (SELECT 1 FROM comments c WHERE c.conversation_id = v.id AND c.author_kind = 'visitor' AND c.status = 'published')`

/**
 * The value at fraction `q` of a sorted sample, interpolated between the two nearest ranks (numpy's default; at
 * 0.5 it is the usual median, the mean of the middle two of an even count): a sum over the sample's rows `wait`,
 * ranked `i` from 0 among `n`, that only the one or two rows at the rank weigh in. Null for no rows.
 */
export const percentile = (q: number) => {
  const pos = `(${q} * (n - 1))`
  const lo = `cast(${pos} AS INTEGER)`
  return `sum(wait * CASE i WHEN ${lo} THEN 1 - (${pos} - ${lo}) WHEN ${lo} + 1 THEN ${pos} - ${lo} ELSE 0 END)`
}

/**
 * Rolls up the 90-day record of the given people (staff ids) as of `now`: for each, the conversations assigned to
 * them that waited for an answer and how many of those have one, and the median and p90 of their own first
 * replies' waits. One statement; each person's figures come from their own rows only, through the assignee and
 * first-replier indexes, so its cost follows their history, not the organisation's. It updates rows that exist
 * (migration 0009 and a trigger on `staff` give everyone one) and leaves `open_count` to the triggers.
 * `ifChanged`: only the records whose rows changed since their last roll-up (a change's reaction; the cron's
 * catch-up rolls up regardless, since the window slides with nothing changing).
 */
export function rollUpStaffStatsStatement(db: D1Database, staffIds: string[], now: number, ifChanged = false): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE staff_stats SET
         (conversations, answered) = (
           SELECT count(*), count(v.first_reply_at) FROM conversations v
            WHERE v.assigned_staff_id = staff_stats.staff_id AND v.created_at >= ?3 AND ${WAITS_FOR_AN_ANSWER}),
         (timed_replies, median_first_reply_ms, p90_first_reply_ms) = (
           SELECT coalesce(max(n), 0), ${percentile(0.5)}, ${percentile(0.9)}
             FROM (SELECT v.first_reply_at - v.created_at AS wait,
                          row_number() OVER (ORDER BY v.first_reply_at - v.created_at) - 1 AS i, count(*) OVER () AS n
                     FROM conversations v
                    WHERE v.first_reply_by = staff_stats.staff_id AND v.created_at >= ?3 AND ${WAITS_FOR_AN_ANSWER})),
         refreshed_at = ?2, rolled_version = version
       WHERE staff_id IN (SELECT value FROM json_each(?1)) AND (?4 = 0 OR rolled_version <> version)`,
    )
    .bind(JSON.stringify(staffIds), now, now - STATS_WINDOW_DAYS * 86_400_000, ifChanged ? 1 : 0)
}

/** What a change names, for finding whose figures it moved. */
export type StatsSubject = { commentIds?: string[]; conversationIds?: string[]; assignmentIds?: string[] }

/**
 * The people whose record a change may have moved: for each conversation it touched (directly, or through one of
 * its comments or assignments), who it is assigned to and who first answered it; for each hand-over, both hands.
 */
export async function staffConcerned(db: D1Database, s: StatsSubject): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT assigned_staff_id AS a, first_reply_by AS b FROM conversations
        WHERE id IN (SELECT value FROM json_each(?2)
                     UNION SELECT conversation_id FROM comments WHERE id IN (SELECT value FROM json_each(?1))
                     UNION SELECT conversation_id FROM assignments WHERE id IN (SELECT value FROM json_each(?3)))
       UNION ALL
       SELECT from_staff_id, to_staff_id FROM assignments WHERE id IN (SELECT value FROM json_each(?3))`,
    )
    .bind(JSON.stringify(s.commentIds ?? []), JSON.stringify(s.conversationIds ?? []), JSON.stringify(s.assignmentIds ?? []))
    .all<{ a: string | null; b: string | null }>()
  return [...new Set(results.flatMap((r) => [r.a, r.b]).filter((id): id is string => id !== null))]
}

/** The people whose record was rolled up longest ago, before `before`: the cron's catch-up, oldest first. */
export async function listStaleStaffStats(db: D1Database, before: number, limit: number): Promise<string[]> {
  const { results } = await db
    .prepare(`SELECT staff_id FROM staff_stats WHERE refreshed_at < ?1 ORDER BY refreshed_at LIMIT ?2`)
    .bind(before, limit)
    .all<{ staff_id: string }>()
  return results.map((r) => r.staff_id)
}

/** The columns of `staff_stats` a read takes, prefixed; `t` is the table's alias. */
export const staffStatsColumns = `coalesce(t.open_count, 0) AS open_count, coalesce(t.conversations, 0) AS stats_conversations,
  coalesce(t.answered, 0) AS stats_answered, coalesce(t.timed_replies, 0) AS stats_timed,
  t.median_first_reply_ms AS stats_median_ms, t.p90_first_reply_ms AS stats_p90_ms`

export type RawStaffStats = {
  stats_conversations: number
  stats_answered: number
  stats_timed: number
  stats_median_ms: number | null
  stats_p90_ms: number | null
}

const seconds = (ms: number | null, sample: number) => (ms !== null && sample >= MIN_HISTORY ? Math.round(ms / 1000) : null)

/** A person's public record from their row: the figures stay null until enough history backs them. */
export function toResponderStats(r: RawStaffStats): ResponderStats {
  const total = r.stats_conversations
  return {
    windowDays: STATS_WINDOW_DAYS,
    conversations: total,
    answeredRate: total >= MIN_HISTORY ? r.stats_answered / total : null,
    medianFirstReplySeconds: seconds(r.stats_median_ms, r.stats_timed),
    p90FirstReplySeconds: seconds(r.stats_p90_ms, r.stats_timed),
  }
}
