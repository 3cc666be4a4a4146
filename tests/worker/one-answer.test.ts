import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Thread } from '../../schema'
import { getThread, givenSite, linksOf, mailFor, pageUrl, posted, staffReply } from './helpers'

/*
 * Exactly one answer: the reply page's form sent twice (double click, back button, two tabs) and the admin API
 * called twice publish one reply, and the person sees it is published.
 */

async function conversationWithLink() {
  const site = await givenSite()
  const marker = crypto.randomUUID()
  const c = await posted(site, { name: 'Jo', body: `Question ${marker}` })
  const link = linksOf(await mailFor('Amira Haddad', marker), 'answer').find((l) => !l.includes('#'))!
  return { site, c, link }
}

/** The reply form's one-time token, as a browser would post it back. */
const formTokenOf = async (link: string) => /name="once" value="([a-z2-7]{26})"/.exec(await (await SELF.fetch(link)).text())![1]!

const send = (link: string, fields: Record<string, string>) =>
  SELF.fetch(`${link}/reply`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams(fields),
  })

async function staffReplies(site: string, conversationId: string) {
  const thread = (await (await getThread(site, { url: pageUrl() })).json()) as Thread
  return thread.conversations.find((x) => x.id === conversationId)!.comments.filter((m) => m.author.kind === 'staff')
}

describe('exactly one answer', () => {
  it('publishes one reply when the same form is sent twice at once (a double click), and both say it is published', async () => {
    const { site, c, link } = await conversationWithLink()
    const once = await formTokenOf(link)
    const body = 'It closes on 30 April.\r\n\r\nAmira'
    const [a, b] = await Promise.all([send(link, { once, body }), send(link, { once, body })])
    for (const res of [a, b]) {
      expect(res.status).toBe(303)
      expect(res.headers.get('location')).toMatch(/\?done=replied$/)
    }
    expect(await staffReplies(site, c.conversationId)).toHaveLength(1)
  })

  it('publishes one reply for a back-button resubmit of the same form, even with the text edited a little', async () => {
    const { site, c, link } = await conversationWithLink()
    const once = await formTokenOf(link)
    await send(link, { once, body: 'The consultation closes on Friday.' })
    await send(link, { once, body: 'The consultation closes on Friday!' })
    expect(await staffReplies(site, c.conversationId)).toHaveLength(1)
    const shown = await (await SELF.fetch(`${link}?done=replied`)).text()
    expect(shown).toContain('Your reply is published under your name')
  })

  it('publishes one reply when two tabs send the same words, and two when the words differ', async () => {
    const { site, c, link } = await conversationWithLink()
    const [first, second] = [await formTokenOf(link), await formTokenOf(link)]
    expect(first).not.toBe(second)
    await send(link, { once: first, body: 'See the timetable page.' })
    await send(link, { once: second, body: 'See the  timetable page.\n' })
    expect(await staffReplies(site, c.conversationId)).toHaveLength(1)
    await send(link, { once: await formTokenOf(link), body: 'And the night buses run too.' })
    expect((await staffReplies(site, c.conversationId)).map((m) => m.id)).toHaveLength(2)
  })

  it('answers a repeated admin API reply with the one already published (200), a new one with 201', async () => {
    const { site, c } = await conversationWithLink()
    const first = await staffReply(c.conversationId, { staff: 'amira', body: 'Yes, it runs on Sundays.' })
    const again = await staffReply(c.conversationId, { staff: 'amira', body: 'Yes, it runs on Sundays.' })
    expect(first.status).toBe(201)
    expect(again.status).toBe(200)
    expect(((await again.json()) as { comment: { id: string } }).comment.id).toBe(((await first.json()) as { comment: { id: string } }).comment.id)
    expect(await staffReplies(site, c.conversationId)).toHaveLength(1)
  })

  it("answers 404 and changes nothing when a reply link is used on another conversation's comment", async () => {
    const { link } = await conversationWithLink()
    const { c: other } = await conversationWithLink()
    const res = await SELF.fetch(`${link}/moderate`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ commentId: other.id, action: 'delete' }),
    })
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const row = await env.DB.prepare(`SELECT status FROM comments WHERE id = ?1`).bind(other.id).first<{ status: string }>()
    expect(row!.status).toBe('published')
  })
})
