import { Hono, type Context } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env'
import { readForm } from '../http/validate'
import { deliverOutbox } from '../mail/deliver'
import { escapeHtml } from '../render/email'
import { page, pageHeaders } from '../render/page'
import { releaseStatements } from '../store/moderation'
import { getActiveSite } from '../store/sites'
import { findToken, spendTokenStatement, type TokenPurpose } from '../store/tokens'
import {
  eraseVisitor,
  exportVisitor,
  getVisitor,
  holdForModerationStatement,
  listUnverifiedHolds,
  markVerifiedStatement,
  queuePrivacyLink,
  unsubscribeVisitor,
} from '../store/visitors'

/*
 * Pages visitors reach from emails: unsubscribing, confirming their address, exporting or deleting their data.
 * GET shows what will happen; only the page's POST does it. Confirmation and privacy links are single-use and
 * short-lived. Mail providers' one-click unsubscribe (RFC 8058) POSTs `List-Unsubscribe=One-Click` to the
 * unsubscribe URL from their servers, so that POST acts on the token alone (a forged one only stops mail).
 */

const refuse = (c: Context<AppEnv>, status: 403 | 410 = 403) =>
  c.html(
    page('This link does not work', `<h1>This link does not work</h1><p>It may have been used already, be older than allowed, or be incomplete.</p>`),
    status,
  )

async function visitorToken(c: Context<AppEnv>, purposes: TokenPurpose[]) {
  const raw = c.req.param('token') ?? ''
  for (const purpose of purposes) {
    const token = await findToken(c.env.DB, raw, purpose, Date.now())
    if (token?.visitorId) return token.expired ? { expired: true as const } : { token, purpose }
  }
  return null
}

const PrivacyForm = z.object({ email: z.email().max(254), action: z.enum(['export', 'delete']) })

const unsubscribeScope = (c: Context<AppEnv>, form: URLSearchParams) =>
  (form.get('scope') ?? c.req.query('scope')) === 'site' ? ('site' as const) : ('conversation' as const)

export const visitorPages = new Hono<AppEnv>()
  .use('/unsubscribe/*', pageHeaders)
  .use('/verify/*', pageHeaders)
  .use('/privacy/*', pageHeaders)

  .get('/unsubscribe/:token', async (c) => {
    const found = await visitorToken(c, ['unsubscribe'])
    if (!found || 'expired' in found) return refuse(c, found ? 410 : 403)
    const action = `/unsubscribe/${escapeHtml(c.req.param('token'))}`
    return c.html(
      page(
        'Stop emails',
        `<h1>Stop emails</h1>
<form method="post" action="${action}"><input type="hidden" name="scope" value="conversation">
  <button>Stop emails about this conversation</button></form>
<form method="post" action="${action}"><input type="hidden" name="scope" value="site">
  <button class="quiet">Stop all emails about my comments on this site</button></form>`,
      ),
    )
  })

  .post('/unsubscribe/:token', async (c) => {
    const found = await visitorToken(c, ['unsubscribe'])
    if (!found || 'expired' in found) return refuse(c, found ? 410 : 403)
    const scope = unsubscribeScope(c, new URLSearchParams((await c.req.text()).slice(0, 2000)))
    const { visitorId, conversationId } = found.token
    await unsubscribeVisitor(c.env.DB, { visitorId: visitorId!, conversationId, scope }, Date.now())
    const what = scope === 'site' ? 'any of your comments on this site' : 'this conversation'
    return c.html(page('Unsubscribed', `<h1>Done</h1><p role="status">You will get no more emails about ${what}.</p>`))
  })

  .get('/verify/:token', async (c) => {
    const found = await visitorToken(c, ['verify_email'])
    if (!found) return refuse(c)
    if ('expired' in found) return refuse(c, 410)
    return c.html(
      page(
        'Confirm your email',
        `<h1>Confirm your email</h1><p>Confirming publishes the comments you wrote with this address.</p>
<form method="post"><button>Confirm my email</button></form>`,
      ),
    )
  })

  .post('/verify/:token', async (c) => {
    const found = await visitorToken(c, ['verify_email'])
    if (!found) return refuse(c)
    if ('expired' in found) return refuse(c, 410)
    const visitor = await getVisitor(c.env.DB, found.token.visitorId!)
    const site = visitor && (await getActiveSite(c.env.DB, visitor.siteId))
    if (!visitor || !site) return refuse(c)
    const now = Date.now()
    // Confirmed: each held comment goes out, or on to a moderator if the site moderates this visitor.
    const moderated = site.settings.moderation === 'all' || site.settings.moderation === 'first_time'
    const held = await listUnverifiedHolds(c.env.DB, visitor.id)
    await c.env.DB.batch([
      spendTokenStatement(c.env.DB, found.token.hash),
      markVerifiedStatement(c.env.DB, visitor.id, now),
      ...held.flatMap((id) => (moderated ? [holdForModerationStatement(c.env.DB, id)] : releaseStatements(c.env.DB, id, now))),
    ])
    c.executionCtx.waitUntil(deliverOutbox(c.env, now))
    const outcome = !held.length
      ? 'Your address is confirmed.'
      : moderated
        ? 'Your address is confirmed. Your comment now waits for a moderator.'
        : 'Your address is confirmed and your comment is published.'
    return c.html(page('Email confirmed', `<h1>Thank you</h1><p role="status">${outcome}</p>`))
  })

  .get('/privacy/confirm/:token', async (c) => {
    const found = await visitorToken(c, ['privacy_export', 'privacy_delete'])
    if (!found) return refuse(c)
    if ('expired' in found) return refuse(c, 410)
    const erase = found.purpose === 'privacy_delete'
    return c.html(
      page(
        erase ? 'Delete my data' : 'Download my data',
        erase
          ? `<h1>Delete my data</h1><p>This removes your email address and name from every comment you wrote on this site. The comments stay,
signed “Deleted visitor”, so the conversations you took part in still make sense. It cannot be undone.</p>
<form method="post"><button>Delete my data</button></form>`
          : `<h1>Download my data</h1><p>You will get a JSON file with your address, name and every comment you wrote on this site.</p>
<form method="post"><button>Download my data</button></form>`,
      ),
    )
  })

  .post('/privacy/confirm/:token', async (c) => {
    const found = await visitorToken(c, ['privacy_export', 'privacy_delete'])
    if (!found) return refuse(c)
    if ('expired' in found) return refuse(c, 410)
    const visitorId = found.token.visitorId!
    const now = Date.now()
    if (found.purpose === 'privacy_delete') {
      await spendTokenStatement(c.env.DB, found.token.hash).run()
      await eraseVisitor(c.env.DB, visitorId, now)
      return c.html(page('Deleted', `<h1>Done</h1><p role="status">Your address and name are gone from this site's comments.</p>`))
    }
    const data = await exportVisitor(c.env.DB, visitorId)
    await spendTokenStatement(c.env.DB, found.token.hash).run()
    return c.body(JSON.stringify(data, null, 2), 200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': 'attachment; filename="byline-my-data.json"',
    })
  })

  /** The form a visitor reaches from the widget's "Your data" link. */
  .get('/privacy/:site', async (c) => {
    const site = await getActiveSite(c.env.DB, c.req.param('site'))
    if (!site) return c.html(page('Unknown site', '<h1>Unknown site</h1>'), 404)
    return c.html(
      page(
        `Your data on ${site.name}`,
        `<h1>Your data on ${escapeHtml(site.name)}</h1>
<p>Byline keeps the name and email address you comment with, your comments, and whether you asked for no more emails.
Your address is never shown publicly. Your IP address is never stored: only a keyed hash that changes every 30 days, for abuse limits.</p>
<form method="post">
  <label for="email">Your email address</label><input id="email" name="email" type="email" required autocomplete="email">
  <fieldset><legend>What would you like?</legend>
    <label><input type="radio" name="action" value="export" checked> A copy of everything (JSON)</label>
    <label><input type="radio" name="action" value="delete"> Delete my address and name from my comments</label>
  </fieldset>
  <button>Email me a confirmation link</button>
</form>`,
      ),
    )
  })

  .post('/privacy/:site', async (c) => {
    const site = await getActiveSite(c.env.DB, c.req.param('site'))
    if (!site) return c.html(page('Unknown site', '<h1>Unknown site</h1>'), 404)
    const form = PrivacyForm.safeParse(await readForm(c.req.raw, 4096))
    if (!form.success) return c.html(page('Your data', '<h1>Your data</h1><p role="alert">Please give a valid email address.</p>'), 400)
    const now = Date.now()
    if (await queuePrivacyLink(c.env.DB, { siteId: site.id, email: form.data.email, action: form.data.action }, now))
      c.executionCtx.waitUntil(deliverOutbox(c.env, now))
    // The same page whether or not the address is known here.
    return c.html(
      page('Check your email', `<h1>Check your email</h1><p role="status">If we hold anything for this address on ${escapeHtml(site.name)}, a confirmation link is on its way. It works for one hour.</p>`),
    )
  })
