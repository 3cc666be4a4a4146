import type { PageFacts } from '../../../worker/src/routing/route'

/*
 * The page facts routing sees for a URL, made the way the worker makes them (security/site.ts pageOnSite with
 * security/page-url.ts canonicalPageUrl): the key is the embed's page id, else the canonical path plus, where the site
 * keeps queries, the sorted query; the path is the URL's path with percent-escapes spelt one way.
 *
 * Restated here, not imported: the console may bundle only the worker's pure routing/ and time/ helpers
 * (scripts/build-console.mjs), and page-url.ts lives in security/. Keep the two in step.
 */

const UNRESERVED = /[A-Za-z0-9\-._~]/

function normalisePercents(s: string): string {
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16))
    return UNRESERVED.test(c) ? c : `%${hex.toUpperCase()}`
  })
}

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

export type TesterPage =
  | { ok: true; facts: PageFacts; url: string; onSite: boolean }
  | { ok: false; problem: string }

/**
 * What routing sees of a page: `address` is a full http(s) URL or a path on the site (resolved against its first
 * origin); `pageId` the embed's page attribute, if any.
 */
export function testerPage(
  address: string,
  site: { origins: string[]; pageQuery: 'drop' | 'keep' },
  extra: { pageId: string; topic: string; responder: string },
): TesterPage {
  const typed = address.trim()
  if (!typed) return { ok: false, problem: 'Type the address of a page on this site, or a path such as /planning/roads.' }
  let u: URL
  try {
    u = typed.startsWith('/') && site.origins[0] ? new URL(typed, site.origins[0]) : new URL(typed)
  } catch {
    return { ok: false, problem: 'This is not a web address. Type one such as https://example.org/planning/roads, or a path starting with /.' }
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { ok: false, problem: 'Pages are on http or https addresses.' }
  const host = u.host.replace(/\.(?=:\d+$|$)/, '')
  const origin = `${u.protocol}//${host}`
  const path = normalisePercents(u.pathname)
  const query = site.pageQuery === 'keep' ? canonicalQuery(u.search) : ''
  const given = (s: string) => (s.trim() === '' ? undefined : s.trim())
  return {
    ok: true,
    url: `${origin}${path}${query}`,
    onSite: site.origins.includes(u.origin) || site.origins.includes(origin),
    facts: { key: given(extra.pageId) ?? path + query, path, topic: given(extra.topic), responder: given(extra.responder) },
  }
}
