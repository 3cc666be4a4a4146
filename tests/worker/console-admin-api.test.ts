import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { ModerationQueue } from '../../schema'
import { assigneeOf, comment, orgConfig, orgTokenOf, postComment, posted } from './helpers'
import { activityOf, codeOf, givenOrg, signedIn, withSession, WORKER } from './console-helpers'

/*
 * One API, two principals: the admin API (/v1/admin/*) takes a console session as well as a token. The session's
 * admin acts for their own organisation only, exactly as one of its tokens would; changes must pass the console's
 * CSRF rule; and each change is in the activity log under the admin's address.
 */

describe('the admin API with a console session', () => {
  it('replies, hands over, moderates and bans as the signed-in admin, each change logged under their address', async () => {
    const doc = orgConfig()
    doc.sites[0]!.settings.moderation = 'all'
    const { site, org, email } = await givenOrg(doc)
    const cookie = await signedIn(org, email)

    const held = (await (await postComment(site, comment({ body: 'Held for a moderator' }))).json()) as { comment: { id: string; conversationId: string } }
    const queue = await withSession(`/v1/admin/sites/${site}/moderation`, cookie)
    expect(queue.status).toBe(200)
    expect(((await queue.json()) as ModerationQueue).comments.map((q) => q.comment.id)).toEqual([held.comment.id])

    const approve = await withSession(`/v1/admin/comments/${held.comment.id}/moderation`, cookie, { method: 'POST', body: { action: 'approve' } })
    expect(approve.status).toBe(200)
    const conversation = held.comment.conversationId
    expect((await withSession(`/v1/admin/conversations/${conversation}/handover`, cookie, { method: 'POST', body: { to: 'ben', note: 'Yours' } })).status).toBe(200)
    expect(await assigneeOf(conversation)).toBe('ben')
    const reply = await withSession(`/v1/admin/conversations/${conversation}/replies`, cookie, { method: 'POST', body: { staff: 'ben', body: 'Here is the answer.' } })
    expect(reply.status).toBe(201)
    expect((await withSession(`/v1/admin/sites/${site}/bans`, cookie, { method: 'POST', body: { email: 'troll@visitor.test' } })).status).toBe(201)

    const log = await activityOf(cookie)
    expect(log.slice(0, 4).map((e) => [e.action, e.actor.email])).toEqual([
      ['visitor.banned', email],
      ['reply.published', email],
      ['conversation.handed_over', email],
      ['comment.moderated', email],
    ])
    expect(log[3]!.target).toBe(held.comment.id)
    const logged = await env.DB.prepare(`SELECT actor FROM moderation_log WHERE comment_id = ?1`).bind(held.comment.id).first<{ actor: string }>()
    expect(logged!.actor).toBe(email)
  })

  it('applies the config through PUT /v1/admin/config for its own organisation, logged', async () => {
    const { doc, org, email } = await givenOrg()
    const cookie = await signedIn(org, email)
    doc.org.name = 'Renamed Agency'
    const res = await withSession('/v1/admin/config', cookie, { method: 'PUT', body: doc })
    expect(res.status).toBe(200)
    expect((await activityOf(cookie))[0]).toMatchObject({ action: 'config.applied', actor: { email }, target: org })
  })

  it("logs a change made with one of the organisation's tokens under the token's label", async () => {
    const { site, org, email } = await givenOrg()
    const cookie = await signedIn(org, email)
    const c = await posted(site, { body: 'Hide me' })
    const res = await SELF.fetch(`${WORKER}/v1/admin/comments/${c.id}/moderation`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await orgTokenOf({ site })}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'hide' }),
    })
    expect(res.status).toBe(200)
    expect((await activityOf(cookie))[0]).toMatchObject({ action: 'comment.moderated', actor: { email: 'API token “tests”' }, target: c.id })
  })

  it('refuses a change without the console Origin and header (csrf_refused) and writes nothing', async () => {
    const { site, org, email } = await givenOrg()
    const cookie = await signedIn(org, email)
    const { conversationId } = await posted(site)
    const forged: Record<string, string>[] = [{ origin: 'https://evil.example' }, { origin: WORKER, 'x-byline-console': '' }, { 'x-byline-console': '1', origin: '' }]
    for (const headers of forged) {
      const res = await SELF.fetch(`${WORKER}/v1/admin/conversations/${conversationId}/handover`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ to: 'ben' }),
      })
      expect(res.status).toBe(403)
      expect(await codeOf(res)).toBe('csrf_refused')
    }
    expect(await assigneeOf(conversationId)).toBe('amira')
  })

  it('answers not_signed_in for a cookie that names no session, and 401 unauthorized with neither credential', async () => {
    const { site } = await givenOrg()
    const res = await withSession(`/v1/admin/sites/${site}/moderation`, `byline_console=${'a'.repeat(52)}`)
    expect(res.status).toBe(401)
    expect(await codeOf(res)).toBe('not_signed_in')
    const bare = await SELF.fetch(`${WORKER}/v1/admin/sites/${site}/moderation`)
    expect(bare.status).toBe(401)
    expect(await codeOf(bare)).toBe('unauthorized')
  })

  it("cannot reach another organisation's sites, conversations or comments", async () => {
    const a = await givenOrg()
    const b = await givenOrg()
    const bCookie = await signedIn(b.org, b.email)
    const mine = await posted(a.site)
    const calls: [string, string, unknown?][] = [
      ['GET', `/v1/admin/sites/${a.site}/moderation`],
      ['POST', `/v1/admin/sites/${a.site}/bans`, { email: 'x@visitor.test' }],
      ['POST', `/v1/admin/comments/${mine.id}/moderation`, { action: 'hide' }],
      ['POST', `/v1/admin/conversations/${mine.conversationId}/handover`, { to: 'ben' }],
      ['POST', `/v1/admin/conversations/${mine.conversationId}/replies`, { staff: 'ben', body: 'Not mine to answer.' }],
      ['PUT', '/v1/admin/config', a.doc],
    ]
    const answers = []
    for (const [method, path, body] of calls) {
      const res = await withSession(path, bCookie, { method, body })
      answers.push([path, res.status, await codeOf(res)])
    }
    expect(answers).toEqual([
      [calls[0]![1], 404, 'site_not_found'],
      [calls[1]![1], 404, 'site_not_found'],
      [calls[2]![1], 404, 'comment_not_found'],
      [calls[3]![1], 404, 'conversation_not_found'],
      [calls[4]![1], 404, 'conversation_not_found'],
      [calls[5]![1], 404, 'org_not_found'],
    ])
    expect(await assigneeOf(mine.conversationId)).toBe('amira')
    expect((await env.DB.prepare(`SELECT status FROM comments WHERE id = ?1`).bind(mine.id).first<{ status: string }>())!.status).toBe('published')
  })
})
