import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { PostedComment, Thread } from '../../schema'
import { comment, getThread, givenSite, ORIGIN, orgConfig, pageUrl, postComment, staffReply } from './helpers'

const call = (id: string, method: 'PATCH' | 'DELETE', token: string | null, body?: unknown, origin = ORIGIN) =>
  SELF.fetch(`https://byline.test/v1/comments/${id}`, {
    method,
    headers: {
      origin,
      ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  })

async function mine(site: string, overrides = {}) {
  const res = await postComment(site, comment(overrides))
  return (await res.json()) as PostedComment & { ownerToken: string }
}

const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code

describe("a visitor's own comment", () => {
  it('comes with an owner token, stored only as a hash', async () => {
    const site = await givenSite()
    const posted = await mine(site)
    expect(posted.ownerToken).toMatch(/^[0-9a-f]{40}$/)
    const row = await env.DB.prepare(`SELECT owner_token_hash FROM comments WHERE id = ?1`).bind(posted.comment.id).first<{ owner_token_hash: string }>()
    expect(row!.owner_token_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(row!.owner_token_hash).not.toContain(posted.ownerToken)
  })

  it('can be edited within the window, and shows as edited', async () => {
    const site = await givenSite()
    const posted = await mine(site)
    const res = await call(posted.comment.id, 'PATCH', posted.ownerToken, { body: 'Corrected: *the 30th*' })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN)
    const thread = (await (await getThread(site, { url: pageUrl() })).json()) as Thread
    const edited = thread.conversations[0]!.comments[0]!
    expect(edited.editedAt).not.toBeNull()
    expect(JSON.stringify(edited.body)).toContain('the 30th')
  })

  it('cannot be edited after the window', async () => {
    const doc = orgConfig()
    doc.sites[0]!.settings.editWindowMinutes = 15
    const site = await givenSite(doc)
    const posted = await mine(site)
    await env.DB.prepare(`UPDATE comments SET created_at = created_at - 16 * 60000 WHERE id = ?1`).bind(posted.comment.id).run()
    const res = await call(posted.comment.id, 'PATCH', posted.ownerToken, { body: 'too late' })
    expect(res.status).toBe(403)
    expect(await codeOf(res)).toBe('edit_window_closed')
  })

  it.each([
    ['no token', null],
    ['a wrong token', 'f'.repeat(40)],
  ])('refuses an edit or delete with %s (403), changing nothing', async (_, token) => {
    const site = await givenSite()
    const posted = await mine(site)
    for (const res of [await call(posted.comment.id, 'PATCH', token, { body: 'hijack' }), await call(posted.comment.id, 'DELETE', token)]) {
      expect(res.status).toBe(403)
      expect(await codeOf(res)).toBe('not_owner')
    }
    const row = await env.DB.prepare(`SELECT status, body FROM comments WHERE id = ?1`).bind(posted.comment.id).first()
    expect(row).toEqual({ status: 'published', body: 'When does the consultation close?' })
  })

  it("never accepts another visitor's token", async () => {
    const site = await givenSite()
    const a = await mine(site, { email: 'a@visitor.test', name: 'A' })
    const b = await mine(site, { email: 'b@visitor.test', name: 'B' })
    expect((await call(a.comment.id, 'DELETE', b.ownerToken)).status).toBe(403)
  })

  it('can be deleted any time; the thread keeps "deleted" only where replies hang under it', async () => {
    const site = await givenSite()
    const lonely = await mine(site, { body: 'nobody answered this' })
    const answered = await mine(site, { body: 'this got an answer' })
    await staffReply(answered.comment.conversationId, { staff: 'amira', body: 'Here is the answer.' })
    await env.DB.prepare(`UPDATE comments SET created_at = created_at - 86400000 WHERE id IN (?1, ?2)`).bind(lonely.comment.id, answered.comment.id).run()

    expect((await call(lonely.comment.id, 'DELETE', lonely.ownerToken)).status).toBe(204)
    expect((await call(answered.comment.id, 'DELETE', answered.ownerToken)).status).toBe(204)

    const thread = (await (await getThread(site, { url: pageUrl() })).json()) as Thread
    expect(thread.conversations).toHaveLength(1)
    const [placeholder, reply] = thread.conversations[0]!.comments
    expect(placeholder).toMatchObject({ state: 'deleted', author: { kind: 'visitor', name: '' }, body: { type: 'doc', children: [] } })
    expect(reply!.author.kind).toBe('staff')
    const text = JSON.stringify(thread)
    expect(text).not.toContain('this got an answer')
    expect(text).not.toContain('nobody answered this')
  })

  it('answers 404 for an unknown comment and refuses a foreign origin', async () => {
    expect((await call('nope', 'DELETE', 'x')).status).toBe(404)
    const site = await givenSite()
    const posted = await mine(site)
    expect((await call(posted.comment.id, 'DELETE', posted.ownerToken, undefined, 'https://evil.example')).status).toBe(403)
  })

  it('answers CORS preflights for PATCH and DELETE from the site\'s origins', async () => {
    const site = await givenSite()
    const posted = await mine(site)
    const res = await SELF.fetch(`https://byline.test/v1/comments/${posted.comment.id}`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'PATCH' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-methods')).toContain('PATCH')
    expect(res.headers.get('access-control-allow-headers')).toContain('Authorization')
  })

  it('hands the same owner token back when an Idempotency-Key replays the post', async () => {
    const site = await givenSite()
    const key = crypto.randomUUID()
    const first = (await (await postComment(site, comment(), { 'idempotency-key': key })).json()) as PostedComment
    const again = (await (await postComment(site, comment(), { 'idempotency-key': key })).json()) as PostedComment
    expect(again.ownerToken).toBe(first.ownerToken)
  })
})
