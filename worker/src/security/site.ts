import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { ApiError } from '../http/errors'
import type { PageFacts } from '../routing/route'
import { getOwnedComment } from '../store/own-comments'
import { getActiveSite, readActiveSite, type SiteRow } from '../store/sites'
import { pagePlace } from './page-url'

/**
 * Enforces a site's origins on a browser request: an origin the site has not registered is refused (403), and
 * CORS is granted only to the registered ones. The refusal stays readable so the widget can say why.
 * Answers a preflight itself (returns the response); otherwise returns null and the request goes on.
 */
function guardOrigins<E extends AppEnv>(c: Context<E>, site: SiteRow, methods: string): Response | null {
  c.header('Vary', 'Origin')
  const origin = c.req.header('Origin')
  if (origin !== undefined) {
    if (!site.origins.includes(origin)) {
      c.header('Access-Control-Allow-Origin', '*')
      throw new ApiError('origin_not_allowed', `Pages on ${origin} may not use this site. Register the origin in the site's configuration.`)
    }
    c.header('Access-Control-Allow-Origin', origin)
    // ETag and If-None-Match: an embed revalidates the thread and the counts from script (a 304 costs no count).
    c.header('Access-Control-Expose-Headers', 'ETag, Idempotent-Replayed, Retry-After')
  }
  if (c.req.method !== 'OPTIONS') return null
  return c.body(null, 204, {
    'Access-Control-Allow-Methods': methods,
    'Access-Control-Allow-Headers': 'Authorization, Content-Type, Idempotency-Key, If-None-Match',
    'Access-Control-Max-Age': '86400',
  })
}

const unknownSite = <E extends AppEnv>(c: Context<E>) => {
  // Says nothing about any site, so any page may read it (the widget's `byline/unknown-site` warning).
  c.header('Access-Control-Allow-Origin', '*')
  return new ApiError('site_not_found', 'No site has this id. Check the data-site attribute of the embed.')
}

/*
 * Each site's row as this isolate last read it: a hint, never trusted alone. A route that starts from it reads the
 * row again inside its own batch (`checkSite`), and `withCurrentSite` runs it again when the row had changed, so a
 * request never acts on a stale copy, yet the site costs no round trip of its own.
 */
const lastSeen = new Map<string, SiteRow>()
const LAST_SEEN_MAX = 1000

function remember(id: string, site: SiteRow | null) {
  if (!site) return void lastSeen.delete(id)
  if (lastSeen.size >= LAST_SEEN_MAX && !lastSeen.has(id)) lastSeen.clear()
  lastSeen.set(id, site)
}

async function loadSite(db: D1Database, id: string): Promise<SiteRow | null> {
  const site = await getActiveSite(db, id)
  remember(id, site)
  return site
}

/** The site named in the path (`c.var.site`), from D1 or, where the route re-reads it in its batch, the last copy. */
function siteMiddleware(fromLastSeen: boolean) {
  return createMiddleware<AppEnv>(async (c, next) => {
    // Set already by the route's own (more specific) site middleware.
    if (c.get('site')) return next()
    const id = c.req.param('site') ?? ''
    // A preflight has no batch of its own to check the copy with; and a refusal is never decided on a copy (an
    // origin may just have been registered).
    const copy = fromLastSeen && c.req.method !== 'OPTIONS' ? lastSeen.get(id) : undefined
    const origin = c.req.header('Origin')
    const usable = copy && (origin === undefined || copy.origins.includes(origin)) ? copy : null
    const site = usable ?? (await loadSite(c.env.DB, id))
    if (!site) throw unknownSite(c)
    c.set('site', site)
    const preflight = guardOrigins(c, site, 'GET, POST, OPTIONS')
    if (preflight) return preflight
    await next()
  })
}

/** Loads the site named in the path (`c.var.site`) and enforces its origins. */
export const siteContext = siteMiddleware(false)

/**
 * The same for a route that reads the site again in its own batch: starts from this isolate's last copy of the row.
 * The route runs inside `withCurrentSite` and passes the row its batch read to `checkSite`.
 */
export const knownSiteContext = siteMiddleware(true)

/** The row a request's batch read is not the copy it ran with (null: the site is gone). */
export class SiteChanged extends Error {
  constructor(readonly site: SiteRow | null) {
    super('The site changed while the request ran')
  }
}

/** Throws `SiteChanged` unless the site row read in the batch (an `activeSiteStatement`) is the one the request ran with. */
export function checkSite(ranWith: SiteRow, result: D1Result | undefined): void {
  const current = readActiveSite(result)
  if (current && JSON.stringify(current) === JSON.stringify(ranWith)) return
  throw new SiteChanged(current)
}

/**
 * Runs a route that started from the last copy of its site (`knownSiteContext`): when its batch found the site
 * changed, the row is remembered, its origins enforced, and the route runs again with it. Nothing has been written
 * then: `checkSite` runs on the batch that reads, before any write.
 */
export async function withCurrentSite<T, E extends AppEnv>(c: Context<E>, run: (site: SiteRow) => Promise<T>): Promise<T> {
  let reloaded = false
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(c.var.site)
    } catch (error) {
      let current: SiteRow | null
      if (error instanceof SiteChanged) current = error.site
      // A page refused for its origin may be on one the copy predates: that refusal is made on the row itself.
      else if (error instanceof ApiError && error.code === 'origin_not_allowed' && !reloaded) current = await loadSite(c.env.DB, c.var.site.id)
      else throw error
      reloaded = true
      if (attempt === 3 || (!(error instanceof SiteChanged) && JSON.stringify(current) === JSON.stringify(c.var.site))) throw error
      remember(c.var.site.id, current)
      if (!current) throw unknownSite(c)
      c.set('site', current)
      guardOrigins(c, current, 'GET, POST, OPTIONS')
    }
  }
}

/** For a visitor's own comment: the comment's site, with its origins enforced like any site route. */
export const commentSiteContext = createMiddleware<AppEnv>(async (c, next) => {
  const comment = await getOwnedComment(c.env.DB, c.req.param('id') ?? '')
  const site = comment && (await loadSite(c.env.DB, comment.site_id))
  if (!comment || !site) {
    c.header('Access-Control-Allow-Origin', '*')
    throw new ApiError('comment_not_found', 'There is no such comment.')
  }
  c.set('site', site)
  c.set('ownedComment', comment)
  const preflight = guardOrigins(c, site, 'PATCH, DELETE, OPTIONS')
  if (preflight) return preflight
  await next()
})

/** The page a visitor is on: what routing sees, and its URL as it is stored (fragment and, unless kept, query gone). */
export type SitePage = PageFacts & { canonicalUrl: string }

/**
 * The page a visitor is on, as routing sees it: its key (the embed's explicit page id, else the URL's canonical
 * path, with the canonical query where the site keeps queries), path, topic and named responder. Either way the
 * URL must be on one of the site's origins.
 */
export function pageOnSite(
  site: SiteRow,
  p: { url: string; page?: string | undefined; topic?: string | undefined; responder?: string | undefined },
): SitePage {
  const place = pagePlace(new URL(p.url), { origins: site.origins, pageQuery: site.settings.pageQuery }, p)
  if (!place.onSite) throw new ApiError('origin_not_allowed', `The page ${new URL(p.url).origin} is not one of this site's registered origins.`)
  return { ...place.facts, canonicalUrl: place.canonicalUrl }
}
