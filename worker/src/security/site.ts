import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { ApiError } from '../http/errors'
import type { PageFacts } from '../routing/route'
import { getActiveSite, type SiteRow } from '../store/sites'

const ALLOWED_HEADERS = 'Content-Type, Idempotency-Key'

/**
 * Loads the site named in the path and enforces its origins: a browser request from an origin the site has
 * not registered is refused (403), and CORS is granted only to the registered ones. The two answers that
 * reveal nothing about the site (unknown site, foreign origin) stay readable, so the widget can say why.
 */
export const siteContext = createMiddleware<AppEnv>(async (c, next) => {
  c.header('Vary', 'Origin')
  const site = await getActiveSite(c.env.DB, c.req.param('site') ?? '')
  if (!site) {
    c.header('Access-Control-Allow-Origin', '*')
    throw new ApiError('site_not_found', 'No site has this id. Check the data-site attribute of the embed.')
  }
  const origin = c.req.header('Origin')
  if (origin !== undefined) {
    if (!site.origins.includes(origin)) {
      c.header('Access-Control-Allow-Origin', '*')
      throw new ApiError('origin_not_allowed', `Pages on ${origin} may not use this site. Register the origin in the site's configuration.`)
    }
    c.header('Access-Control-Allow-Origin', origin)
    c.header('Access-Control-Expose-Headers', 'Idempotent-Replayed, Retry-After')
  }
  c.set('site', site)
  if (c.req.method === 'OPTIONS') {
    return c.body(null, 204, {
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': ALLOWED_HEADERS,
      'Access-Control-Max-Age': '86400',
    })
  }
  await next()
})

/**
 * The page a visitor is on, as routing sees it: its key (the embed's explicit page id, else the URL's path),
 * path, topic and named responder. Either way the URL must be on one of the site's origins.
 */
export function pageOnSite(
  site: SiteRow,
  p: { url: string; page?: string | undefined; topic?: string | undefined; responder?: string | undefined },
): PageFacts {
  const u = new URL(p.url)
  if (!site.origins.includes(u.origin))
    throw new ApiError('origin_not_allowed', `The page ${u.origin} is not one of this site's registered origins.`)
  return { key: p.page ?? u.pathname, path: u.pathname, topic: p.topic, responder: p.responder }
}
