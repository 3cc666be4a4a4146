import type { AwayPeriod, PublicStaff, ResponderStats } from '../../../schema'
import { toLocale, type Locale } from '../i18n'
import type { StaffState } from '../routing/route'
import { staffStatsColumns, toResponderStats, type RawStaffStats } from './stats'

/** A member of staff with what routing needs and their public record, as of their `staff_stats` row. */
export type StaffRow = PublicStaff & StaffState & { id: string; email: string; stats: ResponderStats }

/** A staff row's own columns as D1 returns them (the org config's fields for one person; JSON kept as text). */
export type StaffColumns = {
  handle: string
  name: string
  role: string
  email: string
  photo_url: string | null
  bio: string
  disclaimer: string | null
  time_zone: string
  digest: string
  away: string
  delegate_handle: string | null
  /** The language of their emails (a tag of schema/api/locale.ts). */
  locale: string
}

type RawStaff = Omit<StaffColumns, 'digest' | 'locale'> & { id: string; active: number; open_count: number } & RawStaffStats

function toStaff(r: RawStaff): StaffRow {
  return {
    id: r.id,
    handle: r.handle,
    name: r.name,
    role: r.role,
    email: r.email,
    photoUrl: r.photo_url,
    bio: r.bio,
    disclaimer: r.disclaimer,
    active: r.active === 1,
    timeZone: r.time_zone,
    away: JSON.parse(r.away) as AwayPeriod[],
    delegate: r.delegate_handle,
    openCount: r.open_count,
    stats: toResponderStats(r),
  }
}

/** The public face of a member of staff: never their email or internal id. */
export function toPublicStaff(s: StaffRow): PublicStaff {
  return { handle: s.handle, name: s.name, role: s.role, photoUrl: s.photoUrl, bio: s.bio, disclaimer: s.disclaimer }
}

/**
 * Everyone on the org's staff, active or not (past replies keep their byline), with how many conversations
 * await each one's reply (what routing needs to know about people) and their public record. Both come from each
 * person's `staff_stats` row, kept by triggers and roll-ups as conversations change: a read never counts
 * conversations, so its cost does not grow with the organisation's history.
 */
export function listStaffStatement(db: D1Database, orgId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT s.id, s.handle, s.name, s.role, s.email, s.photo_url, s.bio, s.disclaimer, s.active, s.time_zone,
              s.away, s.delegate_handle, ${staffStatsColumns}
         FROM staff s LEFT JOIN staff_stats t ON t.staff_id = s.id WHERE s.org_id = ?1 ORDER BY s.handle`,
    )
    .bind(orgId)
}

export const readStaff = (result: D1Result | undefined): StaffRow[] => ((result?.results ?? []) as RawStaff[]).map(toStaff)

export async function listStaff(db: D1Database, orgId: string): Promise<StaffRow[]> {
  return readStaff(await listStaffStatement(db, orgId).all())
}

/** Round-robin counters of a site's pools. */
export function listTurnsStatement(db: D1Database, siteId: string): D1PreparedStatement {
  return db.prepare(`SELECT pool_key, turn FROM routing_turns WHERE site_id = ?1`).bind(siteId)
}

export const readTurns = (result: D1Result | undefined): Record<string, number> =>
  Object.fromEntries(((result?.results ?? []) as { pool_key: string; turn: number }[]).map((r) => [r.pool_key, r.turn]))

/** Uses up one turn of a pool, in the same batch as the assignment it made. */
export function takeTurnStatement(db: D1Database, siteId: string, poolKey: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO routing_turns (site_id, pool_key, turn) VALUES (?1, ?2, 1)
       ON CONFLICT (site_id, pool_key) DO UPDATE SET turn = turn + 1`,
    )
    .bind(siteId, poolKey)
}

/** The language each of these people's emails are written in (English for anyone not found or not known). */
export async function getStaffLocales(db: D1Database, staffIds: Iterable<string>): Promise<Map<string, Locale>> {
  const ids = [...new Set(staffIds)]
  if (!ids.length) return new Map()
  const { results } = await db
    .prepare(`SELECT id, locale FROM staff WHERE id IN (SELECT value FROM json_each(?1))`)
    .bind(JSON.stringify(ids))
    .all<{ id: string; locale: string }>()
  return new Map(results.map((r) => [r.id, toLocale(r.locale)]))
}
