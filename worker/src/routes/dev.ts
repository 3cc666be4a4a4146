import { Hono } from 'hono'
import { z } from 'zod'
import { isDevelopment, type AppEnv } from '../env'
import { ApiError } from '../http/errors'
import { runCron } from '../cron'
import { receiveEmail } from '../inbound/receive'
import { benchDigest, benchDrain, seedWaiting } from '../domain/staff-bench'
import { depsFor } from '../events/after-commit'
import { jsonBody, readForm } from '../http/validate'
import { html, type Html } from '../render/html'
import { listDevMail, type DevMail } from '../store/dev-mail'

const linkPattern = /https?:\/\/[^\s<>"')\]]+/g

const linksIn = (m: DevMail) => [...new Set(m.text.match(linkPattern) ?? [])]
const withLinks = (m: DevMail) => ({ ...m, links: linksIn(m) })

/** The message's links, clickable here (links inside the sandboxed preview are not). */
const linkList = (m: DevMail) => {
  const links = linksIn(m)
  return links.length
    ? html`<ul class="links">${links.map((l) => html`<li><a href="${l}" target="_blank" rel="noopener">${l}</a></li>`)}</ul>`
    : ''
}

const addressOf = (mailbox: string) => /<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox

/** Answering by email, without a mail server: what a mail client would send back to the Reply-To. */
const replyForm = (m: DevMail) =>
  m.replyTo
    ? html`<details><summary>Answer by email (simulated)</summary>
  <form method="post" action="/dev/inbound">
    <input type="hidden" name="to" value="${addressOf(m.replyTo)}">
    <input type="hidden" name="from" value="${m.to}">
    <input type="hidden" name="subject" value="Re: ${m.subject}">
    <input type="hidden" name="quoted" value="${m.text}">
    <label for="reply-${m.id}">Your reply, sent from ${m.to} to ${m.replyTo}</label>
    <textarea id="reply-${m.id}" name="body" required rows="4"></textarea>
    <button>Send reply</button>
  </form></details>`
    : ''

/** One message of the outbox as people read it; the raw MIME is what a real driver would have sent. */
const messageHtml = (m: DevMail) => html`<article>
  <h2>${m.subject}</h2>
  <p class="meta">To ${m.to}${m.replyTo ? ` · Reply-To ${m.replyTo}` : ''} · <time datetime="${m.createdAt}">${m.createdAt.replace('T', ' ').slice(0, 19)} UTC</time></p>
  <iframe title="${m.subject}" sandbox srcdoc="${m.html}"></iframe>
  ${linkList(m)}
  ${replyForm(m)}
  <details><summary>Plain text</summary><pre>${m.text}</pre></details>
  ${m.raw ? html`<details><summary>Raw message</summary><pre>${m.raw}</pre></details>` : ''}
</article>`

/** The page around the dev tools. */
const devPage = (title: string, body: Html) => html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Byline</title>
<style>
  body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
  article{border:1px solid #ddd;border-radius:8px;padding:1rem;margin:1rem 0}
  h2{font-size:1.1rem;margin:0}.meta{color:#555;margin:.25rem 0 .75rem}
  iframe{width:100%;height:18rem;border:1px solid #eee;border-radius:4px}
  pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f6f6;padding:.75rem;border-radius:4px}
  .links{font-size:.9rem;overflow-wrap:anywhere}.notice{padding:.6rem 1rem;border:1px solid #1d4ed8;border-radius:6px}
  textarea{display:block;width:100%;font:inherit;margin:.4rem 0}label{font-weight:600}
</style></head>
<body><h1>${title}</h1>
${body}
</body></html>`

const BenchStaff = z.object({ site: z.string().min(1).max(64), handle: z.string().min(1).max(64) })
const BenchDrain = z.object({ provider: z.enum(['single', 'batch']).default('batch') })
const BenchSeed = BenchStaff.extend({ conversations: z.number().int().min(1).max(20_000), notify: z.boolean().default(false) })

/** Development only, mounted at /dev: the local mail outbox. In any other environment these paths do not exist. */
export const devRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    if (!isDevelopment(c.env)) throw new ApiError('not_found', 'There is nothing at this address.')
    await next()
    // Inline styles for the page and the sandboxed previews; no script anywhere.
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    )
  })

  .get('/mail.json', async (c) => c.json({ messages: (await listDevMail(c.env.DB)).map(withLinks) }))

  .get('/mail', async (c) => {
    const messages = await listDevMail(c.env.DB)
    const notice = c.req.query('notice')
    c.header('Cache-Control', 'no-store')
    return c.html(
      devPage(
        'Local mail outbox',
        html`<p>Every email Byline would send while <code>ENVIRONMENT=development</code>, newest first. Nothing here left this machine.
Also as JSON: <a href="/dev/mail.json">/dev/mail.json</a>.</p>
<form method="post" action="/dev/cron"><button>Run the cron now</button> <small>(escalations, digests due, mail; <code>npm start</code> runs it every minute)</small></form>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
${messages.length ? messages.map(messageHtml) : html`<p><em>No mail yet. Post a comment on <a href="/">the demo page</a>.</em></p>`}`,
      ),
    )
  })

  .post('/cron', async (c) => {
    const { escalations, digests, mail } = await runCron(c.env, Date.now())
    const notice = `Cron ran: ${escalations.handed} escalated, ${digests} digests queued, ${mail.sent} messages handled.`
    return c.redirect(`/dev/mail?notice=${encodeURIComponent(notice)}`, 303)
  })

  // The staff side at scale (scripts/bench-staff.mjs): seed, then one digest or one drain per request, each
  // answering what it asked of D1.
  .post('/bench/seed', jsonBody(BenchSeed, 4096), async (c) => {
    const b = c.var.body
    return c.json(await seedWaiting(c.env, { siteId: b.site, handle: b.handle, count: b.conversations, notify: b.notify, now: Date.now() }))
  })
  .post('/bench/digest', jsonBody(BenchStaff, 4096), async (c) =>
    c.json(await benchDigest(c.env, { siteId: c.var.body.site, handle: c.var.body.handle, now: Date.now() })),
  )
  .post('/bench/drain', jsonBody(BenchDrain, 4096), async (c) => c.json(await benchDrain(c.env, Date.now(), c.var.body.provider)))

  /** Builds the reply a mail client would send and hands it to the same email() path production uses. */
  .post('/inbound', async (c) => {
    const f = await readForm(c.req.raw, 256 * 1024)
    const quoted = (f.quoted ?? '').replace(/^/gm, '> ')
    const raw = [
      `From: ${f.from}`,
      `To: ${f.to}`,
      `Subject: ${(f.subject ?? '').replace(/[\r\n]+/g, ' ')}`,
      `Message-ID: <${crypto.randomUUID()}@dev.localhost>`,
      `Date: ${new Date().toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      f.body ?? '',
      '',
      `On ${new Date().toUTCString()}, Byline wrote:`,
      quoted,
    ].join('\r\n')
    let reason = ''
    const outcome = await receiveEmail(depsFor(c.env, c.executionCtx), {
      from: addressOf(f.from ?? ''),
      to: f.to ?? '',
      raw: new Response(raw).body!,
      setReject: (r: string) => void (reason = r),
    })
    const notice = outcome === 'published' ? 'Your reply by email was published.' : `The reply was ${outcome}${reason ? `: ${reason}` : '.'}`
    return c.redirect(`/dev/mail?notice=${encodeURIComponent(notice)}`, 303)
  })
