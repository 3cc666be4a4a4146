import type { PublicStaff } from '../../../schema'

export type StaffRow = PublicStaff & { id: string; email: string; active: boolean }

export type RawStaff = {
  id: string
  handle: string
  name: string
  role: string
  email: string
  photo_url: string | null
  bio: string
  disclaimer: string | null
  active: number
}

export const staffColumns = 'id, handle, name, role, email, photo_url, bio, disclaimer, active'

export function toStaff(r: RawStaff): StaffRow {
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
  }
}

/** The public face of a member of staff: never their email or internal id. */
export function toPublicStaff(s: StaffRow): PublicStaff {
  return { handle: s.handle, name: s.name, role: s.role, photoUrl: s.photoUrl, bio: s.bio, disclaimer: s.disclaimer }
}

/** Everyone on the org's staff, active or not (past replies keep their byline). */
export function listStaffStatement(db: D1Database, orgId: string): D1PreparedStatement {
  return db.prepare(`SELECT ${staffColumns} FROM staff WHERE org_id = ?1 ORDER BY handle`).bind(orgId)
}

export async function listStaff(db: D1Database, orgId: string): Promise<StaffRow[]> {
  const { results } = await listStaffStatement(db, orgId).all<RawStaff>()
  return results.map(toStaff)
}
