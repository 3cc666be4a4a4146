import { createMiddleware } from 'hono/factory'
import type { Comment, PublicStaff } from '../../../schema'
import type { AppEnv } from '../env'
import { documentToHtml, escapeHtml } from './email'

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

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)} · Byline</title>
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
  button{font:inherit;margin-top:.8rem;padding:.55rem 1.1rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
  button.quiet{background:transparent;color:var(--accent)}
  :focus-visible{outline:3px solid var(--accent);outline-offset:2px}
  .notice{padding:.8rem 1rem;border-radius:6px;border:1px solid var(--accent)}
  .error{padding:.8rem 1rem;border-radius:6px;border:1px solid #b91c1c}
</style></head>
<body><main>
${body}
</main></body></html>`
}

const when = (iso: string) => `<time datetime="${iso}">${escapeHtml(iso.replace('T', ' ').slice(0, 16))} UTC</time>`

function staffByline(s: PublicStaff): string {
  const photo = s.photoUrl ? `<img src="${escapeHtml(s.photoUrl)}" alt="">` : ''
  return `<div class="byline">${photo}<div><strong>${escapeHtml(s.name)}</strong> · <span class="muted">${escapeHtml(s.role)}</span></div></div>`
}

const stateNote: Record<Comment['state'], string> = {
  published: '',
  pending: ' · <strong>waiting for approval</strong>',
  hidden: ' · hidden by moderators',
  deleted: ' · deleted',
}

/** A comment as the reply page shows it: the body from its document tree, escaped; `controls` is trusted HTML. */
export function commentHtml(c: Comment, controls = ''): string {
  const staff = c.author.kind === 'staff'
  const author = c.author.kind === 'staff' ? staffByline(c.author.staff) : `<strong>${escapeHtml(c.author.name || 'Deleted')}</strong>`
  return `<article class="comment${staff ? ' staff' : ''}">${author} <span class="muted">${when(c.createdAt)}${stateNote[c.state]}</span>${documentToHtml(c.body)}${controls}</article>`
}
