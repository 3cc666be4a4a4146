import { describe, expect, it } from 'vitest'
import type { Thread } from '../../schema'
import { comment, countRows, getThread, givenSite, ORIGIN, pageUrl, postComment } from './helpers'

describe('GET /v1/sites/{site}/thread', () => {
  it('names a page on first sight, without storing it, and who a new comment would go to', async () => {
    const site = await givenSite()
    const pagesBefore = await countRows('pages')

    const res = await getThread(site, { url: pageUrl('/news/budget'), title: 'The 2026 budget' })

    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN)
    const thread = (await res.json()) as Thread
    expect(thread.page).toEqual({ key: '/news/budget', title: 'The 2026 budget' })
    expect(thread.conversations).toEqual([])
    expect(thread.responder).toEqual({
      handle: 'amira',
      stats: { windowDays: 90, conversations: 0, answeredRate: null, medianFirstReplySeconds: null, p90FirstReplySeconds: null },
    })
    expect(thread.people).toEqual({
      amira: {
        name: 'Amira Haddad',
        role: 'Press officer',
        photoUrl: 'https://www.example.org/photos/amira.jpg',
        bio: 'I answer questions about our announcements.',
        disclaimer: 'Views my own',
      },
    })
    // A GET never writes: the page is stored by its first comment.
    expect(await countRows('pages')).toBe(pagesBefore)
  })

  it('shows published conversations oldest first, replies under their conversation, no email anywhere', async () => {
    const site = await givenSite()
    const first = await postComment(site, comment({ name: 'First', email: 'first@visitor.test', body: 'one' }))
    const { comment: opener } = (await first.json()) as { comment: { conversationId: string } }
    await postComment(site, comment({ name: 'Second', email: 'second@visitor.test', body: 'two' }))
    await postComment(site, comment({ name: 'Third', email: 'third@visitor.test', body: 'reply', conversationId: opener.conversationId }))

    const res = await getThread(site, { url: pageUrl() })
    const text = await res.text()
    const thread = JSON.parse(text) as Thread

    expect(thread.conversations.map((c) => c.comments.map((m) => m.author))).toEqual([
      [
        { kind: 'visitor', name: 'First' },
        { kind: 'visitor', name: 'Third' },
      ],
      [{ kind: 'visitor', name: 'Second' }],
    ])
    expect(thread.conversations[0]!.status).toBe('awaiting')
    expect(thread.people[thread.conversations[0]!.assignee]!.name).toBe('Amira Haddad')
    expect(text).not.toContain('@visitor.test')
    expect(text).not.toContain('amira@example.org')
  })

  it('keys a page by its explicit id when the embed gives one, whatever the URL', async () => {
    const site = await givenSite()
    await postComment(site, comment({ page: 'press/2026-budget', url: pageUrl('/a?utm=x'), body: 'from a' }))
    const res = await getThread(site, { page: 'press/2026-budget', url: pageUrl('/b') })
    const thread = (await res.json()) as Thread
    expect(thread.page.key).toBe('press/2026-budget')
    expect(thread.conversations).toHaveLength(1)
  })

  it('answers 404 site_not_found for an unknown site, readable by any page', async () => {
    const res = await getThread('no-such-site', { url: pageUrl() })
    expect(res.status).toBe(404)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(await res.json()).toMatchObject({ error: { code: 'site_not_found' } })
  })

  it('refuses a browser on an origin the site has not registered', async () => {
    const site = await givenSite()
    const res = await getThread(site, { url: pageUrl() }, { origin: 'https://evil.example' })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ error: { code: 'origin_not_allowed' } })
  })

  it('refuses a page URL outside the site, and creates no page for it', async () => {
    const site = await givenSite()
    const pages = await countRows('pages')
    const res = await getThread(site, { url: 'https://elsewhere.example/page' }, {})
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ error: { code: 'origin_not_allowed' } })
    expect(await countRows('pages')).toBe(pages)
  })

  it.each([
    ['no url', {}],
    ['a url that is not http', { url: 'javascript:alert(1)' }],
    ['a url with credentials', { url: 'https://user:pw@www.example.org/' }],
    ['a topic that is not a slug', { url: pageUrl(), topic: 'Not A Slug!' }],
    ['a control character in the page id', { url: pageUrl(), page: 'a\u0000b' }],
  ])('answers 400 invalid_request with issues for %s', async (_, query) => {
    const site = await givenSite()
    const res = await getThread(site, query as Record<string, string>)
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; issues: unknown[] } }
    expect(body.error.code).toBe('invalid_request')
    expect(body.error.issues.length).toBeGreaterThan(0)
  })

  it('answers CORS preflights for registered origins only', async () => {
    const site = await givenSite()
    const { SELF } = await import('cloudflare:test')
    const ok = await SELF.fetch(`https://byline.test/v1/sites/${site}/comments`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
    })
    expect(ok.status).toBe(204)
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN)
    expect(ok.headers.get('access-control-allow-headers')).toContain('Idempotency-Key')

    const refused = await SELF.fetch(`https://byline.test/v1/sites/${site}/comments`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    })
    expect(refused.status).toBe(403)
    expect(refused.headers.get('access-control-allow-origin')).not.toBe('https://evil.example')
  })
})
