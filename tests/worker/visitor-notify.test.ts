import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import PostalMime from 'postal-mime'
import { devMail, givenSite, linksOf, mailFor, posted, staffReply } from './helpers'

const repliesTo = async (visitor: string, marker: string) =>
  (await devMail()).filter((m) => m.to.includes(visitor) && m.subject.endsWith('replied to you') && m.text.includes(marker))

describe('visitor notifications', () => {
  it('tells the visitor "NAME (ROLE) replied to you", with the reply, a link to it and one-click unsubscribe', async () => {
    const site = await givenSite()
    const c = await posted(site, { name: 'Jo Visitor', email: 'jo@visitor.test' })
    const marker = crypto.randomUUID()
    await staffReply(c.conversationId, { staff: 'amira', body: `The consultation closes on 30 April. ${marker}` })

    const mail = await mailFor('Jo Visitor', marker)
    expect(mail.to).toBe('Jo Visitor <jo@visitor.test>')
    expect(mail.subject).toBe('Amira Haddad (Press officer) replied to you')
    expect(mail.links.some((l) => /^https:\/\/www\.example\.org\/news\/budget#comment-/.test(l))).toBe(true)
    const parsed = await PostalMime.parse(mail.raw)
    const header = (k: string) => parsed.headers.find((h) => h.key === k.toLowerCase())?.value
    expect(header('List-Unsubscribe')).toMatch(/^<https:\/\/byline\.test\/unsubscribe\/[a-z2-7]{26}>$/)
    expect(header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click')
  })

  it("keeps the staff member's links live, and isolates their name", async () => {
    const site = await givenSite()
    const c = await posted(site, { name: 'Jo Visitor', email: 'jo@visitor.test' })
    const marker = crypto.randomUUID()
    await staffReply(c.conversationId, { staff: 'amira', body: `See [the notice](https://www.example.org/notice). ${marker}` })
    const mail = await mailFor('Jo Visitor', marker)
    expect(mail.html).toMatch(/<a href="https:\/\/www\.example\.org\/notice" rel="nofollow noopener">the notice<\/a> \(https:\/\/www\.example\.org\/notice\)/)
    expect(mail.html).toContain('<strong><bdi>Amira Haddad</bdi></strong>, <bdi>Press officer</bdi>')
    expect(mail.html).toMatch(/<div dir="auto"[^>]*><p[^>]*>See /)
  })

  it('stops for this conversation after a one-click unsubscribe, and GET alone changes nothing', async () => {
    const site = await givenSite()
    const c = await posted(site, { name: 'Uma', email: 'uma@visitor.test' })
    const first = crypto.randomUUID()
    await staffReply(c.conversationId, { staff: 'amira', body: first })
    const mail = await mailFor('Uma', first)
    const unsubscribe = linksOf(mail, 'unsubscribe')[0]!

    expect((await SELF.fetch(unsubscribe)).status).toBe(200)
    const second = crypto.randomUUID()
    await staffReply(c.conversationId, { staff: 'amira', body: second })
    await mailFor('Uma', second)

    // RFC 8058: the mail provider POSTs this body to the List-Unsubscribe URL.
    const res = await SELF.fetch(unsubscribe, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    })
    expect(res.status).toBe(200)
    const third = crypto.randomUUID()
    await staffReply(c.conversationId, { staff: 'amira', body: third })
    await new Promise((r) => setTimeout(r, 300))
    expect(await repliesTo('uma@visitor.test', third)).toEqual([])

    // Other conversations of the same visitor still notify.
    const other = await posted(site, { name: 'Uma', email: 'uma@visitor.test', body: 'another question' })
    const fourth = crypto.randomUUID()
    await staffReply(other.conversationId, { staff: 'amira', body: fourth })
    await mailFor('Uma', fourth)
  })

  it('stops everything on the site with the "all" link', async () => {
    const site = await givenSite()
    const c = await posted(site, { name: 'Vic', email: 'vic@visitor.test' })
    const first = crypto.randomUUID()
    await staffReply(c.conversationId, { staff: 'amira', body: first })
    const mail = await mailFor('Vic', first)
    const all = mail.links.find((l) => l.includes('/unsubscribe/') && l.endsWith('?scope=site'))!
    const res = await SELF.fetch(all.replace('?scope=site', ''), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'scope=site',
    })
    expect(res.status).toBe(200)
    const other = await posted(site, { name: 'Vic', email: 'vic@visitor.test', body: 'and another' })
    const second = crypto.randomUUID()
    await staffReply(other.conversationId, { staff: 'amira', body: second })
    await new Promise((r) => setTimeout(r, 300))
    expect(await repliesTo('vic@visitor.test', second)).toEqual([])
    const row = await env.DB.prepare(`SELECT unsubscribed_at IS NOT NULL AS off FROM visitors WHERE email = 'vic@visitor.test' AND site_id = ?1`).bind(site).first()
    expect(row).toEqual({ off: 1 })
  })

  it('refuses an unknown unsubscribe link', async () => {
    expect((await SELF.fetch('https://byline.test/unsubscribe/' + 'b'.repeat(26), { method: 'POST', body: 'List-Unsubscribe=One-Click' })).status).toBe(403)
  })
})
