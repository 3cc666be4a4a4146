/*
 * Whether a page may embed a site, as the worker decides it (worker/src/security/site.ts, pageOnSite and
 * guardOrigins): the page's origin, as the browser names it or with the host's trailing dot dropped, must be one of
 * the site's origins, compared exactly. The worker's module does I/O, so its one-line comparison is re-stated here.
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
  // `https://example.org.` is the same DNS name as `https://example.org` (canonicalPageUrl drops the dot).
  const canonical = `${url.protocol}//${url.host.replace(/\.(?=:\d+$|$)/, '')}`
  const match = origins.find((o) => o === url.origin || o === canonical)
  if (match) return { kind: 'on_site', origin: match }
  // The usual slips: http for https, www. or not, another port. Named so the admin sees which one it is.
  const bare = (host: string) => host.replace(/^www\./, '').replace(/:\d+$/, '')
  const near = origins.filter((o) => {
    try {
      return bare(new URL(o).host) === bare(url.host.replace(/\.(?=:\d+$|$)/, ''))
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
