import { isPageUrl, type Counts } from '../../../schema'
import { entityTag, matchesTag } from '../http/etag'
import { checkSite, pageOnSite } from '../security/site'
import { pageCountsStatement, pageVersionsStatement, readPageCounts, readPageVersions, type PageVersion } from '../store/counts'
import { activeSiteStatement, type SiteRow } from '../store/sites'

/*
 * "N comments" for the pages an index lists, in one request. Each page is named as the widget names it for its thread
 * (its URL, or the embed's explicit page id) and counted as its thread shows it. The answer is a function of what was
 * asked (the pages as named, and the keys the site's page rule makes of them) and of each page's row and version
 * (pages.version moves in the transaction of every change to its comments, migration 0010): that is its strong ETag.
 * Nothing else a thread shows (staff, routing, the clock) changes a count, so other pages' posts do not move the tag.
 */

/** Bump when the shape of the answer changes with no change to the data. */
const FORMAT = 1

export type CountsRequest = { site: SiteRow; pages: readonly string[] }

/** The key a page's thread is stored under: a URL's by the site's page rule (refused when off the site), else the id. */
const keyOf = (site: SiteRow, page: string) => (isPageUrl(page) ? pageOnSite(site, { url: page }).key : page)

async function countsTag(r: CountsRequest, keys: readonly string[], versions: readonly PageVersion[]): Promise<string> {
  const byKey = new Map(versions.map((v) => [v.key, [v.pageId, v.version]]))
  return entityTag([FORMAT, r.site.id, r.pages, keys.map((key) => [key, ...(byKey.get(key) ?? [null, null])])])
}


/**
 * The counts of the pages asked, in the order asked (a page asked twice is answered twice, counted once), with their
 * tag; `counts` is null when If-None-Match names the current tag (304). One D1 round trip; a revalidation whose tag
 * moved takes two, as a thread's: it asks the pages' versions alone first (a row per page, where counting reads every
 * comment). The site's row rides in each batch (`checkSite`): `r.site` may be the isolate's last copy of it.
 * A page nobody has commented on is not stored and counts 0; nothing is written.
 */
export async function answerCounts(db: D1Database, r: CountsRequest, ifNoneMatch: string | undefined): Promise<{ tag: string; counts: Counts | null }> {
  const keyed = r.pages.map((page) => keyOf(r.site, page))
  const keys = [...new Set(keyed)]
  if (ifNoneMatch) {
    const [site, versions] = await db.batch([activeSiteStatement(db, r.site.id), pageVersionsStatement(db, r.site.id, keys)])
    checkSite(r.site, site)
    const tag = await countsTag(r, keys, readPageVersions(versions))
    if (matchesTag(ifNoneMatch, tag)) return { tag, counts: null }
  }
  const [site, counted] = await db.batch([activeSiteStatement(db, r.site.id), pageCountsStatement(db, r.site.id, keys)])
  checkSite(r.site, site)
  const rows = readPageCounts(counted)
  const tag = await countsTag(r, keys, rows)
  if (matchesTag(ifNoneMatch, tag)) return { tag, counts: null }
  const byKey = new Map(rows.map((row) => [row.key, row.comments]))
  return { tag, counts: { counts: r.pages.map((page, i) => ({ page, comments: byKey.get(keyed[i]!) ?? 0 })) } }
}
