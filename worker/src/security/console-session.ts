import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import { CONSOLE_CSRF_HEADER } from '../../../schema'
import { sessionOf, SESSION_MAX_MS, type ConsolePrincipal } from '../domain/console'
import type { AppEnv } from '../env'
import { depsFor } from '../events/after-commit'
import { ApiError } from '../http/errors'

/*
 * The console's session cookie and its CSRF rule.
 *
 * The cookie is `HttpOnly` (no script reads it), `SameSite=Strict` (no other site's page sends it) and `Secure`
 * (except on plain-http localhost, where a browser would drop a Secure cookie and local sign-in could not work).
 *
 * CSRF: every mutating console call must carry BOTH `Origin` equal to this worker's origin AND `X-Byline-Console: 1`.
 * Each alone rests on one assumption. The header: that no CORS rule ever lets another origin send it (an HTML form
 * never can; a script elsewhere can once a broad CORS rule, say for the widget's API, is added to these paths). The
 * Origin check: that every browser sends a true Origin on such calls (older ones and some extensions do not, so a
 * missing Origin is refused, never trusted). A forged request has to break both; SameSite=Strict is a third layer.
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
export function ownOrigins<E extends AppEnv>(c: Context<E>): string[] {
  const origins = [new URL(c.req.url).origin]
  try {
    origins.push(new URL(c.env.PUBLIC_URL).origin)
  } catch {
    // A PUBLIC_URL that is not a URL names no origin; the request's own still counts.
  }
  return origins
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Throws `csrf_refused` when a mutating call is not from the console itself (see the top of this file). */
export function refuseCrossSite<E extends AppEnv>(c: Context<E>): void {
  if (safeMethods.has(c.req.method)) return
  const origin = c.req.header('Origin')
  if (!origin || !ownOrigins(c).includes(origin) || c.req.header(CONSOLE_CSRF_HEADER) !== '1')
    throw new ApiError('csrf_refused', `Console changes must come from the console: send Origin and ${CONSOLE_CSRF_HEADER}: 1.`)
}

/** Refuses a mutating console call that is not from the console itself. */
export const consoleCsrf = createMiddleware<AppEnv>(async (c, next) => {
  refuseCrossSite(c)
  await next()
})

/** Whether the request carries a console session cookie at all (valid or not). */
export const hasConsoleCookie = <E extends AppEnv>(c: Context<E>) => getCookie(c, CONSOLE_COOKIE) !== undefined

/** The signed-in admin; 401 `not_signed_in` without a session, `session_expired` (and the cookie cleared) after it ended. */
export async function consoleAdminOf<E extends AppEnv>(c: Context<E>): Promise<ConsolePrincipal> {
  const id = getCookie(c, CONSOLE_COOKIE)
  const found = id ? await sessionOf(depsFor(c.env, c.executionCtx), id) : 'missing'
  if (found === 'expired') {
    c.header('Set-Cookie', clearedCookie(c.req.raw))
    throw new ApiError('session_expired', 'Your console session has ended. Sign in again.')
  }
  if (found === 'missing') throw new ApiError('not_signed_in', 'Sign in to the console first.')
  return found
}

/** The signed-in admin, as `c.var.console`. */
export const consoleSession = createMiddleware<ConsoleEnv>(async (c, next) => {
  c.set('console', await consoleAdminOf(c))
  await next()
})
