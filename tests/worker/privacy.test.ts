import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Thread } from '../../schema'
import { comment, devMail, getThread, givenSite, mailFor, ORIGIN, pageUrl, postComment, staffReply } from './helpers'

const request = (site: string, email: string, action: 'export' | 'delete') =>
  SELF.fetch(`https://byline.test/v1/sites/${site}/privacy`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ email, action, url: pageUrl() }),
  })

describe("a visitor's data", () => {
  it('exports everything tied to the address after a magic-link confirmation', async () => {
    const site = await givenSite()
    await postComment(site, comment({ name: 'Lena', email: 'lena@visitor.test', body: 'my first words' }))
    expect((await request(site, 'lena@visitor.test', 'export')).status).toBe(202)
    const mail = await mailFor('Lena', 'download a copy')
    const link = mail.links.find((l) => l.includes('/privacy/confirm/'))!
    expect(await (await SELF.fetch(link)).text()).toContain('Download my data')
    const res = await SELF.fetch(link, { method: 'POST' })
    expect(res.headers.get('content-disposition')).toContain('attachment')
    const data = (await res.json()) as { visitor: { email: string }; comments: { text: string }[] }
    expect(data.visitor.email).toBe('lena@visitor.test')
    expect(data.comments.map((c) => c.text)).toEqual(['my first words'])
    expect((await SELF.fetch(link, { method: 'POST' })).status).toBe(403)
  })

  it('deletes the address and name, keeping threads readable as "Deleted visitor"', async () => {
    const site = await givenSite()
    const posted = await postComment(site, comment({ name: 'Omar', email: 'omar@visitor.test', body: 'keep the thread readable' }))
    const { comment: c } = (await posted.json()) as { comment: { conversationId: string } }
    await staffReply(c.conversationId, { staff: 'amira', body: 'An answer that refers to it.' })
    await request(site, 'omar@visitor.test', 'delete')
    const link = (await mailFor('Omar', 'delete everything')).links.find((l) => l.includes('/privacy/confirm/'))!
    expect((await SELF.fetch(link, { method: 'POST' })).status).toBe(200)

    const thread = (await (await getThread(site, { url: pageUrl() })).json()) as Thread
    expect(thread.conversations[0]!.comments[0]!.author).toEqual({ kind: 'visitor', name: 'Deleted visitor' })
    expect(thread.conversations[0]!.comments).toHaveLength(2)
    const stored = JSON.stringify((await env.DB.prepare(`SELECT * FROM visitors WHERE site_id = ?1`).bind(site).all()).results)
    expect(stored).not.toContain('omar@visitor.test')
    expect(stored).not.toContain('Omar')
  })

  it('never reveals whether an address is known', async () => {
    const site = await givenSite()
    const unknown = await request(site, 'nobody@visitor.test', 'delete')
    expect(unknown.status).toBe(202)
    expect((await devMail()).some((m) => m.to.includes('nobody@visitor.test'))).toBe(false)
  })

  it('has a form page for visitors without the widget', async () => {
    const site = await givenSite()
    const res = await SELF.fetch(`https://byline.test/privacy/${site}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(await res.text()).toContain('Email me a confirmation link')
  })
})
