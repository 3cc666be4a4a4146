/*
 * One spelling per page URL, so that every way a browser, a share button or a newsletter writes the same address
 * keys the same thread and is stored the same way (docs/pages.md). The URL parser already lowercases the scheme and
 * host, drops the default port, resolves dot segments and percent-encodes what needs it; this adds the rest of
 * RFC 3986's equivalences that are safe for any server, and nothing that guesses (case and trailing slashes of
 * paths are the server's to define, so they stay as typed).
 *
 * Pure (no imports but a type): the console's "who answers?" tester bundles it, so it sees a page as the worker does.
 */
import type { PageFacts } from '../routing/route'

/** Whether the query is part of a page's identity; set per site (`pageQuery`). */
export type PageQuery = 'drop' | 'keep'

export type CanonicalPage = {
  /** Scheme, host and port, as a registered origin is written. */
  origin: string
  /** The path, percent-encoded in one way. */
  path: string
  /** `?` and the sorted parameters when the site keeps queries and there are any, else ''. */
  query: string
  /** origin + path + query: no fragment, ever. */
  url: string
}

const UNRESERVED = /[A-Za-z0-9\-._~]/

/** `%7e` and `%7E` are `~`, `%c3%a9` is `%C3%A9` (RFC 3986 §6.2.2.1-2); reserved characters stay escaped. */
function normalisePercents(s: string): string {
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16))
    return UNRESERVED.test(c) ? c : `%${hex.toUpperCase()}`
  })
}

/**
 * Parameters sorted by name (repeated names keep their order, `a=1&a=2` being a list), empty ones dropped:
 * the order is an accident of whoever built the link, and a site whose pages differ only by it is not known.
 */
function canonicalQuery(search: string): string {
  const params = search
    .slice(1)
    .split('&')
    .filter((p) => p !== '')
    .map(normalisePercents)
  const name = (p: string) => p.split('=', 1)[0]!
  params.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0))
  return params.length ? `?${params.join('&')}` : ''
}

/** The canonical form of an http(s) page URL; `query` says whether its query survives. */
export function canonicalPageUrl(url: URL, query: PageQuery): CanonicalPage {
  // `example.org.` is the same DNS name as `example.org`; the parser keeps the dot, so a page would split in two.
  const host = url.host.replace(/\.(?=:\d+$|$)/, '')
  const origin = `${url.protocol}//${host}`
  const path = normalisePercents(url.pathname)
  const q = query === 'keep' ? canonicalQuery(url.search) : ''
  return { origin, path, query: q, url: `${origin}${path}${q}` }
}

/** Where a page is, as routing sees it: what the embed says of it and its canonical URL. */
export type PagePlace = {
  facts: PageFacts
  canonicalUrl: string
  /** Whether the page is on one of the site's origins, as the browser names it or as it is canonically spelt. */
  onSite: boolean
}

/**
 * The page an embed is on: its key is the embed's explicit page id, else the canonical path (and query, where the
 * site keeps queries). `https://example.org.` is on `https://example.org`.
 */
export function pagePlace(
  url: URL,
  site: { origins: readonly string[]; pageQuery: PageQuery },
  embed: { page?: string | undefined; topic?: string | undefined; responder?: string | undefined },
): PagePlace {
  const page = canonicalPageUrl(url, site.pageQuery)
  return {
    facts: { key: embed.page ?? page.path + page.query, path: page.path, topic: embed.topic, responder: embed.responder },
    canonicalUrl: page.url,
    onSite: site.origins.includes(url.origin) || site.origins.includes(page.origin),
  }
}
