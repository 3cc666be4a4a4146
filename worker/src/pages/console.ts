import type { LinkState } from '../domain/console'
import { html, type Html } from '../render/html'
import { page } from '../render/page'

/*
 * The pages a console sign-in link opens: a "Sign in" button (the GET changes nothing; mail scanners open links),
 * what a link that will not do says, and a form to ask for a new one.
 */

/** The confirmation: one button, a POST that spends the link. */
export function signInPage(token: string, org: string, email: string): Html {
  return page(
    'Sign in to the console',
    html`<h1>Sign in to the Byline console</h1>
<p>You are signing in to <strong>${org}</strong> as <strong>${email}</strong>.</p>
<form method="post" action="/console/sign-in"><input type="hidden" name="token" value="${token}"><button>Sign in</button></form>
<p class="muted">The link works once. If you did not ask to sign in, close this page: nothing happens.</p>`,
  )
}

const refusals: Record<Exclude<LinkState['state'], 'valid'>, [title: string, text: string]> = {
  expired: ['This sign-in link has expired', 'Sign-in links work for 15 minutes. Ask for a new one below.'],
  used: ['This sign-in link was already used', 'Each sign-in link works once. If that was not you, sign in again and sign out. Ask for a new link below.'],
  broken: ['This sign-in link does not work', 'It may have been cut short or changed. Ask for a new link below.'],
}

/** A form for a new link, prefilled with what the old link was for when it is known. */
function newLinkForm(org = '', email = ''): Html {
  return html`<form method="post" action="/console/sign-in/new">
<label for="org">Organisation id</label><input id="org" name="org" required value="${org}" autocomplete="organization">
<label for="email">Your email address</label><input id="email" name="email" type="email" required value="${email}" autocomplete="email">
<button>Email me a new link</button></form>`
}

/** Why the link will not do, and a way to ask for a new one. */
export function signInRefusedPage(link: LinkState): Html {
  const [title, text] = refusals[link.state === 'valid' ? 'broken' : link.state]
  const known = link.state === 'broken' ? undefined : link
  return page(title, html`<h1>${title}</h1><p role="alert">${text}</p>${newLinkForm(known?.orgId, known?.email)}`)
}

/** Said whether or not the address may sign in. */
export function checkEmailPage(): Html {
  return page(
    'Check your email',
    html`<h1>Check your email</h1><p role="status">If this address may sign in to this organisation, a new link is on its way. It works once, for 15 minutes.</p>`,
  )
}

/** The request form again, when what was typed is not an organisation id and an address. */
export function newLinkRefusedPage(org: string, email: string): Html {
  return page(
    'Ask for a sign-in link',
    html`<h1>Ask for a sign-in link</h1><p role="alert">Enter your organisation's id and your email address.</p>${newLinkForm(org, email)}`,
  )
}

/**
 * The console itself: an empty document the console's script (dist/admin/console.js, built from console/) fills in. The
 * page runs our own script only, talks to its own origin only, and is framed nowhere.
 */
export function consoleAppPage(dev: boolean): Html {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><meta name="color-scheme" content="light dark"><title>Byline console</title>
<script type="module" src="/admin/console.js"></script></head>
<body><byline-console${dev ? html` dev` : ''}><noscript>The Byline console needs JavaScript.</noscript></byline-console></body></html>`
}
