import { pagePlace } from '../../../worker/src/security/page-url'

/*
 * Whether a page may embed a site, by the worker's own rule (security/page-url.ts pagePlace, which pageOnSite uses):
 * the page's origin, as the browser names it or as it is canonically spelt, must be one of the site's origins.
 */

export type PageCheck =
  | { kind: 'not_a_url' }
  | { kind: 'not_http'; scheme: string }
  | { kind: 'on_site'; origin: string }
  | { kind: 'off_site'; origin: string; near: string[] }

/** Where the page at `text` stands against `origins`. */
export function checkPage(text: string, origins: readonly string[]): PageCheck {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    return { kind: 'not_a_url' }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { kind: 'not_http', scheme: url.protocol.slice(0, -1) }
  const place = pagePlace(url, { origins, pageQuery: 'drop' }, {})
  const canonical = new URL(place.canonicalUrl).origin
  const match = place.onSite ? origins.find((o) => o === url.origin || o === canonical) : undefined
  if (match) return { kind: 'on_site', origin: match }
  // The usual slips: http for https, www. or not, another port. Named so the admin sees which one it is.
  const bare = (host: string) => host.replace(/^www\./, '').replace(/:\d+$/, '')
  const near = origins.filter((o) => {
    try {
      return bare(new URL(o).host) === bare(new URL(canonical).host)
    } catch {
      return false
    }
  })
  return { kind: 'off_site', origin: canonical, near }
}

/** The origin a pasted address means, when it is a URL with more than an origin (`https://example.org/news/`). */
export function originOf(text: string): string | undefined {
  try {
    const url = new URL(text.trim())
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined
  } catch {
    return undefined
  }
}
