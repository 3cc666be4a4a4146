import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { SiteSettings, Thread } from '../../schema'
import { canonicalPageUrl } from '../../worker/src/security/page-url'
import { comment, getThread, givenSite, orgConfig, postComment, posted } from './helpers'

/*
 * One page, however its URL is written: the spellings a browser, a share button or a newsletter produce for the
 * same address key the same thread, and the page is stored under one canonical URL (docs/pages.md).
 */

async function site(settings: Partial<SiteSettings> = {}) {
  const doc = orgConfig()
  doc.sites[0]!.settings = { ...doc.sites[0]!.settings, ...settings }
  return givenSite(doc)
}

async function thread(site: string, url: string) {
  const res = await getThread(site, { url })
  expect(res.status).toBe(200)
  return (await res.json()) as Thread
}

const ids = (t: Thread) => t.conversations.map((c) => c.comments[0]!.id)

async function storedUrl(site: string, key: string) {
  const row = await env.DB.prepare(`SELECT url FROM pages WHERE site_id = ?1 AND key = ?2`).bind(site, key).first<{ url: string }>()
  return row?.url
}

describe('page identity through the API', () => {
  it('keys one thread whatever the case of scheme and host, the default port and the fragment', async () => {
    const s = await site()
    const c = await posted(s, { url: 'HTTPS://WWW.EXAMPLE.ORG:443/news/budget#x' })
    const read = await thread(s, 'https://www.example.org/news/budget')
    expect(read.page.key).toBe('/news/budget')
    expect(ids(read)).toEqual([c.id])
    for (const spelling of ['https://www.example.org./news/budget', 'https://www.example.org/news/budget#comments'])
      expect(ids(await thread(s, spelling))).toEqual([c.id])
  })

  it('treats percent-encodings of one character as one, and keeps reserved ones escaped', async () => {
    const s = await site()
    const c = await posted(s, { url: 'https://www.example.org/caf%c3%a9/%7Ejo' })
    for (const spelling of ['https://www.example.org/café/~jo', 'https://www.example.org/caf%C3%A9/%7ejo']) {
      const read = await thread(s, spelling)
      expect(read.page.key).toBe('/caf%C3%A9/~jo')
      expect(ids(read)).toEqual([c.id])
    }
    // An escaped slash is data inside one segment, not a separator.
    const slash = await posted(s, { url: 'https://www.example.org/a%2fb' })
    expect(ids(await thread(s, 'https://www.example.org/a/b'))).toEqual([])
    expect(ids(await thread(s, 'https://www.example.org/a%2Fb'))).toEqual([slash.id])
  })

  it('leaves the path as typed otherwise: case and a trailing slash name other pages', async () => {
    const s = await site()
    await posted(s, { url: 'https://www.example.org/News/Budget' })
    expect(ids(await thread(s, 'https://www.example.org/news/budget'))).toEqual([])
    expect(ids(await thread(s, 'https://www.example.org/News/Budget/'))).toEqual([])
  })

  it('drops the query by default, so tracking parameters never split a thread', async () => {
    const s = await site()
    const c = await posted(s, { url: 'https://www.example.org/news/budget?utm_source=newsletter' })
    const read = await thread(s, 'https://www.example.org/news/budget?id=7')
    expect(read.page.key).toBe('/news/budget')
    expect(ids(read)).toEqual([c.id])
  })

  it('keys by the sorted query where the site keeps queries', async () => {
    const s = await site({ pageQuery: 'keep' })
    const c = await posted(s, { url: 'https://www.example.org/article?b=2&a=%7e1&#top' })
    const read = await thread(s, 'https://www.example.org/article?a=~1&b=2')
    expect(read.page.key).toBe('/article?a=~1&b=2')
    expect(ids(read)).toEqual([c.id])
    expect(ids(await thread(s, 'https://www.example.org/article?a=2&b=2'))).toEqual([])
    expect(ids(await thread(s, 'https://www.example.org/article'))).toEqual([])
  })

  it("keys by the embed's page id when it has one, wherever the page is", async () => {
    const s = await site()
    const c = await posted(s, { url: 'https://www.example.org/press/2026/budget', page: 'press/2026-budget' })
    const read = (await (await getThread(s, { url: 'https://WWW.example.org/elsewhere?x=1#y', page: 'press/2026-budget' })).json()) as Thread
    expect(read.page.key).toBe('press/2026-budget')
    expect(ids(read)).toEqual([c.id])
  })

  it('stores the canonical URL of a page first seen through a post', async () => {
    const s = await site()
    await posted(s, { url: 'HTTPS://WWW.EXAMPLE.ORG:443/news/budget?utm_source=x#x' })
    expect(await storedUrl(s, '/news/budget')).toBe('https://www.example.org/news/budget')
  })

  it('stores nothing for a page first seen through a thread read (a GET never writes): its first comment stores it', async () => {
    const s = await site({ pageQuery: 'keep' })
    await thread(s, 'https://www.example.org./article?b=2&a=1#x')
    expect(await storedUrl(s, '/article?a=1&b=2')).toBeUndefined()
  })

  it('keeps the first commenter\'s URL and title: later posts and reads naming another title change nothing', async () => {
    const s = await site()
    await posted(s, { url: 'https://www.example.org/titled#first', title: 'First title' })
    await posted(s, { url: 'https://www.example.org/titled?utm=x', title: 'Second title', body: 'Another question' })
    const res = await getThread(s, { url: 'https://www.example.org/titled', title: 'Title in the embed' })
    expect(((await res.json()) as Thread).page).toEqual({ key: '/titled', title: 'First title' })
    expect(await storedUrl(s, '/titled')).toBe('https://www.example.org/titled')
  })

  it('still refuses pages on other origins, a non-default port being another origin', async () => {
    const s = await site()
    for (const url of ['https://www.example.org:8443/news/budget', 'http://www.example.org/news/budget', 'https://evil.example/news/budget']) {
      const res = await postComment(s, comment({ url }))
      expect(res.status).toBe(403)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('origin_not_allowed')
    }
  })
})

describe('canonicalPageUrl', () => {
  it.each([
    ['HTTP://Example.ORG:80/a#b', 'drop', 'http://example.org/a'],
    ['https://example.org.:8443/a?q=1', 'drop', 'https://example.org:8443/a'],
    ['https://example.org', 'drop', 'https://example.org/'],
    ['https://[::1]:8787/a/./b/../c', 'drop', 'https://[::1]:8787/a/c'],
    ['https://example.org/a?', 'keep', 'https://example.org/a'],
    ['https://example.org/a?z=1&&a=2&z=0', 'keep', 'https://example.org/a?a=2&z=1&z=0'],
    ['https://example.org/a?q=x+y&r=%2f', 'keep', 'https://example.org/a?q=x+y&r=%2F'],
  ] as const)('%s (%s query) is %s', (input, query, expected) => {
    expect(canonicalPageUrl(new URL(input), query).url).toBe(expected)
  })
})
