export type PageRow = { id: string; key: string; url: string; title: string | null; topic: string | null }

export type PageRef = { siteId: string; key: string; url: string; title?: string | undefined; topic?: string | undefined }

/** Creates the page the first time it is seen; later sightings change nothing (the first URL and title stay). */
export function insertPageIfNew(db: D1Database, p: PageRef, now: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO pages (id, site_id, key, url, title, topic, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
       ON CONFLICT (site_id, key) DO NOTHING`,
    )
    .bind(crypto.randomUUID(), p.siteId, p.key, p.url, p.title ?? null, p.topic ?? null, now)
}

export function getPageStatement(db: D1Database, siteId: string, key: string): D1PreparedStatement {
  return db.prepare(`SELECT id, key, url, title, topic FROM pages WHERE site_id = ?1 AND key = ?2`).bind(siteId, key)
}

/** SQL that finds a page's id inside a larger statement, bound as (?site, ?key). */
export const pageIdOf = (site: string, key: string) => `(SELECT id FROM pages WHERE site_id = ${site} AND key = ${key})`
