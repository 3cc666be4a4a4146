import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { PostedComment } from '../../schema'
import { comment, countAll, givenSite, orgConfig, pageUrl, postComment, uniqueId } from './helpers'

const json = async (res: Response) => (await res.json()) as { error: { code: string; message: string; issues?: { path: unknown[] }[] } }

describe('POST /v1/sites/{site}/comments', () => {
  it('stores the comment, the visitor, the conversation, its assignment and the event that tells the responder, and answers 201', async () => {
    const site = await givenSite()
    const before = await countAll()

    const res = await postComment(site, comment({ body: 'Line one\nline two\n\nA second paragraph' }))

    expect(res.status).toBe(201)
    const { comment: stored } = (await res.json()) as PostedComment
    expect(stored.author).toEqual({ kind: 'visitor', name: 'Jo Visitor' })
    expect(stored.body).toEqual({
      type: 'doc',
      children: [
        { type: 'paragraph', children: [{ type: 'text', value: 'Line one' }, { type: 'break' }, { type: 'text', value: 'line two' }] },
        { type: 'paragraph', children: [{ type: 'text', value: 'A second paragraph' }] },
      ],
    })
    expect(await countAll()).toEqual({
      comments: before.comments + 1,
      conversations: before.conversations + 1,
      assignments: before.assignments + 1,
      events: before.events + 1,
      visitors: before.visitors + 1,
      pages: before.pages + 1,
    })
    const assignment = await env.DB.prepare(
      `SELECT a.reason, s.handle FROM assignments a JOIN staff s ON s.id = a.to_staff_id WHERE a.conversation_id = ?1`,
    )
      .bind(stored.conversationId)
      .first()
    expect(assignment).toEqual({ reason: 'default_responder', handle: 'amira' })
    const visitor = await env.DB.prepare(`SELECT email, name FROM visitors WHERE site_id = ?1`).bind(site).first()
    expect(visitor).toEqual({ email: 'jo@visitor.test', name: 'Jo Visitor' })
  })

  it('keeps the source text byte for byte', async () => {
    const site = await givenSite()
    const source = '  indented\tand  spaced  \n\n\n  café — e\u0301 ﬁ 🙂  \n'
    const res = await postComment(site, comment({ body: source }))
    const { comment: stored } = (await res.json()) as PostedComment
    const row = await env.DB.prepare(`SELECT body FROM comments WHERE id = ?1`).bind(stored.id).first<{ body: string }>()
    expect(row!.body).toBe(source)
  })

  it('adds a reply to an existing conversation without opening a new one', async () => {
    const site = await givenSite()
    const first = (await (await postComment(site, comment())).json()) as PostedComment
    const before = await countAll()

    const res = await postComment(site, comment({ conversationId: first.comment.conversationId, name: 'Sam', email: 'sam@visitor.test', body: 'Me too' }))

    expect(res.status).toBe(201)
    const reply = (await res.json()) as PostedComment
    expect(reply.comment.conversationId).toBe(first.comment.conversationId)
    const after = await countAll()
    expect(after.conversations).toBe(before.conversations)
    expect(after.assignments).toBe(before.assignments)
    expect(after.comments).toBe(before.comments + 1)
  })

  describe('Idempotency-Key', () => {
    it('never creates a second comment for the same key, and replays the first', async () => {
      const site = await givenSite()
      const key = crypto.randomUUID()
      const first = await postComment(site, comment(), { 'idempotency-key': key })
      const before = await countAll()

      const again = await postComment(site, comment(), { 'idempotency-key': key })

      expect(first.status).toBe(201)
      expect(again.status).toBe(200)
      expect(again.headers.get('idempotent-replayed')).toBe('true')
      expect(((await again.json()) as PostedComment).comment.id).toBe(((await first.json()) as PostedComment).comment.id)
      expect(await countAll()).toEqual(before)
    })

    it('creates one comment when retries race', async () => {
      const site = await givenSite()
      const key = crypto.randomUUID()
      const before = await countAll()
      const responses = await Promise.all([1, 2, 3].map(() => postComment(site, comment(), { 'idempotency-key': key })))
      const ids = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as PostedComment).comment.id)))
      expect(ids.size).toBe(1)
      expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 201])
      expect((await countAll()).comments).toBe(before.comments + 1)
    })

    it('refuses the same key for a different comment with 422', async () => {
      const site = await givenSite()
      const key = crypto.randomUUID()
      await postComment(site, comment(), { 'idempotency-key': key })
      const res = await postComment(site, comment({ body: 'something else' }), { 'idempotency-key': key })
      expect(res.status).toBe(422)
      expect((await json(res)).error.code).toBe('idempotency_key_reused')
    })

    it('refuses a malformed key with 400', async () => {
      const site = await givenSite()
      const res = await postComment(site, comment(), { 'idempotency-key': 'short' })
      expect(res.status).toBe(400)
      expect((await json(res)).error.code).toBe('invalid_request')
    })
  })

  describe('refusals write nothing', () => {
    const cases: [string, (site: string) => Promise<Response>, number, string][] = [
      ['a body that is not JSON', (s) => postComment(s, '{"name": '), 400, 'invalid_json'],
      ['a body that is not UTF-8', (s) => postComment(s, new TextDecoder('latin1').decode(new Uint8Array([0x7b, 0xff, 0x7d]))), 400, 'invalid_json'],
      ['form data', (s) => postComment(s, 'name=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type'],
      ['no content type', (s) => postComment(s, JSON.stringify(comment()), { 'content-type': '' }), 415, 'unsupported_media_type'],
      ['a body over the size cap', (s) => postComment(s, comment({ body: 'x'.repeat(70_000) })), 413, 'payload_too_large'],
      ['an empty body text', (s) => postComment(s, comment({ body: ' \n\t ' })), 400, 'invalid_request'],
      ['a comment over 10,000 characters', (s) => postComment(s, comment({ body: 'y'.repeat(10_001) })), 400, 'invalid_request'],
      ['a control character in the body', (s) => postComment(s, comment({ body: 'bell \u0007' })), 400, 'invalid_request'],
      ['a control character in the name', (s) => postComment(s, comment({ name: 'Jo\u001b[31m' })), 400, 'invalid_request'],
      ['a bad email', (s) => postComment(s, comment({ email: 'not-an-email' })), 400, 'invalid_request'],
      ['a missing name', (s) => postComment(s, { url: pageUrl(), email: 'a@b.test', body: 'x' }), 400, 'invalid_request'],
      ['an unknown field', (s) => postComment(s, { ...comment(), isStaff: true }), 400, 'invalid_request'],
      ['an array instead of an object', (s) => postComment(s, [comment()]), 400, 'invalid_request'],
      ['a page URL on another origin', (s) => postComment(s, comment({ url: 'https://evil.example/x' })), 403, 'origin_not_allowed'],
      ['a browser on another origin', (s) => postComment(s, comment(), { origin: 'https://evil.example' }), 403, 'origin_not_allowed'],
      ['a conversation that does not exist', (s) => postComment(s, comment({ conversationId: 'nope' })), 404, 'conversation_not_found'],
      ['an unknown site', () => postComment('no-such-site', comment()), 404, 'site_not_found'],
    ]

    it.each(cases)('%s', async (_, send, status, code) => {
      const site = await givenSite()
      const before = await countAll()
      const res = await send(site)
      expect(res.status).toBe(status)
      const body = await json(res)
      expect(body.error.code).toBe(code)
      expect(body.error.message).toMatch(/\w+ \w+/)
      expect(await countAll()).toEqual(before)
    })

    it('points at the fields that are wrong', async () => {
      const site = await givenSite()
      const res = await postComment(site, comment({ email: 'nope', name: '' }))
      const paths = (await json(res)).error.issues!.map((i) => i.path.join('.'))
      expect(paths).toEqual(expect.arrayContaining(['email', 'name']))
    })

    it('will not reply into a conversation of another page', async () => {
      const site = await givenSite()
      const first = (await (await postComment(site, comment({ url: pageUrl('/a') }))).json()) as PostedComment
      const res = await postComment(site, comment({ url: pageUrl('/b'), conversationId: first.comment.conversationId }))
      expect(res.status).toBe(404)
      expect((await json(res)).error.code).toBe('conversation_not_found')
    })

    it('will not reply into a conversation of another site', async () => {
      const siteA = await givenSite()
      const siteB = await givenSite(orgConfig({ org: uniqueId('org'), site: uniqueId('site') }))
      const first = (await (await postComment(siteA, comment())).json()) as PostedComment
      const res = await postComment(siteB, comment({ conversationId: first.comment.conversationId }))
      expect(res.status).toBe(404)
    })
  })
})
