import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { COMMENT_MAX_CHARS, type Thread } from '../../schema'
import { assigneeOf, countAll, getThread, givenSite, linksOf, mailFor, pageUrl, posted } from './helpers'
import { elementsOf, textsOf } from './pages/markup'

/** A conversation for amira (immediate notices) and the Reply link from her notice. */
async function conversationWithLink() {
  const site = await givenSite()
  const marker = crypto.randomUUID()
  const c = await posted(site, { name: 'Jo', body: `Question ${marker}` })
  const notice = await mailFor('Amira Haddad', marker)
  const link = linksOf(notice, 'answer').find((l) => !l.includes('#'))!
  return { site, c, link, marker }
}

const form = (link: string, action: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  SELF.fetch(`${link}/${action}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', ...headers },
    body: new URLSearchParams(fields),
  })

describe('the reply page', () => {
  it('shows the conversation on GET and changes nothing, however often a scanner opens it', async () => {
    const { link, marker } = await conversationWithLink()
    const before = await countAll()
    for (let i = 0; i < 3; i++) {
      const res = await SELF.fetch(link)
      expect(res.status).toBe(200)
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/)
      expect(res.headers.get('content-security-policy')).not.toMatch(/script-src/)
      const html = await res.text()
      expect(html).toContain(`Question ${marker}`)
      expect(await textsOf(html, 'label[for=body]')).toEqual(['Reply as Amira Haddad, Press officer'])
    }
    expect(await countAll()).toEqual(before)
  })

  it('publishes a reply under the staff identity, marks it answered and queues the visitor notice', async () => {
    const { site, c, link } = await conversationWithLink()
    const res = await form(link, 'reply', { body: 'It closes on 30 April.' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toMatch(/\?done=replied$/)
    const thread = (await (await getThread(site, { url: pageUrl() })).json()) as Thread
    const conversation = thread.conversations.find((x) => x.id === c.conversationId)!
    expect(conversation.status).toBe('answered')
    expect(conversation.comments.at(-1)!.author).toEqual({ kind: 'staff', handle: 'amira' })
    expect(thread.people.amira).toMatchObject({ name: 'Amira Haddad', role: 'Press officer' })
    const after = await (await SELF.fetch(`${link}?done=replied`)).text()
    expect(after).toContain('Your reply is published under your name')
  })

  it('re-shows the page with the problem, and publishes nothing, for an empty reply', async () => {
    const { link } = await conversationWithLink()
    const before = await countAll()
    const res = await form(link, 'reply', { body: '   ' })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('role="alert"')
    expect(await countAll()).toEqual(before)
  })

  it('gives a refused reply back in the reply box: a body over the limit is not lost', async () => {
    const { link } = await conversationWithLink()
    const before = await countAll()
    const typed = `A long answer.\n\n${'x'.repeat(COMMENT_MAX_CHARS)}`
    const res = await form(link, 'reply', { body: typed })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(await textsOf(html, '[role=alert]')).toEqual([`Your reply must be at most ${COMMENT_MAX_CHARS} characters.`])
    // The parser drops the one newline the template writes after <textarea>.
    expect((await textsOf(html, 'textarea#body'))[0]!.replace(/^\n/, '')).toBe(typed)
    expect(await countAll()).toEqual(before)
  })

  it("shows the conversation's times in the staff member's own time zone", async () => {
    const { c, link } = await conversationWithLink()
    // Amira works in Europe/London: 12:00 UTC on 1 July is 13:00 there, in summer time.
    await env.DB.prepare(`UPDATE comments SET created_at = ?2 WHERE conversation_id = ?1`).bind(c.conversationId, Date.UTC(2026, 6, 1, 12, 0)).run()
    const html = await (await SELF.fetch(link)).text()
    expect(await textsOf(html, 'article time')).toEqual(['2026-07-01 13:00 GMT+1'])
  })

  it("shows a visitor's link as text with its target, on the page and in the notice", async () => {
    const site = await givenSite()
    const marker = crypto.randomUUID()
    await posted(site, { name: 'Jo', body: `Please log in at [https://bank.example/login](https://evil.example/steal) ${marker}` })
    const notice = await mailFor('Amira Haddad', marker)
    const link = linksOf(notice, 'answer').find((l) => !l.includes('#'))!
    const html = await (await SELF.fetch(link)).text()
    for (const markup of [html, notice.html]) {
      const targets = (await elementsOf(markup)).flatMap((e) => e.attributes.filter(([name]) => name === 'href').map(([, value]) => value))
      expect(targets.filter((t) => /evil|bank/.test(t))).toEqual([])
      expect((await textsOf(markup, '[dir=auto] p')).join('')).toContain(`Please log in at https://bank.example/login (https://evil.example/steal) ${marker}`)
    }
  })

  it('hides a comment with the form the page shows, once its question is answered with "Yes"', async () => {
    const { c, link } = await conversationWithLink()
    const html = await (await SELF.fetch(link)).text()
    // What a browser sends for the "Yes, hide it" button: the form's hidden fields and the button's own name and value.
    const hidden = (await elementsOf(html)).filter((e) => e.tag === 'input' && Object.fromEntries(e.attributes).type === 'hidden')
    const commentId = Object.fromEntries(hidden.find((e) => Object.fromEntries(e.attributes).name === 'commentId')!.attributes).value!
    expect(commentId).toBe(c.id)
    expect(await textsOf(html, 'details button[name=action][value=hide]')).toEqual(['Yes, hide it'])
    const res = await form(link, 'moderate', { commentId, action: 'hide' })
    expect(res.status).toBe(303)
    const row = await env.DB.prepare(`SELECT status FROM comments WHERE id = ?1`).bind(c.id).first()
    expect(row).toEqual({ status: 'hidden' })
  })

  it('hands over to a colleague with a note, and closes with "no reply needed"', async () => {
    const { c, link } = await conversationWithLink()
    expect((await form(link, 'handover', { to: 'ben', note: 'Budget questions are Ben’s' })).status).toBe(303)
    expect(await assigneeOf(c.conversationId)).toBe('ben')
    expect((await form(link, 'close', {})).status).toBe(303)
    const row = await env.DB.prepare(`SELECT status FROM conversations WHERE id = ?1`).bind(c.conversationId).first()
    expect(row).toEqual({ status: 'closed' })
  })

  it('hands over when the note is left blank or only spaces, and shows no note', async () => {
    for (const note of ['', '   ']) {
      const { c, link } = await conversationWithLink()
      expect((await form(link, 'handover', { to: 'ben', note })).status).toBe(303)
      expect(await assigneeOf(c.conversationId)).toBe('ben')
      const row = await env.DB.prepare(`SELECT note FROM assignments WHERE conversation_id = ?1 AND note IS NOT NULL`).bind(c.conversationId).first()
      expect(row).toBeNull()
    }
  })

  it('refuses a form posted from another site (CSRF)', async () => {
    const { link } = await conversationWithLink()
    const before = await countAll()
    const cross = await form(link, 'reply', { body: 'forged' }, { 'sec-fetch-site': 'cross-site' })
    expect(cross.status).toBe(403)
    const foreignOrigin = await form(link, 'reply', { body: 'forged' }, { 'sec-fetch-site': '', origin: 'https://evil.example' })
    expect(foreignOrigin.status).toBe(403)
    expect(await countAll()).toEqual(before)
  })

  it('answers 403 for a tampered or unknown link', async () => {
    const { link } = await conversationWithLink()
    const token = link.split('/').pop()!
    const tampered = link.replace(token, (token[0] === 'a' ? 'b' : 'a') + token.slice(1))
    for (const url of [tampered, 'https://byline.test/answer/nope', 'https://byline.test/answer/' + 'a'.repeat(26)]) {
      const res = await SELF.fetch(url)
      expect(res.status).toBe(403)
      expect(await res.text()).toContain('This link does not work')
    }
    expect((await form(tampered, 'reply', { body: 'x' })).status).toBe(403)
  })

  it('answers 410 for an expired link, with a way to get a fresh one by email', async () => {
    const { link, marker } = await conversationWithLink()
    await env.DB.prepare(`UPDATE tokens SET expires_at = 0 WHERE purpose = 'answer_link'`).run()
    const res = await SELF.fetch(link)
    expect(res.status).toBe(410)
    expect(await res.text()).toContain('Email me a fresh link')
    expect((await form(link, 'reply', { body: 'too late' })).status).toBe(410)

    const renew = await form(link, 'renew', {})
    expect(renew.status).toBe(200)
    const fresh = await mailFor('Amira Haddad', marker, /^A fresh link to answer Jo/)
    const freshLink = linksOf(fresh, 'answer').find((l) => !l.includes('#'))!
    expect(freshLink).not.toBe(link)
    expect((await SELF.fetch(freshLink)).status).toBe(200)
  })
})
