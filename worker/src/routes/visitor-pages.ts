import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { emailAddress } from '../../../schema'
import { confirmationOf, confirmVisitor, eraseVisitor, exportVisitorData, requestPrivacyLink, unsubscribe, type Handoff } from '../domain/visitor'
import type { AppEnv } from '../env'
import { depsFor } from '../events/after-commit'
import { readForm } from '../http/validate'
import { base64Url } from '../security/visitor-credential'
import {
  checkEmail,
  confirmEmail,
  dataDeleted,
  emailConfirmed,
  linkRefused,
  privacyConfirm,
  privacyForm,
  unknownSite,
  unsubscribeForm,
  unsubscribed,
  type ConfirmedOutcome,
} from '../pages/visitor'
import { pageHeaders } from '../render/page'
import { getActiveSite } from '../store/sites'
import { findToken, type TokenPurpose, type TokenRow } from '../store/tokens'
import { linkSubjectOf } from '../store/visitors'

/*
 * Pages visitors reach from emails: unsubscribing, confirming their address, exporting or deleting their data.
 * GET shows what will happen; only the page's POST does it. Confirmation and privacy links are single-use and
 * short-lived. Mail providers' one-click unsubscribe (RFC 8058) POSTs `List-Unsubscribe=One-Click` to the
 * unsubscribe URL from their servers, so that POST acts on the token alone (a forged one only stops mail).
 */

const refuse = (c: Context<AppEnv>, status: 403 | 410 = 403) => c.html(linkRefused(), status)

async function visitorToken(c: Context<AppEnv>, purposes: TokenPurpose[]) {
  const raw = c.req.param('token') ?? ''
  for (const purpose of purposes) {
    const token = await findToken(c.env.DB, raw, purpose, Date.now())
    if (token?.visitorId) return token.expired ? { expired: true as const } : { token, purpose }
  }
  return null
}

const PrivacyForm = z.object({ email: emailAddress, action: z.enum(['export', 'delete']) })

const unsubscribeScope = (c: Context<AppEnv>, form: URLSearchParams) =>
  (form.get('scope') ?? c.req.query('scope')) === 'site' ? ('site' as const) : ('conversation' as const)

/**
 * The page URL with what the confirming browser now holds, in the fragment the widget reads (`#byline-confirmed=`):
 * its credential for the address and the owner tokens of the comments it published.
 */
function withHandoff(pageUrl: string, h: Handoff): string {
  const url = new URL(pageUrl)
  const json = JSON.stringify({ site: h.siteId, credential: h.credential, owners: h.owners })
  url.hash = `byline-confirmed=${base64Url(json)}`
  return url.href
}

const confirmed: Record<'confirmed' | 'published' | 'moderation' | 'discarded', ConfirmedOutcome> = {
  confirmed: 'nothing_held',
  discarded: 'discarded',
  moderation: 'awaiting_moderation',
  published: 'published',
}

/** Which address, site and conversation a visitor's link is about, for its page to say. */
async function subjectOf(c: Context<AppEnv>, token: TokenRow) {
  const s = await linkSubjectOf(c.env.DB, { visitorId: token.visitorId!, conversationId: token.conversationId })
  if (!s) return {}
  const link = { siteName: s.siteName, email: s.email }
  return { link, conversation: s.pageUrl ? { ...link, pageUrl: s.pageUrl, pageTitle: s.pageTitle } : undefined }
}

/** Mounted at /unsubscribe: the link in every visitor notice, and the one-click POST mail providers send. */
export const unsubscribePages = new Hono<AppEnv>()
  .use(pageHeaders)

  .get('/:token', async (c) => {
    const found = await visitorToken(c, ['unsubscribe'])
    if (!found || 'expired' in found) return refuse(c, found ? 410 : 403)
    return c.html(unsubscribeForm(c.req.param('token'), (await subjectOf(c, found.token)).conversation))
  })

  .post('/:token', async (c) => {
    const found = await visitorToken(c, ['unsubscribe'])
    if (!found || 'expired' in found) return refuse(c, found ? 410 : 403)
    const scope = unsubscribeScope(c, new URLSearchParams((await c.req.text()).slice(0, 2000)))
    const { visitorId, conversationId } = found.token
    await unsubscribe(depsFor(c.env, c.executionCtx), { visitorId: visitorId!, conversationId, scope })
    return c.html(unsubscribed(scope, (await subjectOf(c, found.token)).conversation))
  })

/** Mounted at /verify: confirming an address whose comments wait for it. */
export const verifyPages = new Hono<AppEnv>()
  .use(pageHeaders)

  .get('/:token', async (c) => {
    const found = await visitorToken(c, ['verify_email'])
    if (!found) return refuse(c)
    if ('expired' in found) return refuse(c, 410)
    const confirming = await confirmationOf(c.env.DB, found.token)
    if (!confirming) return refuse(c)
    return c.html(confirmEmail({ siteName: confirming.site.name, email: confirming.visitor.address }, confirming.held))
  })

  .post('/:token', async (c) => {
    const found = await visitorToken(c, ['verify_email'])
    if (!found) return refuse(c)
    if ('expired' in found) return refuse(c, 410)
    const decision = (await readForm(c.req.raw, 1024)).decision === 'discard' ? 'discard' : 'publish'
    const done = await confirmVisitor(depsFor(c.env, c.executionCtx), found.token, decision)
    if (!done) return refuse(c)
    const back = done.handoff?.page && { url: withHandoff(done.handoff.page.url, done.handoff), title: done.handoff.page.title }
    return c.html(emailConfirmed(confirmed[done.outcome], back || undefined))
  })

/** Mounted at /privacy: asking for one's data, or its deletion, and confirming by the emailed link. */
export const privacyPages = new Hono<AppEnv>()
  .use(pageHeaders)

  .get('/confirm/:token', async (c) => {
    const found = await visitorToken(c, ['privacy_export', 'privacy_delete'])
    if (!found) return refuse(c)
    if ('expired' in found) return refuse(c, 410)
    return c.html(privacyConfirm(found.purpose === 'privacy_delete', (await subjectOf(c, found.token)).link))
  })

  .post('/confirm/:token', async (c) => {
    const found = await visitorToken(c, ['privacy_export', 'privacy_delete'])
    if (!found) return refuse(c)
    if ('expired' in found) return refuse(c, 410)
    const deps = depsFor(c.env, c.executionCtx)
    if (found.purpose === 'privacy_delete') {
      await eraseVisitor(deps, found.token)
      return c.html(dataDeleted())
    }
    const data = await exportVisitorData(deps, found.token)
    return c.body(JSON.stringify(data, null, 2), 200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': 'attachment; filename="byline-my-data.json"',
    })
  })

  /** The form a visitor reaches from the widget's "Your data" link. */
  .get('/:site', async (c) => {
    const site = await getActiveSite(c.env.DB, c.req.param('site'))
    if (!site) return c.html(unknownSite(), 404)
    return c.html(privacyForm(site.name))
  })

  .post('/:site', async (c) => {
    const site = await getActiveSite(c.env.DB, c.req.param('site'))
    if (!site) return c.html(unknownSite(), 404)
    const raw = await readForm(c.req.raw, 4096)
    const form = PrivacyForm.safeParse(raw)
    if (!form.success) return c.html(privacyForm(site.name, { email: raw.email ?? '', action: raw.action ?? '' }), 400)
    await requestPrivacyLink(depsFor(c.env, c.executionCtx), { siteId: site.id, email: form.data.email, action: form.data.action })
    // The same page whether or not the address is known here.
    return c.html(checkEmail(site.name))
  })
