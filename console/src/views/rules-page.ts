import type { PageFacts } from '../../../worker/src/routing/route'
import { pagePlace } from '../../../worker/src/security/page-url'

/*
 * The page facts routing sees for what the admin typed, made by the worker's own rule (security/page-url.ts
 * pagePlace, which pageOnSite uses too): the key is the embed's page id, else the canonical path plus, where the site
 * keeps queries, the sorted query.
 */

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
  const given = (s: string) => (s.trim() === '' ? undefined : s.trim())
  const place = pagePlace(u, site, { page: given(extra.pageId), topic: given(extra.topic), responder: given(extra.responder) })
  return { ok: true, url: place.canonicalUrl, onSite: place.onSite, facts: place.facts }
}
