/*
 * How the console says its figures: a wait in days, hours and minutes, a share as a percentage, a
 * week by the date it starts. The figures arrive in seconds and ISO dates; the admin's browser picks the language.
 */

/** A wait in seconds as people say it: "under a minute", "45 min", "3 h 20 min", "2 d 4 h". */
export function duration(seconds: number): string {
  if (seconds < 60) return 'under a minute'
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`
  const days = Math.floor(hours / 24)
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`
}

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 })

/** A share from 0 to 1 as a percentage. */
export const share = (rate: number) => percent.format(rate)

const day = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' })
const shortDay = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' })

/** The local date a week starts, in full ("3 Nov 2026") or short ("3 Nov"). */
export const weekStart = (iso: string, short = false) => (short ? shortDay : day).format(new Date(iso))

/** What the record shows where a figure is null: fewer conversations back it than the public record requires. */
export const NOT_ENOUGH = 'not enough history yet'
