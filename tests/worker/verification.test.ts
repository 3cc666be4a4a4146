import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { PostedComment, Thread } from '../../schema'
import { postComment as postThroughDomain } from '../../worker/src/domain/post-comment'
import { deliverEvents } from '../../worker/src/events/deliver'
import type { OutgoingMail } from '../../worker/src/mail/mailer'
import { getActiveSite } from '../../worker/src/store/sites'
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

const form = { 'content-type': 'application/x-www-form-urlencoded' }

/** What the confirmation page hands the confirming browser: the fragment of its "Back to the page" link. */
function handoffOf(page: string): { site: string; credential: string; owners: Record<string, string> } {
  const fragment = /href="[^"]*#byline-confirmed=([\w-]+)"/.exec(page)?.[1]
  if (!fragment) throw new Error('no hand-off link on the confirmation page')
  const bytes = Uint8Array.from(atob(fragment.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0))
  return JSON.parse(new TextDecoder().decode(bytes))
}

/** The credential with its last character changed (to another one, whatever it was). */
const tampered = (credential: string) => credential.slice(0, -1) + (credential.endsWith('0') ? '1' : '0')

const edit = (id: string, token: string, body: string) =>
  SELF.fetch(`https://byline.test/v1/comments/${id}`, {
    method: 'PATCH',
    headers: { origin: ORIGIN, 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ body }),
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

    // Opening the link changes nothing; the page shows what confirming publishes, and its POST confirms.
    const shown = await (await SELF.fetch(link)).text()
    expect(shown).toContain('Confirm and publish')
    expect(shown).toContain(`Please confirm me ${marker}`)
    expect(((await (await getThread(site, { url: pageUrl() })).json()) as Thread).conversations).toEqual([])
    const confirm = await SELF.fetch(link, { method: 'POST', headers: form, body: 'decision=publish' })
    const page = await confirm.text()
    expect(page).toContain('your comment is published')
    const after = (await (await getThread(site, { url: pageUrl() })).json()) as Thread
    expect(after.conversations[0]!.comments[0]!.id).toBe(posted.comment.id)
    await mailFor('Amira Haddad', marker)

    // Single use.
    expect((await SELF.fetch(link, { method: 'POST', headers: form, body: 'decision=publish' })).status).toBe(403)
    // The confirming browser, and only it, is trusted from now on: it took a credential back to the page.
    const { credential } = handoffOf(page)
    const next = (await (await postComment(site, comment({ name: 'Nia', email: 'NIA@visitor.test', body: 'again', visitorCredential: credential }))).json()) as PostedComment
    expect(next.comment.state).toBe('published')
    const typedOnly = (await (await postComment(site, comment({ name: 'Nia', email: 'nia@visitor.test', body: 'no proof' }))).json()) as PostedComment
    expect(typedOnly.pendingReason).toBe('unverified')
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

describe('verification that cannot be hijacked', () => {
  it("a stranger posts with a victim's address; the victim sees it and discards it: nothing is published or trusted", async () => {
    const site = await verifiedSite()
    const marker = crypto.randomUUID()
    const stranger = (await (await postComment(site, comment({ name: 'Vic Tim', email: 'victim@visitor.test', body: `Rude words ${marker}` }))).json()) as PostedComment
    expect(stranger.pendingReason).toBe('unverified')

    const link = (await mailFor('Vic Tim', 'confirm that this address is yours')).links.find((l) => l.includes('/verify/'))!
    const shown = await (await SELF.fetch(link)).text()
    expect(shown).toContain(`Rude words ${marker}`)
    expect(shown).toContain('victim@visitor.test')
    const discarded = await SELF.fetch(link, { method: 'POST', headers: form, body: 'decision=discard' })
    expect(await discarded.text()).toContain('nothing was published')

    const thread = (await (await getThread(site, { url: pageUrl() })).json()) as Thread
    expect(JSON.stringify(thread)).not.toContain(marker)
    // Discarded is gone: there is nothing left for its writer to edit back into view.
    expect((await edit(stranger.comment.id, stranger.ownerToken!, 'now published?')).status).toBe(404)
    // The address is not trusted for anyone because a link was clicked.
    const later = (await (await postComment(site, comment({ name: 'Vic Tim', email: 'victim@visitor.test', body: 'second try' }))).json()) as PostedComment
    expect(later.pendingReason).toBe('unverified')
  })

  it('when the victim publishes, the stranger can no longer edit it, and typing the address earns no trust', async () => {
    const site = await verifiedSite()
    const stranger = (await (await postComment(site, comment({ name: 'Val', email: 'val@visitor.test', body: 'An honest question' }))).json()) as PostedComment
    const link = (await mailFor('Val', 'confirm that this address is yours')).links.find((l) => l.includes('/verify/'))!
    const page = await (await SELF.fetch(link, { method: 'POST', headers: form, body: 'decision=publish' })).text()
    const handoff = handoffOf(page)
    expect(handoff.site).toBe(site)

    // Ownership moved to the confirming browser: the stranger's token edits nothing, the new one does.
    expect((await edit(stranger.comment.id, stranger.ownerToken!, 'edited by the stranger')).status).toBe(403)
    expect((await edit(stranger.comment.id, handoff.owners[stranger.comment.id]!, 'edited by the owner')).status).toBe(200)

    const typed = (await (await postComment(site, comment({ name: 'Val', email: 'val@visitor.test', body: 'typed, not proven' }))).json()) as PostedComment
    expect(typed.pendingReason).toBe('unverified')
    const forged = (await (await postComment(site, comment({ name: 'Val', email: 'val@visitor.test', body: 'forged', visitorCredential: tampered(handoff.credential) }))).json()) as PostedComment
    expect(forged.pendingReason).toBe('unverified')
    // A credential proves one address on one site.
    const other = (await (await postComment(site, comment({ name: 'Val', email: 'someone-else@visitor.test', body: 'other', visitorCredential: handoff.credential }))).json()) as PostedComment
    expect(other.pendingReason).toBe('unverified')
  })
})

describe('confirmed in one browser, writing from another', () => {
  it('holds the other browser\'s comment and sends it a confirmation link of its own', async () => {
    const site = await verifiedSite()
    await postComment(site, comment({ name: 'Ola', email: 'ola@visitor.test', body: 'From my phone' }))
    const link = (await mailFor('Ola', 'confirm that this address is yours')).links.find((l) => l.includes('/verify/'))!
    await SELF.fetch(link, { method: 'POST', headers: form, body: 'decision=publish' })

    // Later, from a laptop that holds no credential: held, and a link goes out once the resend interval has passed.
    const later = Date.now() + 11 * 60_000
    const row = (await getActiveSite(env.DB, site))!
    const fields = comment({ name: 'Ola', email: 'ola@visitor.test', body: 'From my laptop' })
    const { posted } = await postThroughDomain(
      { env, now: later, committed: () => {} },
      { site: row, page: { key: '/news/budget', path: '/news/budget', canonicalUrl: pageUrl(), topic: undefined, responder: undefined }, comment: fields, idempotencyKey: undefined, ipHash: 'laptop' },
      async () => {},
    )
    expect(posted.pendingReason).toBe('unverified')
    const sent: OutgoingMail[] = []
    await deliverEvents(env, later, { send: async (m) => void sent.push(m) })
    const again = sent.find((m) => m.to.email === 'ola@visitor.test' && m.text.includes('/verify/'))
    expect(again).toBeDefined()
  })
})
