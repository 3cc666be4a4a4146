import { z } from 'zod'
import { httpUrl, isWellFormed, wellFormed } from './text'
import { pageKey } from './thread'

/** How many pages one counts request may name: an index page's worth, and a URL that stays under proxies' limits. */
export const COUNTS_MAX_PAGES = 50

/** Whether a counted page is named by its URL (else it is an explicit page id). */
export const isPageUrl = (s: string) => /^https?:\/\//i.test(s)

/**
 * One page as the widget names it for its thread: its absolute http(s) URL (keyed as the thread keys it: the canonical
 * path, and query where the site keeps it), or the embed's explicit page id. Each is held to the rules of its kind.
 */
export const CountPage = z
  .string()
  .min(1, { message: 'must not be empty', abort: true })
  .refine(isWellFormed, wellFormed)
  .superRefine((s, ctx) => {
    const result = (isPageUrl(s) ? httpUrl : pageKey).safeParse(s)
    if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message })
  })

export const CountsQuery = z.object({
  // A query string names a repeated parameter once or many times: one value is a string, several an array.
  page: z
    .union([z.string(), z.array(z.string())], { error: `must name at least one page (page=<URL or page id>, up to ${COUNTS_MAX_PAGES} times)` })
    .transform((v) => (typeof v === 'string' ? [v] : v))
    .pipe(z.array(CountPage).min(1, 'must name at least one page').max(COUNTS_MAX_PAGES, `must name at most ${COUNTS_MAX_PAGES} pages`))
    .describe(
      `A page to count, repeated for each (1 to ${COUNTS_MAX_PAGES}): its absolute URL, or the embed's explicit page id. ` +
        "A URL's origin must be one of the site's",
    ),
})
export type CountsQuery = z.infer<typeof CountsQuery>

/** A batch of counts' strong ETag as a client sends it back in `If-None-Match`. */
export const CountsTag = z.string().max(256)

export const PageCount = z
  .object({
    page: z.string().describe('The page as the request named it'),
    comments: z.number().int().min(0).describe("Published comments a reader of the page's thread sees: visitors' and staff replies"),
  })
  .meta({ id: 'PageCount' })
export type PageCount = z.infer<typeof PageCount>

export const Counts = z
  .object({ counts: z.array(PageCount).describe('One per page asked, in the order asked (a page asked twice is answered twice)') })
  .meta({ id: 'Counts' })
export type Counts = z.infer<typeof Counts>
