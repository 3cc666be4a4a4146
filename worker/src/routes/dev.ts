import { Hono } from 'hono'
import { isDevelopment, type AppEnv } from '../env'
import { ApiError } from '../http/errors'
import { escapeHtml } from '../render/email'
import { listDevMail, type DevMail } from '../store/dev-mail'

const linkPattern = /https?:\/\/[^\s<>"')\]]+/g

const withLinks = (m: DevMail) => ({ ...m, links: [...new Set(m.text.match(linkPattern) ?? [])] })

/** Development only: the local mail outbox. In any other environment these paths do not exist. */
export const devRoutes = new Hono<AppEnv>()
  .use('/dev/*', async (c, next) => {
    if (!isDevelopment(c.env)) throw new ApiError('not_found', 'There is nothing at this address.')
    await next()
  })

  .get('/dev/mail.json', async (c) => c.json({ messages: (await listDevMail(c.env.DB)).map(withLinks) }))

  .get('/dev/mail', async (c) => {
    const messages = await listDevMail(c.env.DB)
    const items = messages
      .map(
        (m) => `<article>
  <h2>${escapeHtml(m.subject)}</h2>
  <p class="meta">To ${escapeHtml(m.to)} · <time datetime="${m.createdAt}">${m.createdAt.replace('T', ' ').slice(0, 19)} UTC</time></p>
  <iframe title="${escapeHtml(m.subject)}" sandbox srcdoc="${escapeHtml(m.html)}"></iframe>
  <details><summary>Plain text</summary><pre>${escapeHtml(m.text)}</pre></details>
</article>`,
      )
      .join('\n')
    c.header('Cache-Control', 'no-store')
    return c.html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dev mail · Byline</title>
<style>
  body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
  article{border:1px solid #ddd;border-radius:8px;padding:1rem;margin:1rem 0}
  h2{font-size:1.1rem;margin:0}.meta{color:#555;margin:.25rem 0 .75rem}
  iframe{width:100%;height:18rem;border:1px solid #eee;border-radius:4px}
  pre{white-space:pre-wrap;background:#f6f6f6;padding:.75rem;border-radius:4px}
</style></head>
<body><h1>Local mail outbox</h1>
<p>Every email Byline would send while <code>ENVIRONMENT=development</code>, newest first. Nothing here left this machine.
Also as JSON: <a href="/dev/mail.json">/dev/mail.json</a>.</p>
${items || '<p><em>No mail yet. Post a comment on <a href="/">the demo page</a>.</em></p>'}
</body></html>`)
  })
