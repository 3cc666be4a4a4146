import { Hono, type Context } from 'hono'
import type { AppEnv } from '../env'
import { escapeHtml } from '../render/email'
import { page, pageHeaders } from '../render/page'
import { findToken } from '../store/tokens'
import { unsubscribeVisitor } from '../store/visitors'

/*
 * Unsubscribe links in visitor emails. GET shows the choice; POST does it. Mail providers' one-click
 * unsubscribe (RFC 8058) POSTs `List-Unsubscribe=One-Click` to the same URL, from their servers.
 */

const scopeOf = (c: Context<AppEnv>, form: URLSearchParams) =>
  (form.get('scope') ?? c.req.query('scope')) === 'site' ? ('site' as const) : ('conversation' as const)

async function visitorToken(c: Context<AppEnv>) {
  const token = await findToken(c.env.DB, c.req.param('token') ?? '', 'unsubscribe', Date.now())
  return token?.visitorId && !token.expired ? token : null
}

const invalid = (c: Context<AppEnv>) =>
  c.html(page('This link does not work', '<h1>This link does not work</h1><p>It may be incomplete or older than a year.</p>'), 403)

export const unsubscribeRoutes = new Hono<AppEnv>()
  .use('/unsubscribe/*', pageHeaders)

  .get('/unsubscribe/:token', async (c) => {
    if (!(await visitorToken(c))) return invalid(c)
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
    const token = await visitorToken(c)
    if (!token) return invalid(c)
    const form = new URLSearchParams((await c.req.text()).slice(0, 2000))
    const scope = scopeOf(c, form)
    await unsubscribeVisitor(c.env.DB, { visitorId: token.visitorId!, conversationId: token.conversationId, scope }, Date.now())
    const what = scope === 'site' ? 'any of your comments on this site' : 'this conversation'
    return c.html(page('Unsubscribed', `<h1>Done</h1><p role="status">You will get no more emails about ${what}.</p>`))
  })
