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
