import { describe, expect, it } from 'vitest'
import type { DigestPreference } from '../../../schema'
import { digestSlot } from '../../../worker/src/mail/schedule'

const at = (iso: string) => Date.parse(iso)
const daily = (hour: number): DigestPreference => ({ frequency: 'daily', hour })

describe('digestSlot: when a digest is due, across time zones and DST', () => {
  it.each<[string, DigestPreference, string, string, string | null]>([
    ['immediate people get no digest', { frequency: 'immediate' }, 'UTC', '2026-11-26T09:00:00Z', null],
    ['hourly: one slot per UTC hour', { frequency: 'hourly' }, 'Asia/Kolkata', '2026-11-26T09:59:00Z', 'hourly:2026-11-26T09'],
    ['hourly: the next hour is the next slot', { frequency: 'hourly' }, 'Asia/Kolkata', '2026-11-26T10:00:00Z', 'hourly:2026-11-26T10'],
    ['daily 9:00 London, at 08:59 London: not yet', daily(9), 'Europe/London', '2026-11-26T08:59:00Z', null],
    ['daily 9:00 London, at 09:00 London', daily(9), 'Europe/London', '2026-11-26T09:00:00Z', 'daily:2026-11-26'],
    ['daily 9:00 London, late in the day still that day', daily(9), 'Europe/London', '2026-11-26T23:30:00Z', 'daily:2026-11-26'],
    ['daily 9:00 London in summer is 08:00 UTC', daily(9), 'Europe/London', '2026-07-01T08:00:00Z', 'daily:2026-07-01'],
    ['daily 9:00 London in summer, 07:59 UTC: not yet', daily(9), 'Europe/London', '2026-07-01T07:59:00Z', null],
    ['daily 9:00 Tokyo is the previous UTC day', daily(9), 'Asia/Tokyo', '2026-11-26T00:00:00Z', 'daily:2026-11-26'],
    ['daily 9:00 Tokyo, 23:59 UTC the day before: not yet', daily(9), 'Asia/Tokyo', '2026-11-25T23:59:00Z', null],
    ['daily 18:00 Los Angeles is the next UTC day', daily(18), 'America/Los_Angeles', '2026-11-27T02:00:00Z', 'daily:2026-11-26'],
    ['daily 9:00 Kolkata (half-hour zone) at 03:30 UTC', daily(9), 'Asia/Kolkata', '2026-11-26T03:30:00Z', 'daily:2026-11-26'],
    ['daily 9:00 Kolkata at 03:29 UTC: not yet', daily(9), 'Asia/Kolkata', '2026-11-26T03:29:00Z', null],
    // London springs forward at 01:00 UTC on 2027-03-28: 01:00-01:59 local never happens.
    ['daily 1:00 London on the spring-forward day still goes out, at 02:00 local', daily(1), 'Europe/London', '2027-03-28T01:00:00Z', 'daily:2027-03-28'],
    ['daily 1:00 London just before the jump: not yet', daily(1), 'Europe/London', '2027-03-28T00:59:00Z', null],
    // London falls back at 01:00 UTC on 2026-10-25: 01:00-01:59 local happens twice, one slot.
    ['daily 1:00 London, first 01:00 on the fall-back day', daily(1), 'Europe/London', '2026-10-25T00:00:00Z', 'daily:2026-10-25'],
    ['daily 1:00 London, second 01:00: the same slot', daily(1), 'Europe/London', '2026-10-25T01:00:00Z', 'daily:2026-10-25'],
    ['daily 0:00 New York on its fall-back day', daily(0), 'America/New_York', '2026-11-01T04:00:00Z', 'daily:2026-11-01'],
    ['daily 23:00 Sydney (DST in November)', daily(23), 'Australia/Sydney', '2026-11-26T12:00:00Z', 'daily:2026-11-26'],
    ['daily 23:00 Sydney an hour earlier: not yet', daily(23), 'Australia/Sydney', '2026-11-26T11:59:00Z', null],
  ])('%s', (_, pref, zone, now, slot) => {
    expect(digestSlot(pref, zone, at(now))).toBe(slot)
  })
})
