import { listStaleStaffStats, rollUpStaffStatsStatement, staffConcerned, STATS_MAX_AGE_MS, type StatsSubject } from '../store/stats'

/**
 * Rolls up again the record of everyone a change concerned (its conversations' assignees and first repliers,
 * both hands of a hand-over): one read to find them, one statement for them all. Run after the change
 * committed, so it sees it; it recomputes from the rows, so running it twice, or late, is harmless, and a record
 * that an earlier roll-up already brought up to date with the change is skipped.
 */
export async function refreshStatsOf(db: D1Database, subject: StatsSubject, now: number): Promise<void> {
  const staffIds = await staffConcerned(db, subject)
  if (staffIds.length) await rollUpStaffStatsStatement(db, staffIds, now, true).run()
}

/** How many records one cron tick rolls up at most; the rest wait for the next ticks, oldest first. */
export const CATCH_UP_PER_TICK = 100

/**
 * The cron's catch-up: the 90-day window slides even for someone nothing happened to, so every record older than
 * an hour is rolled up again, one statement per person, in one batch.
 */
export async function catchUpStaffStats(db: D1Database, now: number): Promise<number> {
  const stale = await listStaleStaffStats(db, now - STATS_MAX_AGE_MS, CATCH_UP_PER_TICK)
  if (stale.length) await db.batch(stale.map((id) => rollUpStaffStatsStatement(db, [id], now)))
  return stale.length
}
