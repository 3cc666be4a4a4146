import { SiteSettings, type RoutingRule } from '../../../schema'

export type SiteRow = {
  id: string
  orgId: string
  name: string
  settings: SiteSettings
  origins: string[]
  rules: RoutingRule[]
}

type Raw = { id: string; org_id: string; name: string; settings: string; origins: string; rules: string }

/** The columns `readActiveSite` reads, on `sites s`: a statement that selects them can stand for the site's row. */
export const activeSiteColumns = `s.id, s.org_id, s.name, s.settings,
  (SELECT json_group_array(origin) FROM site_origins WHERE site_id = s.id) AS origins,
  (SELECT json_group_array(json(rule)) FROM (SELECT rule FROM routing_rules WHERE site_id = s.id ORDER BY position)) AS rules`

/** An active site with its allowed origins and routing rules, as one statement that can join a batch. */
export function activeSiteStatement(db: D1Database, siteId: string): D1PreparedStatement {
  return db.prepare(`SELECT ${activeSiteColumns} FROM sites s WHERE s.id = ?1 AND s.active = 1`).bind(siteId)
}

/** The site an `activeSiteStatement` found, or null. */
export function readActiveSite(result: D1Result | undefined): SiteRow | null {
  const row = result?.results[0] as Raw | undefined
  if (!row) return null
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    settings: SiteSettings.parse(JSON.parse(row.settings)),
    origins: JSON.parse(row.origins) as string[],
    rules: JSON.parse(row.rules) as RoutingRule[],
  }
}

/** An active site with its allowed origins and routing rules, in one query; null when unknown or inactive. */
export async function getActiveSite(db: D1Database, siteId: string): Promise<SiteRow | null> {
  return readActiveSite(await activeSiteStatement(db, siteId).all())
}

/** A site's name for an email, active or not. */
export async function getSiteName(db: D1Database, siteId: string): Promise<string> {
  return (await db.prepare(`SELECT name FROM sites WHERE id = ?1`).bind(siteId).first<{ name: string }>())?.name ?? 'the site'
}
