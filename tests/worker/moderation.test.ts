import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { ModerationQueue, PostedComment, Thread } from '../../schema'
import { runCron } from '../../worker/src/cron'
import { comment, devMail, getThread, givenSite, linksOf, mailFor, orgConfig, orgTokenOf, pageUrl, postComment, staffReply } from './helpers'

/** An admin call with the token of the organisation the path's site, comment or conversation belongs to. */
async function admin(path: string, body?: unknown, method = body ? 'POST' : 'GET') {
  const [, kind, id] = /^\/v1\/admin\/(sites|comments|conversations)\/([^/]+)/.exec(path)!
  const token =
    kind === 'sites'
      ? await orgTokenOf({ site: id! })
      : kind === 'conversations'
        ? await orgTokenOf({ conversation: id! })
        : await orgTokenOf({ conversation: (await env.DB.prepare(`SELECT conversation_id AS c FROM comments WHERE id = ?1`).bind(id).first<{ c: string }>())?.c ?? '' })
  return SELF.fetch(`https://byline.test${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
}

function moderated(moderation: 'first_time' | 'all') {
  const doc = orgConfig()
  doc.sites[0]!.settings.moderation = moderation
  return givenSite(doc)
}

const post = async (site: string, overrides = {}) => (await (await postComment(site, comment(overrides))).json()) as PostedComment
const publicThread = async (site: string) => (await (await getThread(site, { url: pageUrl() })).json()) as Thread

describe('pre-moderation', () => {
  it('holds a first-time visitor\'s comment: pending for its author, invisible to others, no notice until approved', async () => {
    const site = await moderated('first_time')
    const marker = crypto.randomUUID()
    const held = await post(site, { body: `First words ${marker}` })
    expect(held.comment.state).toBe('pending')
    expect(held.pendingReason).toBe('moderation')
    expect((await publicThread(site)).conversations).toEqual([])
    await runCron(env, Date.now())
    expect((await devMail()).some((m) => m.text.includes(marker))).toBe(false)

    const queue = (await (await admin(`/v1/admin/sites/${site}/moderation`)).json()) as ModerationQueue
    expect(queue.comments.map((q) => q.comment.id)).toEqual([held.comment.id])
    expect(queue.comments[0]).toMatchObject({ pendingReason: 'moderation', visitorEmail: 'jo@visitor.test' })
    expect(queue.comments[0]!.ipHash).toMatch(/^[0-9a-f]{64}$/)

    expect((await admin(`/v1/admin/comments/${held.comment.id}/moderation`, { action: 'approve' })).status).toBe(200)
    expect((await publicThread(site)).conversations[0]!.comments[0]!.id).toBe(held.comment.id)
    await mailFor('Amira Haddad', marker)

    // Approved once: this visitor's next comment goes straight out.
    expect((await post(site, { body: 'second' })).comment.state).toBe('published')
  })

  it('holds every comment when moderation is "all"', async () => {
    const site = await moderated('all')
    const first = await post(site)
    await admin(`/v1/admin/comments/${first.comment.id}/moderation`, { action: 'approve' })
    expect((await post(site, { body: 'again' })).comment.state).toBe('pending')
  })

  it('hides a comment with a reason, shown as a placeholder only where replies follow, and logs every action', async () => {
    const site = await givenSite()
    const c = await post(site, { body: 'something rude' })
    await staffReply(c.comment.conversationId, { staff: 'amira', body: 'Please keep it civil.' })
    expect((await admin(`/v1/admin/comments/${c.comment.id}/moderation`, { action: 'hide', reason: 'Insults' })).status).toBe(200)
    const [hidden] = (await publicThread(site)).conversations[0]!.comments
    expect(hidden).toMatchObject({ state: 'hidden', body: { type: 'doc', children: [] } })
    expect(JSON.stringify(await publicThread(site))).not.toContain('something rude')

    await admin(`/v1/admin/comments/${c.comment.id}/moderation`, { action: 'delete' })
    const log = await env.DB.prepare(`SELECT action, actor, reason FROM moderation_log WHERE comment_id = ?1 ORDER BY created_at, rowid`)
      .bind(c.comment.id)
      .all()
    expect(log.results).toEqual([
      { action: 'hide', actor: 'API token “tests”', reason: 'Insults' },
      { action: 'delete', actor: 'API token “tests”', reason: null },
    ])
    const row = await env.DB.prepare(`SELECT status, body FROM comments WHERE id = ?1`).bind(c.comment.id).first()
    expect(row).toEqual({ status: 'deleted', body: '' })
  })

  it('bans a visitor email or IP hash from a site, logged', async () => {
    const site = await givenSite()
    expect((await admin(`/v1/admin/sites/${site}/bans`, { email: 'troll@visitor.test', reason: 'Repeated abuse' })).status).toBe(201)
    const res = await postComment(site, comment({ email: 'troll@visitor.test' }))
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('banned')

    const byIp = await postComment(site, comment({ email: 'other@visitor.test' }), { 'cf-connecting-ip': '203.0.113.66' })
    const { comment: c } = (await byIp.json()) as PostedComment
    const { ip_hash } = (await env.DB.prepare(`SELECT ip_hash FROM comments WHERE id = ?1`).bind(c.id).first<{ ip_hash: string }>())!
    await admin(`/v1/admin/sites/${site}/bans`, { ipHash: ip_hash })
    expect((await postComment(site, comment({ email: 'new@visitor.test' }), { 'cf-connecting-ip': '203.0.113.66' })).status).toBe(403)
    const bans = await env.DB.prepare(`SELECT count(*) AS n FROM moderation_log WHERE site_id = ?1 AND action = 'ban'`).bind(site).first()
    expect(bans).toEqual({ n: 2 })
  })

  it('refuses a ban request that names neither or both', async () => {
    const site = await givenSite()
    expect((await admin(`/v1/admin/sites/${site}/bans`, { reason: 'x' })).status).toBe(400)
  })

  it('lets the responder approve, hide or delete from the reply page', async () => {
    const site = await moderated('all')
    // The first comment is approved by the admin so a conversation (and a notice with a reply link) exists.
    const opener = await post(site, { body: `Opener ${crypto.randomUUID()}` })
    await admin(`/v1/admin/comments/${opener.comment.id}/moderation`, { action: 'approve' })
    const notice = await mailFor('Amira Haddad', 'Opener')
    const link = linksOf(notice, 'answer').find((l) => !l.includes('#'))!
    const followUp = await post(site, { body: 'A follow-up', conversationId: opener.comment.conversationId, email: 'sam@visitor.test', name: 'Sam' })
    expect(followUp.comment.state).toBe('pending')
    expect(await (await SELF.fetch(link)).text()).toContain('waiting for approval')

    const res = await SELF.fetch(`${link}/moderate`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ commentId: followUp.comment.id, action: 'approve' }),
    })
    expect(res.status).toBe(303)
    const comments = (await publicThread(site)).conversations[0]!.comments.map((m) => m.id)
    expect(comments).toContain(followUp.comment.id)
    const log = await env.DB.prepare(`SELECT actor FROM moderation_log WHERE comment_id = ?1`).bind(followUp.comment.id).first()
    expect(log).toEqual({ actor: 'amira' })
  })
})
