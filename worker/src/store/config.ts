import type { AppliedConfig, OrgConfig } from '../../../schema'
import type { StaffColumns } from './staff'

/** Site ids in the document that already belong to another organisation. */
export async function sitesOwnedElsewhere(db: D1Database, orgId: string, siteIds: string[]): Promise<string[]> {
  const { results } = await db
    .prepare(`SELECT id FROM sites WHERE org_id <> ?1 AND id IN (SELECT value FROM json_each(?2))`)
    .bind(orgId, JSON.stringify(siteIds))
    .all<{ id: string }>()
  return results.map((r) => r.id)
}

/**
 * Makes the database say what the document says, in one batch: upserts the org, its staff and sites,
 * replaces each site's origins and rules, and deactivates (never deletes) staff and sites the document
 * no longer lists. Applying the same document twice changes nothing the second time.
 */
export async function applyOrgConfig(
  db: D1Database,
  doc: OrgConfig,
  now: number,
  /** The event that records the change, in the same batch. */
  extra: D1PreparedStatement[] = [],
): Promise<AppliedConfig> {
  const orgId = doc.org.id
  const handles = JSON.stringify(doc.staff.map((s) => s.handle))
  const siteIds = JSON.stringify(doc.sites.map((s) => s.id))
  const statements: D1PreparedStatement[] = [
    db
      .prepare(
        `INSERT INTO orgs (id, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at
         WHERE name IS NOT excluded.name`,
      )
      .bind(orgId, doc.org.name, now),
    ...doc.staff.map((s) =>
      db
        .prepare(
          `INSERT INTO staff (id, org_id, handle, name, role, email, photo_url, bio, disclaimer, time_zone, digest,
                              away, delegate_handle, locale, active, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?13, ?14, ?15, 1, ?12, ?12)
           ON CONFLICT (org_id, handle) DO UPDATE SET
             name = excluded.name, role = excluded.role, email = excluded.email, photo_url = excluded.photo_url,
             bio = excluded.bio, disclaimer = excluded.disclaimer, time_zone = excluded.time_zone,
             digest = excluded.digest, away = excluded.away, delegate_handle = excluded.delegate_handle,
             locale = excluded.locale, active = 1, updated_at = excluded.updated_at
           WHERE (name, role, email, photo_url, bio, disclaimer, time_zone, digest, away, delegate_handle, locale, active)
                 IS NOT (excluded.name, excluded.role, excluded.email, excluded.photo_url, excluded.bio,
                         excluded.disclaimer, excluded.time_zone, excluded.digest, excluded.away,
                         excluded.delegate_handle, excluded.locale, 1)`,
        )
        .bind(
          crypto.randomUUID(),
          orgId,
          s.handle,
          s.name,
          s.role,
          s.email,
          s.photoUrl ?? null,
          s.bio,
          s.disclaimer ?? null,
          s.timeZone,
          JSON.stringify(s.digest),
          now,
          JSON.stringify(s.away),
          s.delegate ?? null,
          s.locale ?? 'en',
        ),
    ),
    db
      .prepare(
        `UPDATE staff SET active = 0, updated_at = ?3
          WHERE org_id = ?1 AND active = 1 AND handle NOT IN (SELECT value FROM json_each(?2))`,
      )
      .bind(orgId, handles, now),
    ...doc.sites.flatMap((site) => [
      db
        .prepare(
          `INSERT INTO sites (id, org_id, name, settings, active, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, settings = excluded.settings, active = 1,
             updated_at = excluded.updated_at
           WHERE (name, settings, active) IS NOT (excluded.name, excluded.settings, 1)`,
        )
        .bind(site.id, orgId, site.name, JSON.stringify(site.settings), now),
      db.prepare(`DELETE FROM site_origins WHERE site_id = ?1`).bind(site.id),
      db
        .prepare(`INSERT INTO site_origins (site_id, origin) SELECT DISTINCT ?1, value FROM json_each(?2)`)
        .bind(site.id, JSON.stringify(site.origins)),
      db.prepare(`DELETE FROM routing_rules WHERE site_id = ?1`).bind(site.id),
      db
        .prepare(`INSERT INTO routing_rules (site_id, position, rule) SELECT ?1, key, json(value) FROM json_each(?2)`)
        .bind(site.id, JSON.stringify(site.rules)),
    ]),
    db
      .prepare(
        `UPDATE sites SET active = 0, updated_at = ?3
          WHERE org_id = ?1 AND active = 1 AND id NOT IN (SELECT value FROM json_each(?2))`,
      )
      .bind(orgId, siteIds, now),
  ]
  const results = await db.batch([
    ...statements,
    ...extra,
    db.prepare(`SELECT handle, active FROM staff WHERE org_id = ?1 ORDER BY handle`).bind(orgId),
    db.prepare(`SELECT id, active FROM sites WHERE org_id = ?1 ORDER BY id`).bind(orgId),
  ])
  const staff = results.at(-2)!.results as { handle: string; active: number }[]
  const sites = results.at(-1)!.results as { id: string; active: number }[]
  return {
    org: doc.org,
    sites: sites.map((s) => ({ id: s.id, active: s.active === 1 })),
    staff: {
      active: staff.filter((s) => s.active === 1).map((s) => s.handle),
      deactivated: staff.filter((s) => s.active === 0).map((s) => s.handle),
    },
  }
}

type RawOrg = { id: string; name: string }
type RawAdmin = { email: string; name: string | null }

/** What `readOrgConfig` finds: the rows, as the config document names them; null when there is no such org. */
export type StoredOrgConfig = {
  org: RawOrg
  admins: RawAdmin[]
  staff: StaffColumns[]
  sites: { id: string; name: string; settings: string; origins: string; rules: string }[]
}

/**
 * The organisation's rows that a config document describes, in one batch: the org, its console admins, its active
 * staff (by handle) and its active sites (by id) with their origins and their rules in order. Each read goes through
 * the organisation's own keys (orgs, org_admins, staff (org_id, handle), sites_by_org).
 */
export async function readOrgConfig(db: D1Database, orgId: string): Promise<StoredOrgConfig | null> {
  const [org, admins, staff, sites] = await db.batch([
    db.prepare(`SELECT id, name FROM orgs WHERE id = ?1`).bind(orgId),
    db.prepare(`SELECT email, name FROM org_admins WHERE org_id = ?1 ORDER BY email`).bind(orgId),
    db
      .prepare(
        `SELECT handle, name, role, email, photo_url, bio, disclaimer, time_zone, digest, away, delegate_handle, locale
           FROM staff WHERE org_id = ?1 AND active = 1 ORDER BY handle`,
      )
      .bind(orgId),
    db
      .prepare(
        `SELECT s.id, s.name, s.settings,
                (SELECT json_group_array(origin) FROM (SELECT origin FROM site_origins WHERE site_id = s.id ORDER BY origin)) AS origins,
                (SELECT json_group_array(json(rule)) FROM (SELECT rule FROM routing_rules WHERE site_id = s.id ORDER BY position)) AS rules
           FROM sites s WHERE s.org_id = ?1 AND s.active = 1 ORDER BY s.id`,
      )
      .bind(orgId),
  ])
  const found = org!.results[0] as RawOrg | undefined
  if (!found) return null
  return {
    org: found,
    admins: admins!.results as RawAdmin[],
    staff: staff!.results as StaffColumns[],
    sites: sites!.results as StoredOrgConfig['sites'],
  }
}
