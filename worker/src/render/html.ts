import { html as template } from 'hono/html'

/*
 * Every page the worker serves and every email's HTML part is built with this template: each ${} value is
 * escaped, arrays of fragments are joined, and only a fragment another template built passes as markup.
 * Nothing here trusts a string; there is no escape call to forget.
 */

/** HTML a template built: its values already escaped, safe to place as it is. */
export type Html = Exclude<ReturnType<typeof template>, Promise<unknown>>

/** What a template may hold: text (escaped), numbers, fragments, lists of them; false, null and undefined print nothing. */
export type HtmlValue = string | number | boolean | null | undefined | Html | readonly HtmlValue[]

/** hono's `html`, for templates that never hold a promise: the result is HTML now, typed as such. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  const out = template(strings, ...values)
  if (out instanceof Promise) throw new TypeError('An HTML template was given a promise.')
  return out
}

const SAFE_URL = /^(https?:\/\/|mailto:|\/(?![/\\]))/i

/**
 * A URL from data for an href or src. Escaping keeps it inside the attribute but not from being
 * `javascript:`; inputs are checked where they enter, and this keeps a slip from becoming a live link.
 */
export const safeUrl = (url: string): string => (SAFE_URL.test(url) ? url : '#')
