import { percentile, STATS_WINDOW_DAYS, WAITS_FOR_AN_ANSWER, type RawStaffStats } from './stats'

/*
 * The console's response-time figures beyond each person's own `staff_stats` row (which the console reads as the
 * public record does, through listStaff): each site's record and the weekly medians. They are counted on the read,
 * by the record's own definitions (which conversations count, the interpolated percentile), from the organisation's
 * staff through the assignee and first-replier indexes: the cost follows the organisation's last 90 days.
 * CROSS JOIN keeps that order (staff first).
 */

export const WEEK_MS = 7 * 86_400_000
export const WEEKS = 12

export type RawSiteRecord = { site_id: string; name: string; target_hours: number; open_count: number } & RawStaffStats
export type RawWeek = { kind: 'staff' | 'site'; key: string; week: number; median_ms: number | null }

/** Each site's open conversations and 90-day record, in the shape of a person's row. */
export function siteRecordsStatement(db: D1Database, orgId: string, now: number): D1PreparedStatement {
  return db
    .prepare(
      `WITH counted AS (
         SELECT v.site_id, count(*) AS conversations, count(v.first_reply_at) AS answered
           FROM staff st CROSS JOIN conversations v ON v.assigned_staff_id = st.id AND v.created_at >= ?2
          WHERE st.org_id = ?1 AND ${WAITS_FOR_AN_ANSWER} GROUP BY v.site_id),
       timed AS (
         SELECT site_id, max(n) AS timed, ${percentile(0.5)} AS median, ${percentile(0.9)} AS p90
           FROM (SELECT v.site_id, v.first_reply_at - v.created_at AS wait,
                        row_number() OVER (PARTITION BY v.site_id ORDER BY v.first_reply_at - v.created_at) - 1 AS i,
                        count(*) OVER (PARTITION BY v.site_id) AS n
                   FROM staff st CROSS JOIN conversations v ON v.first_reply_by = st.id AND v.created_at >= ?2
                  WHERE st.org_id = ?1 AND ${WAITS_FOR_AN_ANSWER})
          GROUP BY site_id),
       open AS (
         SELECT v.site_id, count(*) AS open_count
           FROM staff st CROSS JOIN conversations v ON v.assigned_staff_id = st.id AND v.status = 'awaiting'
          WHERE st.org_id = ?1 GROUP BY v.site_id)
       SELECT s.id AS site_id, s.name, s.settings ->> '$.replyTargetHours' AS target_hours, coalesce(o.open_count, 0) AS open_count, coalesce(c.conversations, 0) AS stats_conversations,
              coalesce(c.answered, 0) AS stats_answered, coalesce(t.timed, 0) AS stats_timed,
              t.median AS stats_median_ms, t.p90 AS stats_p90_ms
         FROM sites s LEFT JOIN counted c ON c.site_id = s.id LEFT JOIN timed t ON t.site_id = s.id LEFT JOIN open o ON o.site_id = s.id
        WHERE s.org_id = ?1 AND s.active = 1 ORDER BY s.id`,
    )
    .bind(orgId, now - STATS_WINDOW_DAYS * 86_400_000)
}

/**
 * The median first reply of each of the last 12 weeks, per first replier and per site, in one grouped query: week 0
 * is the 7 days up to `now`, by when the conversation started (as the record's window counts). A week with no
 * answered conversation has no row.
 */
export function weeklyMediansStatement(db: D1Database, orgId: string, now: number): D1PreparedStatement {
  return db
    .prepare(
      `WITH w AS (
         SELECT st.handle AS who, v.site_id AS site, cast((?2 - v.created_at) / ?3 AS INTEGER) AS week, v.first_reply_at - v.created_at AS wait
           FROM staff st CROSS JOIN conversations v ON v.first_reply_by = st.id AND v.created_at > ?2 - ?3 * ?4
          WHERE st.org_id = ?1 AND ${WAITS_FOR_AN_ANSWER}),
       ranked AS (
         SELECT 'staff' AS kind, who AS key, week, wait,
                row_number() OVER (PARTITION BY who, week ORDER BY wait) - 1 AS i, count(*) OVER (PARTITION BY who, week) AS n FROM w
         UNION ALL
         SELECT 'site', site, week, wait,
                row_number() OVER (PARTITION BY site, week ORDER BY wait) - 1, count(*) OVER (PARTITION BY site, week) FROM w)
       SELECT kind, key, week, ${percentile(0.5)} AS median_ms FROM ranked GROUP BY kind, key, week`,
    )
    .bind(orgId, now, WEEK_MS, WEEKS)
}
