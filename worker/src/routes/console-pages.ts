import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { ConsoleSignInRequest } from '../../../schema'
import { requestSignIn, signIn, signInLink } from '../domain/console'
import { isDevelopment, type AppEnv } from '../env'
import { depsFor } from '../events/after-commit'
import { ApiError } from '../http/errors'
import { readForm } from '../http/validate'
import { checkEmailPage, consoleAppPage, newLinkRefusedPage, signInPage, signInRefusedPage } from '../pages/console'
import { pageHeaders } from '../render/page'
import { ownOrigins, sessionCookie } from '../security/console-session'
import type { LinkState } from '../domain/console'

/*
 * The page a console sign-in link opens, mounted at /console. GET shows a button and changes nothing; the button's
 * POST spends the link and opens the session.
 */

const SignInForm = z.object({ token: z.string().max(100) })

/** Tampered links are refused (403); expired and used ones are gone (410). */
const refusalStatus = (link: LinkState) => (link.state === 'broken' ? 403 : 410)

/**
 * Our own page's forms only: a cross-site form could otherwise sign a browser in to someone else's session
 * (login CSRF). The browser says where a form came from in Sec-Fetch-Site, or Origin.
 */
function assertOwnPage(c: Context<AppEnv>) {
  const fetchSite = c.req.header('Sec-Fetch-Site')
  const origin = c.req.header('Origin')
  const crossSite = fetchSite !== undefined ? fetchSite !== 'same-origin' && fetchSite !== 'none' : origin !== undefined && !ownOrigins(c).includes(origin)
  if (crossSite) throw new ApiError('origin_not_allowed', 'This form can only be sent from its own page.')
}

export const consolePages = new Hono<AppEnv>()
  .use(pageHeaders)

  .get('/sign-in', async (c) => {
    const link = await signInLink(c.env.DB, c.req.query('token') ?? '', Date.now())
    if (link.state !== 'valid') return c.html(signInRefusedPage(link), refusalStatus(link))
    return c.html(signInPage(c.req.query('token')!, link.orgName, link.email))
  })

  .post('/sign-in', async (c) => {
    assertOwnPage(c)
    const form = SignInForm.safeParse(await readForm(c.req.raw, 4096))
    const signedIn = await signIn(depsFor(c.env, c.executionCtx), form.success ? form.data.token : '')
    if ('refused' in signedIn) return c.html(signInRefusedPage(signedIn.refused), refusalStatus(signedIn.refused))
    c.header('Set-Cookie', sessionCookie(c.req.raw, signedIn.sessionId))
    return c.redirect('/admin', 303)
  })

  .post('/sign-in/new', async (c) => {
    assertOwnPage(c)
    const raw = await readForm(c.req.raw, 4096)
    const form = ConsoleSignInRequest.safeParse({ org: raw.org, email: raw.email })
    if (!form.success) return c.html(newLinkRefusedPage(raw.org ?? '', raw.email ?? ''), 400)
    await requestSignIn(depsFor(c.env, c.executionCtx), { orgId: form.data.org, email: form.data.email })
    return c.html(checkEmailPage())
  })

/** The console's own page, mounted at /admin: its script may call this origin and nothing else. */
export const consoleApp = new Hono<AppEnv>().get('/', (c) => {
  c.header(
    'Content-Security-Policy',
    "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' https: data:; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  )
  c.header('Referrer-Policy', 'same-origin')
  c.header('X-Frame-Options', 'DENY')
  c.header('Cache-Control', 'no-store')
  return c.html(consoleAppPage(isDevelopment(c.env)))
})
