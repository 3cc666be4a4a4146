import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Counts, PostedComment, Thread } from '../../schema'
import { app } from '../../worker/src/app'
import { countingD1 } from './d1-trips'
import { comment, countRows, deleteOwn, getThread, givenSite, moderate, orgConfig, ORIGIN, pageUrl, postComment, staffReply } from './helpers'

/*
 * GET /v1/sites/{site}/counts?page=…&page=…: each page's published comments as its thread shows them, for an index page
 * with many links, in one request that a browser revalidates by ETag.
 */

const countsUrl = (site: string, pages: readonly string[]) =>
  `https://byline.test/v1/sites/${site}/counts?${new URLSearchParams(pages.map((p): [string, string] => ['page', p]))}`

async function counts(site: string, pages: readonly string[], headers: Record<string, string> = {}) {
  const res = await SELF.fetch(countsUrl(site, pages), { headers: { origin: ORIGIN, ...headers } })
  const text = await res.text()
  return { res, status: res.status, tag: res.headers.get('etag'), text, body: text ? (JSON.parse(text) as Counts) : null }
}

/** What a reader of the page's thread sees: the comments shown as published, visitors' and staff's alike. */
async function shownOnThread(site: string, query: Record<string, string>) {
  const res = await getThread(site, query)
  expect(res.status).toBe(200)
  const thread = (await res.json()) as Thread
  return { thread, published: thread.conversations.flatMap((c) => c.comments).filter((m) => m.state === 'published').length }
}

async function post(site: string, overrides: Parameters<typeof comment>[0] = {}) {
  const res = await postComment(site, comment(overrides))
  expect(res.status).toBe(201)
  return (await res.json()) as PostedComment & { ownerToken: string }
}

async function reply(conversationId: string, body: string) {
  expect((await staffReply(conversationId, { staff: 'amira', body })).status).toBe(201)
}

/** A site holding first-time visitors' comments for a moderator, with Jo already approved. */
async function moderatedSite() {
  const doc = orgConfig()
  doc.sites[0]!.settings.moderation = 'first_time'
  const site = await givenSite(doc)
  const first = await post(site, { url: pageUrl('/a'), body: 'First, held then approved' })
  expect(first.comment.state).toBe('pending')
  await moderate(site, first.comment.id, 'approve')
  return { site, first }
}

describe('comment counts of many pages', () => {
  it("counts each page as its thread shows it: held, hidden and deleted comments left out, staff replies in", async () => {
    const { site, first } = await moderatedSite()
    // /a: a conversation with a follow-up and an answer; one hidden with an answer under it; one still held.
    await post(site, { url: pageUrl('/a'), conversationId: first.comment.conversationId, body: 'A follow-up' })
    await reply(first.comment.conversationId, 'The answer')
    const hidden = await post(site, { url: pageUrl('/a'), body: 'To be hidden' })
    await reply(hidden.comment.conversationId, 'An answer to what is hidden')
    await moderate(site, hidden.comment.id, 'hide')
    const held = await post(site, { url: pageUrl('/a'), email: 'new@visitor.test', body: 'Held for a moderator' })
    expect(held.comment.state).toBe('pending')
    // Staff may answer a comment still held; the thread does not show that answer until the comment is published.
    const heldReply = await staffReply(held.comment.conversationId, { staff: 'amira', body: 'Answer under a held comment' })
    // /b: one deleted by its author after an answer, one published.
    const deleted = await post(site, { url: pageUrl('/b'), body: 'To be deleted' })
    await reply(deleted.comment.conversationId, 'Answered before the delete')
    await deleteOwn(deleted)
    await post(site, { url: pageUrl('/b'), body: 'Still here' })
    // An explicit page id, whatever URL it was posted from.
    await post(site, { url: pageUrl('/c?utm=x'), page: 'press/2026-budget', body: 'On the budget' })

    const asked = [pageUrl('/a'), pageUrl('/b'), 'press/2026-budget', pageUrl('/never-commented')]
    const { status, body } = await counts(site, asked)

    expect(status).toBe(200)
    const a = await shownOnThread(site, { url: pageUrl('/a') })
    const b = await shownOnThread(site, { url: pageUrl('/b') })
    const press = await shownOnThread(site, { url: pageUrl('/c'), page: 'press/2026-budget' })
    expect(body).toEqual({
      counts: [
        { page: asked[0], comments: a.published },
        { page: asked[1], comments: b.published },
        { page: asked[2], comments: press.published },
        { page: asked[3], comments: 0 },
      ],
    })
    // The threads compared with do hold every state this test means to cover.
    const states = (t: Thread) => t.conversations.flatMap((c) => c.comments.map((m) => `${m.author.kind}:${m.state}`))
    expect(states(a.thread)).toEqual(expect.arrayContaining(['visitor:published', 'staff:published', 'visitor:hidden']))
    expect(states(b.thread)).toEqual(expect.arrayContaining(['visitor:deleted', 'staff:published', 'visitor:published']))
    expect(a.published).toBeGreaterThanOrEqual(4)
    expect(JSON.stringify(a.thread)).not.toContain(held.comment.id)
    expect(heldReply.status).toBe(201)
    expect(JSON.stringify(a.thread)).not.toContain('Answer under a held comment')

    // Once the held comment is approved, its thread shows it with the answer under it, and so does its count.
    await moderate(site, held.comment.id, 'approve')
    const approved = await shownOnThread(site, { url: pageUrl('/a') })
    expect(approved.published).toBeGreaterThan(a.published)
    expect((await counts(site, [pageUrl('/a')])).body).toEqual({ counts: [{ page: pageUrl('/a'), comments: approved.published }] })
  })

  it('keeps the order asked and answers a page each time it is asked, however it is spelt', async () => {
    const site = await givenSite()
    await post(site, { url: pageUrl('/one'), body: 'one' })
    await post(site, { url: pageUrl('/two'), body: 'two' })
    await post(site, { url: pageUrl('/two'), body: 'two again' })
    const one = (await shownOnThread(site, { url: pageUrl('/one') })).published
    const two = (await shownOnThread(site, { url: pageUrl('/two') })).published

    // The same page by another spelling of its URL: a query the site drops, a fragment, a trailing dot on the host.
    const asked = [pageUrl('/two'), pageUrl('/one'), pageUrl('/two'), pageUrl('/one?utm_source=mail#comments'), 'https://www.example.org./two', '/one']
    const { body } = await counts(site, asked)

    expect(body!.counts.map((c) => c.page)).toEqual(asked)
    // A path is read as an explicit page id; the page stored under that key is the URL-keyed one.
    expect(body!.counts.map((c) => c.comments)).toEqual([two, one, two, one, two, one])
  })

  it('answers an unknown page with 0 and stores nothing', async () => {
    const site = await givenSite()
    const pages = await countRows('pages')
    const { status, body } = await counts(site, [pageUrl('/nobody-here'), 'an-id-nobody-used'])
    expect(status).toBe(200)
    expect(body!.counts.map((c) => c.comments)).toEqual([0, 0])
    expect(await countRows('pages')).toBe(pages)
  })

  it('counts 50 pages, and refuses 51, an empty page, none, and one too long, as 400 invalid_request', async () => {
    const site = await givenSite()
    await post(site, { url: pageUrl('/p/7'), body: 'seven' })
    const fifty = Array.from({ length: 50 }, (_, i) => pageUrl(`/p/${i}`))
    const ok = await counts(site, fifty)
    expect(ok.status).toBe(200)
    expect(ok.body!.counts).toHaveLength(50)
    expect(ok.body!.counts[7]).toEqual({ page: pageUrl('/p/7'), comments: (await shownOnThread(site, { url: pageUrl('/p/7') })).published })

    const refusals: [string, string][] = [
      ['51 pages', countsUrl(site, [...fifty, pageUrl('/p/50')])],
      ['an empty page', countsUrl(site, [''])],
      ['no page', `https://byline.test/v1/sites/${site}/counts`],
      ['a URL too long', countsUrl(site, [pageUrl(`/${'x'.repeat(2100)}`)])],
      ['a page id too long', countsUrl(site, ['x'.repeat(600)])],
      ['a page id with a control character', countsUrl(site, ['a\u0000b'])],
      ['a URL with credentials', countsUrl(site, ['https://user:pw@www.example.org/a'])],
    ]
    for (const [what, url] of refusals) {
      const res = await SELF.fetch(url, { headers: { origin: ORIGIN } })
      expect(res.status, what).toBe(400)
      const { error } = (await res.json()) as { error: { code: string; issues: { path: (string | number)[] }[] } }
      expect(error.code, what).toBe('invalid_request')
      expect(error.issues[0]!.path[0], what).toBe('page')
    }
  })

  it('carries a strong ETag: a 304 while the counts hold, a new tag after a comment, a hide or a delete on one of the pages', async () => {
    const site = await givenSite()
    const kept = await post(site, { url: pageUrl('/kept'), body: 'kept' })
    const asked = [pageUrl('/kept'), pageUrl('/other'), pageUrl('/later')]
    const first = await counts(site, asked)
    expect(first.status).toBe(200)
    expect(first.tag).toMatch(/^"[0-9a-f]{32}"$/)
    expect(first.res.headers.get('cache-control')).toBe('no-cache')

    const same = await counts(site, asked, { 'if-none-match': first.tag! })
    expect(same.status).toBe(304)
    expect(same.text).toBe('')
    expect(same.tag).toBe(first.tag)
    expect((await counts(site, asked, { 'if-none-match': `W/${first.tag}` })).status).toBe(304)
    expect((await counts(site, asked, { 'if-none-match': `"elsewhere", ${first.tag}` })).status).toBe(304)
    // Other pages asked make other counts.
    expect((await counts(site, asked.slice(0, 2), { 'if-none-match': first.tag! })).status).toBe(200)
    // A comment on a page not asked about changes none of these counts.
    await post(site, { url: pageUrl('/not-asked'), body: 'elsewhere' })
    expect((await counts(site, asked, { 'if-none-match': first.tag! })).status).toBe(304)

    /** Makes a change and returns the counts the old tag gets now, after checking a plain read agrees. */
    async function afterChange(change: () => Promise<unknown>) {
      const before = await counts(site, asked)
      expect((await counts(site, asked, { 'if-none-match': before.tag! })).status).toBe(304)
      await change()
      const revalidated = await counts(site, asked, { 'if-none-match': before.tag! })
      expect(revalidated.status).toBe(200)
      expect(revalidated.tag).not.toBe(before.tag)
      expect((await counts(site, asked)).text).toBe(revalidated.text)
      expect((await counts(site, asked, { 'if-none-match': revalidated.tag! })).status).toBe(304)
      return revalidated.body!.counts.map((c) => c.comments)
    }

    const byThread = async () => Promise.all(asked.map(async (url) => (await shownOnThread(site, { url })).published))
    // A new comment on a page nobody had commented on.
    const later = await afterChange(() => post(site, { url: pageUrl('/later'), body: 'first on later' }))
    expect(later).toEqual(await byThread())
    expect(later[2]).toBe(1)
    // A second comment on a page.
    const other = await post(site, { url: pageUrl('/other'), body: 'on other' })
    expect(await afterChange(() => post(site, { url: pageUrl('/other'), body: 'again on other' }))).toEqual(await byThread())
    // A moderator hides one.
    expect(await afterChange(() => moderate(site, other.comment.id, 'hide'))).toEqual(await byThread())
    // Its author deletes one.
    const afterDelete = await afterChange(() => deleteOwn(kept))
    expect(afterDelete).toEqual(await byThread())
    expect(afterDelete[0]).toBe(0)
  })

  it('is readable cross-origin by the site\'s origins only, and refuses others as the thread does', async () => {
    const site = await givenSite()
    const allowed = await counts(site, [pageUrl('/a')])
    expect(allowed.status).toBe(200)
    expect(allowed.res.headers.get('access-control-allow-origin')).toBe(ORIGIN)
    expect(allowed.res.headers.get('vary')).toContain('Origin')

    const foreign = await counts(site, [pageUrl('/a')], { origin: 'https://evil.example' })
    const foreignThread = await getThread(site, { url: pageUrl('/a') }, { origin: 'https://evil.example' })
    expect(foreign.status).toBe(403)
    expect(foreign.status).toBe(foreignThread.status)
    expect(foreign.body).toMatchObject({ error: { code: 'origin_not_allowed' } })
    expect(foreign.res.headers.get('access-control-allow-origin')).toBe(foreignThread.headers.get('access-control-allow-origin'))

    const preflight = await SELF.fetch(countsUrl(site, [pageUrl('/a')]), {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN)
    // A script on the page may revalidate: it can send If-None-Match and read the ETag.
    expect(preflight.headers.get('access-control-allow-headers')).toContain('If-None-Match')
    expect(allowed.res.headers.get('access-control-expose-headers')).toContain('ETag')
  })

  it('refuses a page URL outside the site as the thread does, and an unknown site as the thread does', async () => {
    const site = await givenSite()
    const offSite = await counts(site, [pageUrl('/a'), 'https://elsewhere.example/page'], {})
    expect(offSite.status).toBe(403)
    expect(offSite.body).toMatchObject({ error: { code: 'origin_not_allowed' } })
    expect((await getThread(site, { url: 'https://elsewhere.example/page' }, {})).status).toBe(403)

    const unknown = await counts('no-such-site', [pageUrl('/a')])
    const unknownThread = await getThread('no-such-site', { url: pageUrl('/a') })
    expect(unknown.status).toBe(404)
    expect(unknown.status).toBe(unknownThread.status)
    expect(unknown.body).toMatchObject({ error: { code: 'site_not_found' } })
    expect(unknown.res.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('is published in the contract as a conditional GET with a repeated page parameter', async () => {
    type Op = { parameters: { name: string; in: string; required: boolean }[]; responses: Record<string, unknown> }
    const doc = (await (await SELF.fetch('https://byline.test/openapi.json')).json()) as { paths: Record<string, Record<string, Op>> }
    const op = doc.paths['/v1/sites/{site}/counts']!.get!
    expect(op.parameters).toContainEqual(expect.objectContaining({ name: 'page', in: 'query', required: true }))
    expect(op.parameters).toContainEqual(expect.objectContaining({ name: 'If-None-Match', in: 'header' }))
    expect(Object.keys(op.responses).sort()).toEqual(['200', '304', '400', '403', '404'])
  })

  it('answers 50 pages in one D1 round trip that only reads, and a revalidation that holds in one too', async () => {
    const site = await givenSite()
    for (const path of ['/p/1', '/p/2', '/p/3']) await post(site, { url: pageUrl(path), body: path })
    const fifty = Array.from({ length: 50 }, (_, i) => pageUrl(`/p/${i}`))
    // Once, so that this isolate knows the site (a first request of a site reads its row on its own, as a thread's).
    const warm = await through(site, fifty)

    const plain = await through(site, fifty)
    expect(plain.status).toBe(200)
    expect(plain.trips).toHaveLength(1)
    expect(plain.trips[0]!.some((sql) => /FROM sites s/.test(sql))).toBe(true)
    expect(plain.trips.flat().some((sql) => /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(sql))).toBe(false)

    const revalidation = await through(site, fifty, { 'if-none-match': warm.tag! })
    expect(revalidation.status).toBe(304)
    expect(revalidation.trips).toHaveLength(1)

    // When a page has moved, the versions that said so are followed by the count: two, as a thread's revalidation.
    await post(site, { url: pageUrl('/p/2'), body: 'moved' })
    const stale = await through(site, fifty, { 'if-none-match': warm.tag! })
    expect(stale.status).toBe(200)
    expect(stale.trips).toHaveLength(2)
  })
})

/** One counts request through the app on a D1 that records each round trip with its SQL. */
async function through(site: string, pages: readonly string[], headers: Record<string, string> = {}) {
  const { db, trips } = countingD1(env.DB)
  const ctx = createExecutionContext()
  const res = await app.fetch(new Request(countsUrl(site, pages), { headers: { origin: ORIGIN, ...headers } }), { ...env, DB: db }, ctx)
  await waitOnExecutionContext(ctx)
  return { status: res.status, tag: res.headers.get('etag'), trips }
}
