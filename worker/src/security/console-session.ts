import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import { sessionOf, SESSION_MAX_MS, type ConsolePrincipal } from '../domain/console'
import type { AppEnv } from '../env'
import { depsFor } from '../events/after-commit'
import { ApiError } from '../http/errors'

/*
 * The console's session cookie.
 *
 * The cookie is `HttpOnly` (no script reads it), `SameSite=Strict` (no other site's page sends it) and `Secure`
 * (except on plain-http localhost, where a browser would drop a Secure cookie and local sign-in could not work).
 */

export const CONSOLE_COOKIE = 'byline_console'

export type ConsoleEnv = AppEnv & { Variables: { console: ConsolePrincipal } }

/** Plain http only on the machine itself: a Secure cookie would not be kept there, and nothing travels a network. */
function isLocalHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
}

function cookie(request: Request, value: string, maxAgeSeconds: number): string {
  const secure = isLocalHttp(new URL(request.url)) ? '' : '; Secure'
  return `${CONSOLE_COOKIE}=${value}; Max-Age=${maxAgeSeconds}; Path=/; HttpOnly${secure}; SameSite=Strict`
}

/** The Set-Cookie of a new session (kept by the browser as long as the session may last at most). */
export const sessionCookie = (request: Request, sessionId: string) => cookie(request, sessionId, SESSION_MAX_MS / 1000)

/** The Set-Cookie that removes it. */
export const clearedCookie = (request: Request) => cookie(request, '', 0)

/** This worker's own origins: where it says it is reached (PUBLIC_URL) and where this request reached it. */
export function ownOrigins(c: Context<AppEnv>): string[] {
  const origins = [new URL(c.req.url).origin]
  try {
    origins.push(new URL(c.env.PUBLIC_URL).origin)
  } catch {
    // A PUBLIC_URL that is not a URL names no origin; the request's own still counts.
  }
  return origins
}

/** The signed-in admin, as `c.var.console`; 401 `not_signed_in` without a session, `session_expired` after it ended. */
export const consoleSession = createMiddleware<ConsoleEnv>(async (c, next) => {
  const id = getCookie(c, CONSOLE_COOKIE)
  const found = id ? await sessionOf(depsFor(c.env, c.executionCtx), id) : 'missing'
  if (found === 'expired') {
    c.header('Set-Cookie', clearedCookie(c.req.raw))
    throw new ApiError('session_expired', 'Your console session has ended. Sign in again.')
  }
  if (found === 'missing') throw new ApiError('not_signed_in', 'Sign in to the console first.')
  c.set('console', found)
  await next()
})
