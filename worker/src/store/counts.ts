/*
 * Counts of many pages' published comments in one statement. The page keys go in as one bound JSON array, so the
 * statement has two parameters whatever the number of pages (D1 allows 100 per statement).
 */

/** A page key asked for, with its stored page (id and version, null while nobody has commented on it). */
export type PageVersion = { key: string; pageId: string | null; version: number | null }

export type PageCountRow = PageVersion & { comments: number }

const pagesOf = `FROM json_each(?2) k LEFT JOIN pages p ON p.site_id = ?1 AND p.key = k.value`

/** Each key's stored page and its version (pages.version moves with every change to the page's comments). */
export function pageVersionsStatement(db: D1Database, siteId: string, keys: readonly string[]): D1PreparedStatement {
  return db.prepare(`SELECT k.value AS key, p.id AS page_id, p.version ${pagesOf}`).bind(siteId, JSON.stringify(keys))
}

/**
 * Each key's stored page, its version and its comments as the page's public thread shows them (store/threads.ts):
 * published comments only, a staff reply only once a visitor's comment opens its conversation in the thread (a
 * published, hidden or deleted one before it: a reply under a comment still held is not shown). The version is read
 * in the same statement, so it is the version of these very counts.
 */
export function pageCountsStatement(db: D1Database, siteId: string, keys: readonly string[]): D1PreparedStatement {
  return db
    .prepare(
      `SELECT k.value AS key, p.id AS page_id, p.version,
              (SELECT count(*) FROM comments c
                WHERE c.page_id = p.id AND c.status = 'published'
                  AND (c.author_kind = 'visitor'
                       OR EXISTS (SELECT 1 FROM comments o
                                   WHERE o.conversation_id = c.conversation_id AND o.author_kind = 'visitor'
                                     AND o.status IN ('published', 'hidden', 'deleted')
                                     AND (o.created_at, o.id) < (c.created_at, c.id)))) AS comments
         ${pagesOf}`,
    )
    .bind(siteId, JSON.stringify(keys))
}

type Raw = { key: string; page_id: string | null; version: number | null; comments?: number }

export function readPageVersions(result: D1Result | undefined): PageVersion[] {
  return ((result?.results ?? []) as Raw[]).map((r) => ({ key: r.key, pageId: r.page_id, version: r.version }))
}

export function readPageCounts(result: D1Result | undefined): PageCountRow[] {
  return ((result?.results ?? []) as Raw[]).map((r) => ({ key: r.key, pageId: r.page_id, version: r.version, comments: r.page_id === null ? 0 : (r.comments ?? 0) }))
}
