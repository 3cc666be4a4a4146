import type { DigestPreference } from '../../../schema'
import { isoDate, wallClock } from '../time/zone'

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
      const local = wallClock(now, timeZone)
      return local.hour >= pref.hour ? `daily:${isoDate(local)}` : null
    }
  }
}
