/*
 * Wall clocks in IANA time zones, from `Intl` alone: the routing (is someone away?) and the digest schedule
 * (is it their chosen hour yet?) read local time the same way. Pure, no I/O.
 */

/** A local date and time, to the minute. */
export type WallClock = { year: number; month: number; day: number; hour: number; minute: number }

// Building a formatter is the costly part, and a routing sweep asks about the same few zones many times.
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    // Throws a RangeError for an unknown zone, before anything is cached.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      // For people reading it (`readableTime`); the wall clock takes only the numbers.
      timeZoneName: 'short',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** What a clock in `timeZone` shows at instant `t`. */
export function wallClock(t: number, timeZone: string): WallClock {
  const p = Object.fromEntries(formatter(timeZone).formatToParts(t).map((x) => [x.type, Number(x.value)]))
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute! }
}

/** An instant as a reader in `timeZone` sees it, with the zone named: `2026-04-30 14:05 GMT+1`. */
export function readableTime(t: number, timeZone: string): string {
  const p = Object.fromEntries(formatter(timeZone).formatToParts(t).map((x) => [x.type, x.value]))
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName}`
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** The local calendar date (`YYYY-MM-DD`) of a wall clock. */
export const isoDate = (w: WallClock) => `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`

/** Minutes the zone is ahead of UTC at instant `t`. */
export function offsetMinutes(t: number, timeZone: string): number {
  const w = wallClock(t, timeZone)
  return Math.round((Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - Math.floor(t / 60_000) * 60_000) / 60_000)
}

/**
 * The instant a local wall-clock time (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, hour 24 allowed) happens in a zone.
 * A time that happens twice (clocks going back) is its first occurrence.
 */
export function zonedInstant(local: string, timeZone: string): number {
  const [y, mo, d, h = 0, mi = 0] = local.split(/[-T:]/).map(Number) as [number, number, number, number?, number?]
  const wall = Date.UTC(y, mo - 1, d, h, mi)
  const guess = wall - offsetMinutes(wall, timeZone) * 60_000
  return wall - offsetMinutes(guess, timeZone) * 60_000
}
