import type { ConsoleStats } from '../../../schema'
import { siteRecordsStatement, weeklyMediansStatement, WEEK_MS, WEEKS, type RawSiteRecord, type RawWeek } from '../store/console-stats'
import { listStaffStatement, readStaff } from '../store/staff'
import { toResponderStats } from '../store/stats'
import { overdueList } from './console-queue'

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * The console's response times, per responder and per site: open conversations, the 90-day record (a person's is
 * their `staff_stats` row, read as the public record reads it; a site's is counted by the same definitions, and
 * shown by the same rule: null until five conversations back a figure), the weekly medians of the last 12 weeks
 * (oldest first, null where nobody was answered; shown whatever the sample, since only the org's admins see them),
 * and the overdue list. One batch, then the overdue list.
 */
export async function consoleStats(db: D1Database, orgId: string, now: number): Promise<ConsoleStats> {
  const [staff, sites, weeks] = await db.batch([
    listStaffStatement(db, orgId),
    siteRecordsStatement(db, orgId, now),
    weeklyMediansStatement(db, orgId, now),
  ])
  const medians = new Map((weeks!.results as RawWeek[]).map((w) => [`${w.kind}\n${w.key}\n${w.week}`, w.median_ms]))
  // Week 0 ends now; the answer lists them oldest first.
  const weekly = (kind: RawWeek['kind'], key: string) =>
    Array.from({ length: WEEKS }, (_, j) => {
      const ms = medians.get(`${kind}\n${key}\n${WEEKS - 1 - j}`)
      return ms === undefined || ms === null ? null : Math.round(ms / 1000)
    })
  return {
    generatedAt: iso(now),
    weeks: Array.from({ length: WEEKS }, (_, j) => iso(now - (WEEKS - j) * WEEK_MS)),
    responders: readStaff(staff)
      // Who has left stays while their record or open conversations still say something.
      .filter((s) => s.active || s.openCount > 0 || s.stats.conversations > 0)
      .map((s) => ({ handle: s.handle, name: s.name, active: s.active, openConversations: s.openCount, record: s.stats, weekly: weekly('staff', s.handle) })),
    sites: (sites!.results as RawSiteRecord[]).map((s) => ({
      id: s.site_id,
      name: s.name,
      replyTargetHours: s.target_hours,
      openConversations: s.open_count,
      record: toResponderStats(s),
      weekly: weekly('site', s.site_id),
    })),
    overdue: await overdueList(db, orgId, now),
  }
}
