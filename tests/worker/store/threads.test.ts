import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { PublicStaff, SiteSettings } from '../../../schema'
import { handOverStatements } from '../../../worker/src/store/assignments'
import { getModeratedComment, moderationStatements } from '../../../worker/src/store/moderation'
import { listStaff, takeTurnStatement, toPublicStaff } from '../../../worker/src/store/staff'
import { readConversation, readThread } from '../../../worker/src/store/threads'
import { givenSite, orgConfig, pageUrl, posted, staffReply } from '../helpers'

const EMPTY = { type: 'doc', children: [] }
const paragraph = (text: string) => ({ type: 'doc', children: [{ type: 'paragraph', children: [{ type: 'text', value: text }] }] })

async function scene(settings: Partial<SiteSettings> = {}) {
  const doc = orgConfig()
  doc.sites[0]!.settings = { ...doc.sites[0]!.settings, ...settings }
  const site = await givenSite(doc)
  const staff = await listStaff(env.DB, doc.org.id)
  const person = (handle: string) => staff.find((s) => s.handle === handle)!
  return { site, orgId: doc.org.id, person, publicOf: (handle: string): PublicStaff => toPublicStaff(person(handle)) }
}

const pageOf = (site: string, orgId: string, path = '/news/budget') => ({ siteId: site, orgId, key: path, url: pageUrl(path) })

async function moderate(commentId: string, action: 'hide' | 'delete') {
  const target = (await getModeratedComment(env.DB, commentId))!
  await env.DB.batch(moderationStatements(env.DB, { comment: target, action, actor: 'test', reason: null }, Date.now()))
}

describe('threads store: the read side', () => {
  it('readThread: a page nobody has commented on is answered as the request names it, and not stored', async () => {
    const { site, orgId } = await scene()
    const data = await readThread(env.DB, { ...pageOf(site, orgId, '/news/new'), title: 'New page', topic: 'news' }, Date.now())
    expect(data.page).toEqual({ id: expect.any(String), key: '/news/new', url: pageUrl('/news/new'), title: 'New page', topic: 'news' })
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM pages WHERE site_id = ?1 AND key = '/news/new'`).bind(site).first('n')).toBe(0)
    expect(data.conversations).toEqual([])
    expect(data.staff.map((s) => s.handle)).toEqual(['amira', 'ben', 'chloe'])
    expect(data.turns).toEqual({})
    // Read again without a title, it has none: nothing was kept.
    expect((await readThread(env.DB, pageOf(site, orgId, '/news/new'), Date.now())).page.title).toBeNull()
  })

  it('readThread: published conversations oldest first, each with its comments in order and its assignee', async () => {
    const { site, orgId, publicOf } = await scene()
    const a = await posted(site, { name: 'Jo', body: 'First question' })
    await posted(site, { name: 'Jo', body: 'A follow-up', conversationId: a.conversationId })
    expect((await staffReply(a.conversationId, { staff: 'amira', body: 'An answer' })).status).toBe(201)
    const b = await posted(site, { name: 'Sam', body: 'Second question' })
    await posted(site, { body: 'On another page', url: pageUrl('/news/other') })

    const data = await readThread(env.DB, pageOf(site, orgId), Date.now())
    expect(data.conversations.map((c) => c.id)).toEqual([a.conversationId, b.conversationId])
    const [first] = data.conversations
    expect(first).toMatchObject({ id: a.conversationId, status: 'answered', assignee: publicOf('amira'), handovers: [] })
    expect(first!.comments.map((c) => [c.author, c.body, c.state])).toEqual([
      [{ kind: 'visitor', name: 'Jo' }, paragraph('First question'), 'published'],
      [{ kind: 'visitor', name: 'Jo' }, paragraph('A follow-up'), 'published'],
      [{ kind: 'staff', staff: publicOf('amira') }, paragraph('An answer'), 'published'],
    ])
    expect(first!.comments[0]).toEqual({
      id: a.id,
      conversationId: a.conversationId,
      author: { kind: 'visitor', name: 'Jo' },
      body: paragraph('First question'),
      state: 'published',
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      editedAt: null,
    })
    expect(data.conversations[1]).toMatchObject({ status: 'awaiting', comments: [{ id: b.id }] })
  })

  it('readThread: comments waiting for a moderator are not in it, nor a conversation that only they started', async () => {
    const { site, orgId } = await scene({ moderation: 'all' })
    await posted(site, { body: 'Held' })
    expect((await readThread(env.DB, pageOf(site, orgId), Date.now())).conversations).toEqual([])
  })

  it('readThread: a hidden or deleted comment keeps its place only where a published one follows, without its words', async () => {
    const { site, orgId } = await scene()
    // Hidden, then answered: a placeholder that keeps the author's name.
    const hidden = await posted(site, { name: 'Jo', body: 'Rude words' })
    expect((await staffReply(hidden.conversationId, { staff: 'amira', body: 'Please be kind.' })).status).toBe(201)
    await moderate(hidden.id, 'hide')
    // Deleted, then followed: a placeholder without the name either.
    const deleted = await posted(site, { name: 'Sam', body: 'Regrets' })
    await posted(site, { name: 'Sam', body: 'Still here', conversationId: deleted.conversationId })
    await moderate(deleted.id, 'delete')
    // Nothing published is left: the conversation is gone from the thread.
    const gone = await posted(site, { body: 'Removed' })
    await moderate(gone.id, 'delete')
    // A hidden last comment has nothing after it to hold a place for.
    const trailing = await posted(site, { body: 'Kept' })
    const last = await posted(site, { body: 'Hidden last', conversationId: trailing.conversationId })
    await moderate(last.id, 'hide')

    const data = await readThread(env.DB, pageOf(site, orgId), Date.now())
    expect(data.conversations.map((c) => c.id)).toEqual([hidden.conversationId, deleted.conversationId, trailing.conversationId])
    const [h, d, t] = data.conversations
    expect(h!.comments[0]).toMatchObject({ id: hidden.id, state: 'hidden', author: { kind: 'visitor', name: 'Jo' }, body: EMPTY })
    expect(d!.comments[0]).toMatchObject({ id: deleted.id, state: 'deleted', author: { kind: 'visitor', name: '' }, body: EMPTY })
    expect(d!.comments[1]).toMatchObject({ state: 'published', body: paragraph('Still here') })
    expect(t!.comments.map((c) => c.id)).toEqual([trailing.id])
  })

  it('readThread: hand-overs shown with who, to whom, why and when; the site’s round-robin turns come along', async () => {
    const { site, orgId, person, publicOf } = await scene()
    const c = await posted(site)
    const at = Date.now()
    await env.DB.batch(
      handOverStatements(env.DB, { conversationId: c.conversationId, assignmentId: crypto.randomUUID(), fromId: person('amira').id, toId: person('ben').id, note: 'Ben leads on this' }, at),
    )
    await takeTurnStatement(env.DB, site, 'amira,ben').run()

    const data = await readThread(env.DB, pageOf(site, orgId), Date.now())
    expect(data.conversations[0]).toMatchObject({
      assignee: publicOf('ben'),
      handovers: [{ from: publicOf('amira'), to: publicOf('ben'), reason: 'handover', note: 'Ben leads on this', at: new Date(at).toISOString() }],
    })
    expect(data.turns).toEqual({ 'amira,ben': 1 })
  })

  it('readConversation: everything a reply page shows, held comments included; null for an unknown id', async () => {
    const { site, orgId } = await scene({ moderation: 'all' })
    const held = await posted(site, { name: 'Jo', body: 'Waiting', title: 'Budget 2026' })
    const view = await readConversation(env.DB, held.conversationId)
    expect(view).toMatchObject({
      orgId,
      site: { id: site, name: 'Example Agency website' },
      page: { url: pageUrl(), title: 'Budget 2026' },
      conversation: { id: held.conversationId, comments: [{ id: held.id, state: 'pending', body: paragraph('Waiting') }] },
    })
    expect(view!.staff.map((s) => s.handle)).toEqual(['amira', 'ben', 'chloe'])
    expect(await readConversation(env.DB, crypto.randomUUID())).toBeNull()
  })

  it('never carries a visitor’s address, anywhere in what it returns', async () => {
    const { site, orgId } = await scene()
    const c = await posted(site, { email: 'private@visitor.test' })
    const data = await readThread(env.DB, pageOf(site, orgId), Date.now())
    expect(JSON.stringify(data.conversations)).not.toContain('private@visitor.test')
    expect(JSON.stringify((await readConversation(env.DB, c.conversationId))!.conversation)).not.toContain('private@visitor.test')
  })
})
