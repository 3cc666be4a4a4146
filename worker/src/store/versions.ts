import { activeSiteColumns } from './sites'

/** What a thread read needs to know before deciding whether to read the thread at all. */
export type ThreadVersions = { pageVersion: number | null; orgVersion: number }

/**
 * The site's row (it stands for `activeSiteStatement`, so `checkSite` takes it) with the two counters a thread's
 * answer changes with: the page's version (null for a page nobody has commented on) and the org's (see migration
 * 0010). Two primary-key lookups beside the site's own.
 */
export function threadVersionsStatement(db: D1Database, siteId: string, pageKey: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${activeSiteColumns},
              (SELECT version FROM pages WHERE site_id = s.id AND key = ?2) AS page_version,
              (SELECT thread_version FROM orgs WHERE id = s.org_id) AS org_version
         FROM sites s WHERE s.id = ?1 AND s.active = 1`,
    )
    .bind(siteId, pageKey)
}

export function readThreadVersions(result: D1Result | undefined): ThreadVersions {
  const row = result?.results[0] as { page_version: number | null; org_version: number | null } | undefined
  return { pageVersion: row?.page_version ?? null, orgVersion: row?.org_version ?? 0 }
}
