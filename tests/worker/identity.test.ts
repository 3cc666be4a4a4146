import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { PostedComment, Thread } from '../../schema'
import { comment, countAll, getThread, givenSite, orgConfig, orgTokenOf, pageUrl, postComment, posted, putConfig, staffReply } from './helpers'

const errorOf = async (res: Response) => (await res.json()) as { error: { code: string; issues?: { path: (string | number)[] }[] } }

describe('identity that cannot be forged', () => {
  it.each([
    ['the exact name', 'Amira Haddad'],
    ['another case', 'AMIRA HADDAD'],
    ['extra whitespace', '  Amira   Haddad '],
    ['a zero-width space inside', 'Amira\u200b Haddad'],
    ['Cyrillic look-alikes', '\u0410mira \u041d\u0430dd\u0430d'],
    ['fullwidth letters', 'Ａｍｉｒａ Ｈａｄｄａｄ'],
    ['the accent left off', 'Chloe Martin'],
    ['a deactivated member of staff', 'Former Person'],
  ])('refuses a visitor name that is %s of a staff name, writing nothing', async (_, name) => {
    const doc = orgConfig()
    doc.staff.push({ handle: 'former', name: 'Former Person', role: 'Retired', email: 'former@example.org' })
    const site = await givenSite(doc)
    // Deactivate "former": missing from the next document.
    doc.staff = doc.staff.filter((s) => s.handle !== 'former')
    expect((await putConfig(doc)).status).toBe(200)
    const before = await countAll()

    const res = await postComment(site, comment({ name }))

    expect(res.status).toBe(400)
    const body = await errorOf(res)
    expect(body.error.code).toBe('reserved_name')
    expect(body.error.issues![0]!.path).toEqual(['name'])
    expect(await countAll()).toEqual(before)
  })

  it('accepts names that merely resemble', async () => {
    const site = await givenSite()
    for (const name of ['Amira', 'Amira Hadad', 'Amir Haddad', 'Ben', 'Chloé Marti'])
      expect((await postComment(site, comment({ name }))).status).toBe(201)
  })

  it.each([
    ['kind', { kind: 'staff' }],
    ['author', { author: { kind: 'staff', staff: { handle: 'amira' } } }],
    ['staff', { staff: 'amira' }],
    ['role', { role: 'Press officer' }],
    ['photoUrl', { photoUrl: 'https://evil.example/me.jpg' }],
  ])('refuses a visitor field that could make a comment look like staff: %s', async (_, extra) => {
    const site = await givenSite()
    const res = await postComment(site, { ...comment(), ...extra })
    expect(res.status).toBe(400)
    expect((await errorOf(res)).error.code).toBe('invalid_request')
  })

  it('publishes a staff reply under the staff row\'s identity with the full byline, and marks the conversation answered', async () => {
    const site = await givenSite()
    const c = await posted(site)
    const res = await staffReply(c.conversationId, { staff: 'amira', body: 'The consultation closes on 30 April.' })
    expect(res.status).toBe(201)
    expect(((await res.json()) as PostedComment).comment.author).toEqual({
      kind: 'staff',
      staff: {
        handle: 'amira',
        name: 'Amira Haddad',
        role: 'Press officer',
        photoUrl: 'https://www.example.org/photos/amira.jpg',
        bio: 'I answer questions about our announcements.',
        disclaimer: 'Views my own',
      },
    })
    const thread = (await (await getThread(site, { url: pageUrl() })).json()) as Thread
    const conversation = thread.conversations[0]!
    expect(conversation.status).toBe('answered')
    expect(conversation.comments.map((m) => m.author.kind)).toEqual(['visitor', 'staff'])
    const row = await env.DB.prepare(`SELECT first_reply_at IS NOT NULL AS replied FROM conversations WHERE id = ?1`).bind(c.conversationId).first()
    expect(row).toEqual({ replied: 1 })
  })

  it.each([
    ['without the admin token', (id: string) => staffReply(id, { staff: 'amira', body: 'x' }, 'wrong'), 401, 'unauthorized'],
    [
      'for an unknown conversation',
      async (id: string) => staffReply('nope', { staff: 'amira', body: 'x' }, await orgTokenOf({ conversation: id })),
      404,
      'conversation_not_found',
    ],
    ['as someone not on the staff', (id: string) => staffReply(id, { staff: 'ghost', body: 'x' }), 404, 'staff_not_found'],
    ['with an empty body', (id: string) => staffReply(id, { staff: 'amira', body: ' ' }), 400, 'invalid_request'],
  ])('refuses a staff reply %s', async (_, send, status, code) => {
    const site = await givenSite()
    const c = await posted(site)
    // The organisation's admin token is issued (an event) before the snapshot, not by the refused call.
    await orgTokenOf({ conversation: c.conversationId })
    const before = await countAll()
    const res = await send(c.conversationId)
    expect(res.status).toBe(status)
    expect((await errorOf(res)).error.code).toBe(code)
    expect(await countAll()).toEqual(before)
  })

  it('refuses a staff reply by a deactivated member of staff', async () => {
    const doc = orgConfig()
    const site = await givenSite(doc)
    const c = await posted(site)
    doc.staff = doc.staff.filter((s) => s.handle !== 'chloe')
    await putConfig(doc)
    const res = await staffReply(c.conversationId, { staff: 'chloe', body: 'x' })
    expect(res.status).toBe(404)
  })

  it('has no public route that posts as staff', async () => {
    const site = await givenSite()
    const c = await posted(site)
    const res = await SELF.fetch(`https://byline.test/v1/sites/${site}/conversations/${c.conversationId}/replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ staff: 'amira', body: 'x' }),
    })
    expect(res.status).toBe(404)
  })
})
