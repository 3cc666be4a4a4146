import type { DigestPreference } from '../../../schema'

/** The local date and hour of an instant in a zone. */
function localDateHour(now: number, timeZone: string): { date: string; hour: number } {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((x) => [x.type, x.value]),
  )
  return { date: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour) }
}

/**
 * The digest a person is due at `now`, named by its slot (one digest per slot), or null when none is due.
 * Hourly: one per clock hour. Daily: one per local day, from the chosen local hour on, so a skipped hour
 * (clocks going forward) or a late cron still sends it, and a repeated hour (clocks going back) sends it once.
 */
export function digestSlot(pref: DigestPreference, timeZone: string, now: number): string | null {
  switch (pref.frequency) {
    case 'immediate':
      return null
    case 'hourly':
      return `hourly:${new Date(now).toISOString().slice(0, 13)}`
    case 'daily': {
      const local = localDateHour(now, timeZone)
      return local.hour >= pref.hour ? `daily:${local.date}` : null
    }
  }
}
