import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { SiteSettings } from '../../../schema'
import {
  banStatements,
  getModeratedComment,
  listModerationQueue,
  moderationStatements,
  releaseStatements,
  visitorStanding,
} from '../../../worker/src/store/moderation'
import { givenSite, orgConfig, pageUrl, posted, uniqueId } from '../helpers'

const IP = 'a'.repeat(64)

async function siteWith(settings: Partial<SiteSettings>) {
  const doc = orgConfig({ org: uniqueId('org'), site: uniqueId('site') })
  doc.sites[0]!.settings = { ...doc.sites[0]!.settings, ...settings }
  return givenSite(doc)
}

const approve = (commentId: string) => env.DB.batch(releaseStatements(env.DB, commentId, Date.now()))

async function hide(commentId: string) {
  const comment = (await getModeratedComment(env.DB, commentId))!
  await env.DB.batch(moderationStatements(env.DB, { comment, action: 'hide', actor: 'test', reason: null }, Date.now()))
}

const ban = (siteId: string, kind: 'email' | 'ip', value: string) =>
  env.DB.batch(banStatements(env.DB, { siteId, kind, value, reason: 'abuse', actor: 'test' }, Date.now()))

const standing = (siteId: string, email: string, ipHash = 'f'.repeat(64)) => visitorStanding(env.DB, { siteId, email, ipHash })

describe('moderation store: what the rules and moderators read', () => {
  it('visitorStanding: a stranger is unconfirmed, never approved and not banned', async () => {
    const site = await givenSite()
    expect(await standing(site, 'nobody@visitor.test')).toEqual({ approvedBefore: false, banned: false })
  })

  it('visitorStanding: approved before once a comment of theirs is published, not while it waits', async () => {
    const site = await siteWith({ moderation: 'all' })
    const held = await posted(site, { email: 'jo@visitor.test' })
    expect(await standing(site, 'jo@visitor.test')).toEqual({ approvedBefore: false, banned: false })
    await approve(held.id)
    expect((await standing(site, 'jo@visitor.test')).approvedBefore).toBe(true)
    // Approval belongs to the site it happened on.
    expect((await standing(await siteWith({}), 'jo@visitor.test')).approvedBefore).toBe(false)
  })

  it('visitorStanding: banned by address or by IP hash, on that site only, the address compared exactly', async () => {
    const site = await givenSite()
    const other = await siteWith({})
    await ban(site, 'email', 'troll@visitor.test')
    await ban(site, 'ip', IP)
    expect((await standing(site, 'troll@visitor.test')).banned).toBe(true)
    expect((await standing(site, 'anyone@visitor.test', IP)).banned).toBe(true)
    expect((await standing(site, 'anyone@visitor.test')).banned).toBe(false)
    expect((await standing(other, 'troll@visitor.test', IP)).banned).toBe(false)
    expect((await standing(site, 'TROLL@visitor.test')).banned).toBe(false)
  })

  it('getModeratedComment: the comment’s site, state and conversation; null for an unknown id', async () => {
    const site = await givenSite()
    const c = await posted(site)
    expect(await getModeratedComment(env.DB, c.id)).toEqual({ id: c.id, siteId: site, status: 'published', conversationId: c.conversationId })
    await hide(c.id)
    expect((await getModeratedComment(env.DB, c.id))!.status).toBe('hidden')
    expect(await getModeratedComment(env.DB, crypto.randomUUID())).toBeNull()
  })

  it('listModerationQueue: the site’s waiting comments, oldest first, with what a moderator needs', async () => {
    const site = await siteWith({ moderation: 'all' })
    const first = await posted(site, { name: 'Jo', email: 'jo@visitor.test', body: 'First' })
    const second = await posted(site, { name: 'Sam', email: 'sam@visitor.test', body: 'Second', url: pageUrl('/news/other') })
    const approved = await posted(site, { name: 'Ada', email: 'ada@visitor.test', body: 'Approved' })
    await approve(approved.id)
    await posted(await siteWith({ moderation: 'all' }), { body: 'Another site' })

    const queue = await listModerationQueue(env.DB, site)
    expect(queue.map((q) => q.comment.id)).toEqual([first.id, second.id])
    expect(queue[0]).toEqual({
      comment: {
        id: first.id,
        conversationId: first.conversationId,
        author: { kind: 'visitor', name: 'Jo' },
        body: { type: 'doc', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'First' }] }] },
        state: 'pending',
        createdAt: expect.any(String),
        editedAt: null,
      },
      pageUrl: pageUrl(),
      pendingReason: 'moderation',
      visitorEmail: 'jo@visitor.test',
      ipHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
    expect(queue[1]).toMatchObject({ pageUrl: pageUrl('/news/other'), visitorEmail: 'sam@visitor.test' })
  })

  it('listModerationQueue: comments waiting for their author’s address say so; nothing waits on an open site', async () => {
    const confirming = await siteWith({ requireVerifiedEmail: true })
    await posted(confirming, { email: 'jo@visitor.test' })
    expect((await listModerationQueue(env.DB, confirming)).map((q) => q.pendingReason)).toEqual(['unverified'])

    const open = await givenSite()
    await posted(open)
    expect(await listModerationQueue(env.DB, open)).toEqual([])
  })
})
