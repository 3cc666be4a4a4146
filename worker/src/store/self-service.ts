import type { AwayPeriod, DigestPreference } from '../../../schema'
import type { StaffColumns } from './staff'

/*
 * The staff row as its owner sees and edits it on their personal page: the same row the org config apply writes,
 * so an export of the organisation carries these edits.
 */

/** One member of staff as their own page shows them, with the colleagues they may name as delegate. */
export type OwnProfile = {
  id: string
  orgId: string
  orgName: string
  handle: string
  name: string
  role: string
  email: string
  active: boolean
  photoUrl: string | null
  bio: string
  disclaimer: string | null
  timeZone: string
  digest: DigestPreference
  away: AwayPeriod[]
  delegate: string | null
  /** Active colleagues of the same organisation, never the person themselves. */
  colleagues: { handle: string; name: string; role: string }[]
}

type Raw = StaffColumns & { id: string; org_id: string; org_name: string; active: number }

/** The person and their active colleagues, in one round trip (two statements on the org's index). */
export async function getOwnProfile(db: D1Database, staffId: string): Promise<OwnProfile | null> {
  const [me, colleagues] = await db.batch([
    db
      .prepare(
        `SELECT s.id, s.org_id, o.name AS org_name, s.handle, s.name, s.role, s.email, s.active, s.photo_url, s.bio,
                s.disclaimer, s.time_zone, s.digest, s.away, s.delegate_handle
           FROM staff s JOIN orgs o ON o.id = s.org_id WHERE s.id = ?1`,
      )
      .bind(staffId),
    db
      .prepare(
        `SELECT c.handle, c.name, c.role FROM staff c
          WHERE c.org_id = (SELECT org_id FROM staff WHERE id = ?1) AND c.id <> ?1 AND c.active = 1 ORDER BY c.name`,
      )
      .bind(staffId),
  ])
  const r = (me?.results as Raw[] | undefined)?.[0]
  if (!r) return null
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    handle: r.handle,
    name: r.name,
    role: r.role,
    email: r.email,
    active: r.active === 1,
    photoUrl: r.photo_url,
    bio: r.bio,
    disclaimer: r.disclaimer,
    timeZone: r.time_zone,
    digest: JSON.parse(r.digest) as DigestPreference,
    away: JSON.parse(r.away) as AwayPeriod[],
    delegate: r.delegate_handle,
    colleagues: (colleagues?.results ?? []) as OwnProfile['colleagues'],
  }
}

export type ProfileChange = Pick<OwnProfile, 'photoUrl' | 'bio' | 'disclaimer' | 'timeZone' | 'digest' | 'away' | 'delegate'>

/** Writes the person's own fields, and only while they are still active (a deactivated member edits nothing). */
export function updateOwnProfileStatement(db: D1Database, staffId: string, p: ProfileChange, now: number): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE staff SET photo_url = ?2, bio = ?3, disclaimer = ?4, time_zone = ?5, digest = ?6, away = ?7,
                        delegate_handle = ?8, updated_at = ?9
        WHERE id = ?1 AND active = 1`,
    )
    .bind(staffId, p.photoUrl, p.bio, p.disclaimer, p.timeZone, JSON.stringify(p.digest), JSON.stringify(p.away), p.delegate, now)
}
