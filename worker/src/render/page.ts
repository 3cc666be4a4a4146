import { createMiddleware } from 'hono/factory'
import type { Comment, PublicStaff } from '../../../schema'
import type { AppEnv } from '../env'
import { bdi, documentToHtml } from './email'
import { readableTime } from '../time/zone'
import { html, safeUrl, type Html } from './html'

/*
 * The few pages the worker serves itself (reply pages, unsubscribe): plain HTML forms, no script at all,
 * readable without the widget, strict headers.
 */

/** Pages reached from links that are credentials: never leak the URL, never be framed, run no script. */
export const pageHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next()
  c.header('Referrer-Policy', 'no-referrer')
  c.header(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  )
  c.header('X-Frame-Options', 'DENY')
  c.header('Cache-Control', 'no-store')
})

/** The document around every page: `title` is text, `body` a fragment a template built. */
export function page(title: string, body: Html): Html {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title} · Byline</title>
<style>
  :root{color-scheme:light dark;--accent:#1d4ed8;--muted:#555;--line:#d4d4d8}
  @media (prefers-color-scheme:dark){:root{--accent:#93b4ff;--muted:#b4b4b8;--line:#3f3f46}}
  body{font:17px/1.55 system-ui,-apple-system,Segoe UI,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem}
  h1{font-size:1.4rem;line-height:1.3}h2{font-size:1.1rem;margin-top:2rem}
  .muted{color:var(--muted)}.comment{border-inline-start:3px solid var(--line);padding-inline-start:.9rem;margin:1rem 0}
  .staff{border-color:var(--accent)}.byline{display:flex;gap:.6rem;align-items:center}
  .byline img{width:40px;height:40px;border-radius:50%;object-fit:cover}
  label{display:block;font-weight:600;margin:.8rem 0 .3rem}
  textarea,select,input{font:inherit;width:100%;box-sizing:border-box;padding:.5rem;border:1px solid var(--line);border-radius:6px;background:Canvas;color:CanvasText}
  textarea{min-height:9rem}
  fieldset{border:1px solid var(--line);border-radius:6px;margin:1rem 0;padding:.3rem 1rem .8rem}
  legend{font-weight:600;padding:0 .3rem}
  .choice{display:flex;gap:.6rem;align-items:baseline;font-weight:400;margin:.5rem 0}
  .choice input{width:auto;flex:none;margin:0;padding:0}
  .actions{display:flex;flex-wrap:wrap;gap:0 .6rem;align-items:flex-start}
  summary{display:inline-block;font:inherit;margin-top:.8rem;padding:.55rem 1.1rem;border-radius:6px;border:1px solid var(--accent);color:var(--accent);cursor:pointer}
  details p{margin:.5rem 0 0}
  button{font:inherit;margin-top:.8rem;padding:.55rem 1.1rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
  button.quiet{background:transparent;color:var(--accent)}
  button.danger{background:#b91c1c;border-color:#b91c1c}
  :focus-visible{outline:3px solid var(--accent);outline-offset:2px}
  .notice{padding:.8rem 1rem;border-radius:6px;border:1px solid var(--accent)}
  .error{padding:.8rem 1rem;border-radius:6px;border:1px solid #b91c1c}
</style></head>
<body><main>
${body}
</main></body></html>`
}

const when = (iso: string, timeZone: string) => html`<time datetime="${iso}">${readableTime(Date.parse(iso), timeZone)}</time>`

function staffByline(s: PublicStaff): Html {
  return html`<div class="byline">${s.photoUrl ? html`<img src="${safeUrl(s.photoUrl)}" alt="">` : ''}<div><strong>${bdi(s.name)}</strong> · <span class="muted">${bdi(s.role)}</span></div></div>`
}

const stateNote: Record<Comment['state'], Html> = {
  published: html``,
  pending: html` · <strong>waiting for approval</strong>`,
  hidden: html` · hidden by moderators`,
  deleted: html` · deleted`,
}

/**
 * A comment as the reply page shows it, its time in the reader's zone, with the forms a responder may use on
 * it under its body. Only staff links are live: the reader is staff, and a visitor's link is theirs to read, not click.
 */
export function commentHtml(c: Comment, timeZone: string, controls?: Html): Html {
  const staff = c.author.kind === 'staff'
  const author = c.author.kind === 'staff' ? staffByline(c.author.staff) : html`<strong>${bdi(c.author.name || 'Deleted')}</strong>`
  return html`<article class="comment${staff ? ' staff' : ''}">${author} <span class="muted">${when(c.createdAt, timeZone)}${stateNote[c.state]}</span><div dir="auto">${documentToHtml(c.body, { links: staff ? 'live' : 'text' })}</div>${controls}</article>`
}
