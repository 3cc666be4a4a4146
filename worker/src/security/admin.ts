import { createMiddleware } from 'hono/factory'
import type { AdminPrincipal } from '../domain/admin'
import type { AppEnv } from '../env'
import { ApiError } from '../http/errors'
import { findAdminToken } from '../store/admin'
import { constantTimeEqual, sha256Hex } from './compare'
import { consoleAdminOf, hasConsoleCookie, refuseCrossSite } from './console-session'

/**
 * `Authorization: Bearer <token>`: an organisation's admin token (stored hashed, in D1), or the deployment's
 * ADMIN_API_TOKEN, which only bootstraps organisations. Or, with no Authorization header, a console session
 * cookie: its admin acts for their organisation exactly as one of its tokens would, under the console's CSRF rule
 * for changes, and every change is logged under their address (a token's under its label). The principal is `c.var.admin`.
 */
export const adminAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('Authorization')
  if (header === undefined && hasConsoleCookie(c)) {
    // CSRF first: a forged change is refused before its session is even looked at (or its last use noted).
    refuseCrossSite(c)
    const admin = await consoleAdminOf(c)
    c.set('admin', { kind: 'org', orgId: admin.orgId, actor: { orgId: admin.orgId, email: admin.email } })
    return next()
  }
  const given = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1]
  const principal = given ? await principalOf(c.env.DB, given, c.env.ADMIN_API_TOKEN) : null
  if (!principal) {
    c.header('WWW-Authenticate', 'Bearer realm="byline-admin"')
    throw new ApiError('unauthorized', "Send one of the organisation's admin tokens as Authorization: Bearer <token>.")
  }
  c.set('admin', principal)
  await next()
})

/** Who a change made with an organisation's token was, as the activity and moderation logs name it. */
export const tokenActor = (label: string) => `API token “${label}”`

async function principalOf(db: D1Database, given: string, deploymentToken: string | undefined): Promise<AdminPrincipal | null> {
  if (deploymentToken && (await constantTimeEqual(given, deploymentToken))) return { kind: 'deployment' }
  const token = await findAdminToken(db, await sha256Hex(given))
  // A token's changes are logged too, under its label: the activity log shows every change, not only the console's.
  return token ? { kind: 'org', orgId: token.orgId, actor: { orgId: token.orgId, email: tokenActor(token.label) } } : null
}
