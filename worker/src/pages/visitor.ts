import type { Doc } from '../../../schema'
import { bdi, documentToHtml, isolate } from '../render/email'
import { html, safeUrl, type Html } from '../render/html'
import { page } from '../render/page'

/*
 * Pages visitors reach from emails and the widget: unsubscribing, confirming their address, exporting or
 * deleting their data. Forms without an action post back to the page's own URL. The routes decide the
 * status (see each view).
 */

/** Which address and site a visitor's link is for: said on its page, so an old or forwarded email's link is no guess. */
export type LinkSubject = { siteName: string; email: string }

/** The same for a link about one conversation: the page it is on. */
export type ConversationSubject = LinkSubject & { pageTitle: string | null; pageUrl: string }

const conversationOn = (about: ConversationSubject) =>
  html`the conversation on <a href="${safeUrl(about.pageUrl)}">${bdi(about.pageTitle ?? about.pageUrl)}</a>`

/** A visitor link that is unknown, spent or incomplete (403), or too old (410). */
export function linkRefused(): Html {
  return page(
    'This link does not work',
    html`<h1>This link does not work</h1><p>It may have been used already, be older than allowed, or be incomplete.</p>`,
  )
}

/** What an unsubscribe link offers; nothing stops until one of these is posted. 200. */
export function unsubscribeForm(token: string, about?: ConversationSubject): Html {
  const action = `/unsubscribe/${token}`
  return page(
    'Stop emails',
    html`<h1>Stop emails</h1>
${about && html`<p>We email ${bdi(about.email)} when someone answers you on ${bdi(about.siteName)}. This link came with ${conversationOn(about)}.</p>`}
<form method="post" action="${action}"><input type="hidden" name="scope" value="conversation">
  <button>Stop emails about this conversation</button></form>
<form method="post" action="${action}"><input type="hidden" name="scope" value="site">
  <button class="quiet">Stop all emails about my comments on ${about ? bdi(about.siteName) : 'this site'}</button></form>`,
  )
}

/** 200. */
export function unsubscribed(scope: 'conversation' | 'site', about?: ConversationSubject): Html {
  const what =
    scope === 'site'
      ? html`any of your comments on ${about ? bdi(about.siteName) : 'this site'}`
      : about
        ? html`${conversationOn(about)} (${bdi(about.siteName)})`
        : 'this conversation'
  const who = about ? html`${bdi(about.email)} will` : 'You will'
  return page('Unsubscribed', html`<h1>Done</h1><p role="status">${who} get no more emails about ${what}.</p>`)
}

/** A comment held for its author's confirmation, as the confirmation page shows it. */
export type HeldForConfirmation = { doc: Doc; pageUrl: string; pageTitle: string | null }

/**
 * What a confirmation link will publish, shown before anything happens, with the choice to publish it or to
 * discard it (someone may have written it with this address). 200.
 */
export function confirmEmail(about?: LinkSubject, held: HeldForConfirmation[] = []): Html {
  const comments = about ? html`on ${bdi(about.siteName)} with ${bdi(about.email)}` : 'with this address'
  return page(
    'Confirm your email',
    html`<h1>Confirm your email</h1>
${
  held.length
    ? html`<p>These comments were written ${comments}. Publish them if you wrote them; discard them if you did not.</p>
${held.map(
  (c) => html`<article class="comment"><p class="muted">On <a href="${safeUrl(c.pageUrl)}">${bdi(c.pageTitle ?? c.pageUrl)}</a></p><div dir="auto">${documentToHtml(c.doc)}</div></article>`,
)}
<form method="post"><button name="decision" value="publish">Confirm and publish</button>
  <button name="decision" value="discard" class="quiet">I did not write this: discard</button></form>`
    : html`<p>Confirming trusts this address ${comments} in this browser; nothing is waiting to be published.</p>
<form method="post"><button name="decision" value="publish">Confirm my email</button></form>`
}`,
  )
}

/** What confirming did: nothing was held, held comments now wait for a moderator, they are published, or discarded. */
export type ConfirmedOutcome = 'nothing_held' | 'awaiting_moderation' | 'published' | 'discarded'

const confirmedText: Record<ConfirmedOutcome, string> = {
  nothing_held: 'Your address is confirmed.',
  awaiting_moderation: 'Your address is confirmed. Your comment now waits for a moderator.',
  published: 'Your address is confirmed and your comment is published.',
  discarded: 'Discarded: nothing was published, and this address is not confirmed.',
}

/**
 * 200. `back` leads to the page with what this browser now holds (its credential, the comments' ownership) in the
 * fragment, which the widget takes and clears; a fragment never reaches a server.
 */
export function emailConfirmed(outcome: ConfirmedOutcome, back?: { url: string; title: string | null }): Html {
  return page(
    'Email confirmed',
    html`<h1>Thank you</h1><p role="status">${confirmedText[outcome]}</p>
${back && html`<p><a href="${safeUrl(back.url)}">Back to ${bdi(back.title ?? 'the page')}</a></p>`}`,
  )
}

/** What a privacy link will do, asked before it is done. 200. */
export function privacyConfirm(erase: boolean, about?: LinkSubject): Html {
  const address = about ? html`your email address (${bdi(about.email)})` : 'your email address'
  const site = about ? bdi(about.siteName) : 'this site'
  return erase
    ? page(
        'Delete my data',
        html`<h1>Delete my data</h1><p>This removes ${address} and name from every comment you wrote on ${site}. The comments stay,
signed “Deleted visitor”, so the conversations you took part in still make sense. It cannot be undone.</p>
<form method="post"><button>Delete my data</button></form>`,
      )
    : page(
        'Download my data',
        html`<h1>Download my data</h1><p>You will get a JSON file with ${address}, your name and every comment you wrote on ${site}.</p>
<form method="post"><button>Download my data</button></form>`,
      )
}

/** After a confirmed deletion. 200. */
export function dataDeleted(): Html {
  return page('Deleted', html`<h1>Done</h1><p role="status">Your address and name are gone from this site's comments.</p>`)
}

/** The form typed into before it was refused. */
export type PrivacyDraft = { email: string; action: string }

/**
 * The form a visitor reaches from the widget's "Your data" link: 200. Given what was typed into a refused
 * post, it says why and keeps the answers: 400.
 */
export function privacyForm(siteName: string, refused?: PrivacyDraft): Html {
  const erase = refused?.action === 'delete'
  return page(
    `Your data on ${isolate(siteName)}`,
    html`<h1>Your data on ${bdi(siteName)}</h1>
${refused && html`<p class="error" role="alert">Please give a valid email address.</p>`}
<p>Byline keeps the name and email address you comment with, your comments, and whether you asked for no more emails.
Your address is never shown publicly. Your IP address is never stored: only a keyed hash that changes every 30 days, for abuse limits.</p>
<form method="post">
  <label for="email">Your email address</label><input id="email" name="email" type="email" required autocomplete="email" value="${refused?.email}">
  <fieldset><legend>What would you like?</legend>
    <label class="choice"><input type="radio" name="action" value="export"${erase ? '' : html` checked`}> A copy of everything (JSON)</label>
    <label class="choice"><input type="radio" name="action" value="delete"${erase && html` checked`}> Delete my address and name from my comments</label>
  </fieldset>
  <button>Email me a confirmation link</button>
</form>`,
  )
}

/** After a privacy request, the same whether or not the address is known here. 200. */
export function checkEmail(siteName: string): Html {
  return page(
    'Check your email',
    html`<h1>Check your email</h1><p role="status">If we hold anything for this address on ${bdi(siteName)}, a confirmation link is on its way. It works for one hour.</p>`,
  )
}

/** The privacy form of a site that does not exist or is switched off. 404. */
export function unknownSite(): Html {
  return page('Unknown site', html`<h1>Unknown site</h1>`)
}
