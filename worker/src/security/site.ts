import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { ApiError } from '../http/errors'
import type { PageFacts } from '../routing/route'
import { getOwnedComment } from '../store/own-comments'
import { getActiveSite, type SiteRow } from '../store/sites'
import { canonicalPageUrl } from './page-url'

/**
 * Enforces a site's origins on a browser request: an origin the site has not registered is refused (403), and
 * CORS is granted only to the registered ones. The refusal stays readable so the widget can say why.
 * Answers a preflight itself (returns the response); otherwise returns null and the request goes on.
 */
function guardOrigins(c: Context<AppEnv>, site: SiteRow, methods: string): Response | null {
  c.header('Vary', 'Origin')
  const origin = c.req.header('Origin')
  if (origin !== undefined) {
    if (!site.origins.includes(origin)) {
      c.header('Access-Control-Allow-Origin', '*')
      throw new ApiError('origin_not_allowed', `Pages on ${origin} may not use this site. Register the origin in the site's configuration.`)
    }
    c.header('Access-Control-Allow-Origin', origin)
    c.header('Access-Control-Expose-Headers', 'Idempotent-Replayed, Retry-After')
  }
  if (c.req.method !== 'OPTIONS') return null
  return c.body(null, 204, {
    'Access-Control-Allow-Methods': methods,
    'Access-Control-Allow-Headers': 'Authorization, Content-Type, Idempotency-Key',
    'Access-Control-Max-Age': '86400',
  })
}

const unknownSite = (c: Context<AppEnv>) => {
  // Says nothing about any site, so any page may read it (the widget's `byline/unknown-site` warning).
  c.header('Access-Control-Allow-Origin', '*')
  return new ApiError('site_not_found', 'No site has this id. Check the data-site attribute of the embed.')
}

/** Loads the site named in the path (`c.var.site`) and enforces its origins. */
export const siteContext = createMiddleware<AppEnv>(async (c, next) => {
  const site = await getActiveSite(c.env.DB, c.req.param('site') ?? '')
  if (!site) throw unknownSite(c)
  c.set('site', site)
  const preflight = guardOrigins(c, site, 'GET, POST, OPTIONS')
  if (preflight) return preflight
  await next()
})

/** For a visitor's own comment: the comment's site, with its origins enforced like any site route. */
export const commentSiteContext = createMiddleware<AppEnv>(async (c, next) => {
  const comment = await getOwnedComment(c.env.DB, c.req.param('id') ?? '')
  const site = comment && (await getActiveSite(c.env.DB, comment.site_id))
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
  const u = new URL(p.url)
  const page = canonicalPageUrl(u, site.settings.pageQuery)
  // The origin as the browser names it, or as it is canonically spelt (`https://example.org.` is on `https://example.org`).
  if (!site.origins.includes(u.origin) && !site.origins.includes(page.origin))
    throw new ApiError('origin_not_allowed', `The page ${u.origin} is not one of this site's registered origins.`)
  return { key: p.page ?? page.path + page.query, path: page.path, topic: p.topic, responder: p.responder, canonicalUrl: page.url }
}
