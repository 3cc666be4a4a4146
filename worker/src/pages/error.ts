import type { ErrorCode } from '../../../schema'
import { html, type Html } from '../render/html'
import { page } from '../render/page'

/*
 * A page's form refused before its route could answer (cross-site post, too large, wrong media type) or a
 * page address that does not exist: said to a person, in a page, not as the API's JSON.
 */

const said: Partial<Record<ErrorCode, [title: string, text: string]>> = {
  origin_not_allowed: [
    'This form was sent from elsewhere',
    'For your safety this form only works from its own page. Open the link from your email again and send the form from there.',
  ],
  payload_too_large: ['That was too long', 'What you sent is larger than this form accepts. Go back, shorten it and send it again.'],
  unsupported_media_type: ['This form was not sent as expected', 'Go back, reload the page and send the form again.'],
  invalid_json: ['This form was not sent as expected', 'Go back, reload the page and send the form again.'],
  not_found: ['Nothing here', 'There is no page at this address. Check the link in your email.'],
  rate_limited: ['Too many tries', 'Please wait a minute and try again.'],
  internal_error: ['Something went wrong', 'Something went wrong on our side. Please try again.'],
}

/** The page for an error code; the status is the code's own. */
export function errorPage(code: ErrorCode): Html {
  const [title, text] = said[code] ?? ['This could not be done', 'Go back, check the form and try again.']
  return page(title, html`<h1>${title}</h1><p role="alert">${text}</p>`)
}

/** Why a staff member's personal link will not do: 403 for `broken` and `not_staff`, 410 for `expired`. */
export type StaffLinkRefusal = { kind: 'broken' } | { kind: 'not_staff' } | { kind: 'expired'; token: string }

/**
 * The page for a refused staff link (the reply page's, the self-service page's): where to find a good one, and for
 * an expired one a button that asks for a new one at `renewAction`.
 */
export function staffLinkRefusal(
  refusal: StaffLinkRefusal,
  words: { whereToFind: string; expired: string; renewAction: (token: string) => string; renewLabel: string },
): Html {
  switch (refusal.kind) {
    case 'broken':
      return refused('This link does not work', `It may have been copied incompletely. ${words.whereToFind}`)
    case 'not_staff':
      return refused('This link does not work', 'It is not for an active member of staff.')
    case 'expired':
      return refused(
        'This link has expired',
        words.expired,
        html`<form method="post" action="${words.renewAction(refusal.token)}"><button>${words.renewLabel}</button></form>`,
      )
  }
}

const refused = (title: string, text: string, extra?: Html) => page(title, html`<h1>${title}</h1><p>${text}</p>${extra}`)
