import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { PostedComment, Thread } from '../../schema'
import { comment, devMail, getThread, givenSite, mailFor, ORIGIN, orgConfig, pageUrl, postComment } from './helpers'

function verifiedSite() {
  const doc = orgConfig()
  doc.sites[0]!.settings.requireVerifiedEmail = true
  return givenSite(doc)
}

const ask = (site: string, email: string) =>
  SELF.fetch(`https://byline.test/v1/sites/${site}/verify`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ email, url: pageUrl() }),
  })

describe('email verification', () => {
  it('holds the comment until the visitor confirms by a single-use link; then the responder is told', async () => {
    const site = await verifiedSite()
    const marker = crypto.randomUUID()
    const res = await postComment(site, comment({ name: 'Nia', email: 'nia@visitor.test', body: `Please confirm me ${marker}` }))
    const posted = (await res.json()) as PostedComment
    expect(posted.comment.state).toBe('pending')
    expect(posted.pendingReason).toBe('unverified')

    const mail = await mailFor('Nia', 'confirm that this address is yours')
    const link = mail.links.find((l) => l.includes('/verify/'))!
    const before = (await (await getThread(site, { url: pageUrl() })).json()) as Thread
    expect(before.conversations).toEqual([])

    // Opening the link changes nothing; the page's POST confirms.
    expect(await (await SELF.fetch(link)).text()).toContain('Confirm my email')
    expect(((await (await getThread(site, { url: pageUrl() })).json()) as Thread).conversations).toEqual([])
    const confirm = await SELF.fetch(link, { method: 'POST' })
    expect(await confirm.text()).toContain('your comment is published')
    const after = (await (await getThread(site, { url: pageUrl() })).json()) as Thread
    expect(after.conversations[0]!.comments[0]!.id).toBe(posted.comment.id)
    await mailFor('Amira Haddad', marker)

    // Single use.
    expect((await SELF.fetch(link, { method: 'POST' })).status).toBe(403)
    // Confirmed once: the next comment goes straight out.
    const next = (await (await postComment(site, comment({ name: 'Nia', email: 'nia@visitor.test', body: 'again' }))).json()) as PostedComment
    expect(next.comment.state).toBe('published')
  })

  it('answers the same whether or not an address is known, and mails only a known one', async () => {
    const site = await verifiedSite()
    await postComment(site, comment({ name: 'Kofi', email: 'kofi@visitor.test' }))
    const known = await ask(site, 'kofi@visitor.test')
    const unknown = await ask(site, 'stranger@visitor.test')
    expect(known.status).toBe(202)
    expect(unknown.status).toBe(202)
    expect(await known.json()).toEqual(await unknown.json())
    expect((await devMail()).some((m) => m.to.includes('stranger@visitor.test'))).toBe(false)
  })
})
