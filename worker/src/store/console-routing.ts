import { activeSiteColumns, readActiveSite, type SiteRow } from './sites'

/** The organisation's active sites, each as `getActiveSite` reads one (origins, ordered rules), by id. */
export function orgSitesStatement(db: D1Database, orgId: string): D1PreparedStatement {
  return db.prepare(`SELECT ${activeSiteColumns} FROM sites s WHERE s.org_id = ?1 AND s.active = 1 ORDER BY s.id`).bind(orgId)
}

export const readOrgSites = (result: D1Result | undefined): SiteRow[] =>
  (result?.results ?? []).map((row) => readActiveSite({ ...result!, results: [row] })!)

/** The round-robin counters of the organisation's active sites' pools. */
export function orgTurnsStatement(db: D1Database, orgId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT t.site_id, t.pool_key, t.turn FROM sites s CROSS JOIN routing_turns t ON t.site_id = s.id
        WHERE s.org_id = ?1 AND s.active = 1`,
    )
    .bind(orgId)
}

export function readOrgTurns(result: D1Result | undefined): Map<string, Record<string, number>> {
  const turns = new Map<string, Record<string, number>>()
  for (const r of (result?.results ?? []) as { site_id: string; pool_key: string; turn: number }[]) {
    const site = turns.get(r.site_id) ?? {}
    site[r.pool_key] = r.turn
    turns.set(r.site_id, site)
  }
  return turns
}
