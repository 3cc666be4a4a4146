import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { findToken, issueToken } from '../../../worker/src/store/tokens'
import {
  eraseVisitorStatements,
  exportVisitor,
  findVisitor,
  getVisitor,
  holdForModerationStatement,
  listUnverifiedHolds,
  markVerifiedStatement,
  unsubscribeStatement,
} from '../../../worker/src/store/visitors'
import { givenSite, orgConfig, pageUrl, posted, uniqueId } from '../helpers'

const NOW = Date.UTC(2026, 5, 1, 12)

/** A site whose comments wait until the visitor confirms their address. */
async function confirmingSite() {
  const doc = orgConfig()
  doc.sites[0]!.settings = { ...doc.sites[0]!.settings, requireVerifiedEmail: true }
  return givenSite(doc)
}

async function visitorOf(site: string, email: string) {
  const v = await findVisitor(env.DB, site, email)
  if (!v) throw new Error(`no visitor ${email}`)
  return v
}

const commentRow = (id: string) =>
  env.DB.prepare(`SELECT status, hold_reason, author_name, ip_hash, owner_token_hash FROM comments WHERE id = ?1`).bind(id).first()

describe('visitors store', () => {
  it('findVisitor and getVisitor: the visitor a post created, by site and address or by id', async () => {
    const site = await givenSite()
    await posted(site, { name: 'Jo Visitor', email: 'jo@visitor.test' })
    const v = await visitorOf(site, 'jo@visitor.test')
    expect(v).toEqual({ id: expect.any(String), siteId: site, email: 'jo@visitor.test', address: 'jo@visitor.test', name: 'Jo Visitor', verifiedAt: null })
    expect(await getVisitor(env.DB, v.id)).toEqual(v)
  })

  it('findVisitor and getVisitor: null for an unknown id, address, or the address on another site', async () => {
    const site = await givenSite()
    const other = await givenSite(orgConfig({ org: uniqueId('org'), site: uniqueId('site') }))
    await posted(site, { email: 'jo@visitor.test' })
    expect(await getVisitor(env.DB, crypto.randomUUID())).toBeNull()
    expect(await findVisitor(env.DB, site, 'nobody@visitor.test')).toBeNull()
    expect(await findVisitor(env.DB, other, 'jo@visitor.test')).toBeNull()
  })

  it('keys a visitor by the canonical address and keeps the address as typed for mail', async () => {
    const site = await givenSite()
    await posted(site, { email: 'Jo.Mixed@Visitor.TEST' })
    await posted(site, { email: 'jo.mixed@visitor.test', url: pageUrl('/news/other') })
    const found = (await findVisitor(env.DB, site, 'jo.mixed@visitor.test'))!
    expect(found.email).toBe('jo.mixed@visitor.test')
    expect(found.address).toBe('jo.mixed@visitor.test')
    const rows = await env.DB.prepare(`SELECT count(*) AS n FROM visitors WHERE site_id = ?1`).bind(site).first<{ n: number }>()
    expect(rows!.n).toBe(1)
  })

  it('a later post under the same address is the same visitor, under the latest name', async () => {
    const site = await givenSite()
    await posted(site, { name: 'Jo', email: 'jo@visitor.test' })
    const first = await visitorOf(site, 'jo@visitor.test')
    await posted(site, { name: 'Joanna', email: 'jo@visitor.test', url: pageUrl('/news/other') })
    expect(await visitorOf(site, 'jo@visitor.test')).toEqual({ ...first, name: 'Joanna' })
  })

  it('confirming twice keeps the first instant', async () => {
    const site = await confirmingSite()
    await posted(site, { email: 'jo@visitor.test' })
    const v = await visitorOf(site, 'jo@visitor.test')

    await markVerifiedStatement(env.DB, v.id, NOW).run()
    await markVerifiedStatement(env.DB, v.id, NOW + 1000).run()
    expect((await getVisitor(env.DB, v.id))!.verifiedAt).toBe(NOW)
  })

  it('listUnverifiedHolds: that visitor’s comments waiting for their address, oldest first', async () => {
    const site = await confirmingSite()
    const a = await posted(site, { email: 'jo@visitor.test', body: 'First' })
    const b = await posted(site, { email: 'jo@visitor.test', body: 'Second', url: pageUrl('/news/other') })
    await posted(site, { email: 'someone@visitor.test', body: 'Not theirs' })
    const v = await visitorOf(site, 'jo@visitor.test')
    expect(await listUnverifiedHolds(env.DB, v.id)).toEqual([a.id, b.id])

    // Once it waits for a moderator instead, it is no longer waiting for the address.
    await holdForModerationStatement(env.DB, a.id).run()
    expect(await commentRow(a.id)).toMatchObject({ status: 'pending', hold_reason: 'moderation' })
    expect(await listUnverifiedHolds(env.DB, v.id)).toEqual([b.id])
  })

  it('holdForModerationStatement leaves a published comment alone', async () => {
    const site = await givenSite()
    const c = await posted(site)
    const result = await holdForModerationStatement(env.DB, c.id).run()
    expect(result.meta.changes).toBe(0)
    expect(await commentRow(c.id)).toMatchObject({ status: 'published', hold_reason: null })
  })

  it('unsubscribeStatement: from the whole site once (the first instant stays), or from one conversation once', async () => {
    const site = await givenSite()
    const c = await posted(site, { email: 'jo@visitor.test' })
    const v = await visitorOf(site, 'jo@visitor.test')
    const unsubscribedAt = async () =>
      (await env.DB.prepare(`SELECT unsubscribed_at AS t FROM visitors WHERE id = ?1`).bind(v.id).first<{ t: number | null }>())!.t
    const mutes = async () => (await env.DB.prepare(`SELECT conversation_id FROM conversation_mutes WHERE visitor_id = ?1`).bind(v.id).all()).results

    await unsubscribeStatement(env.DB, { visitorId: v.id, conversationId: c.conversationId, scope: 'conversation' }, NOW).run()
    await unsubscribeStatement(env.DB, { visitorId: v.id, conversationId: c.conversationId, scope: 'conversation' }, NOW + 1).run()
    expect(await mutes()).toEqual([{ conversation_id: c.conversationId }])
    expect(await unsubscribedAt()).toBeNull()

    await unsubscribeStatement(env.DB, { visitorId: v.id, conversationId: c.conversationId, scope: 'site' }, NOW + 2).run()
    await unsubscribeStatement(env.DB, { visitorId: v.id, conversationId: null, scope: 'conversation' }, NOW + 3).run()
    expect(await unsubscribedAt()).toBe(NOW + 2)
  })

  it('exportVisitor: the visitor and every comment they wrote on the site, with the page each is on', async () => {
    const site = await givenSite()
    const c = await posted(site, { name: 'Jo Visitor', email: 'jo@visitor.test', body: 'When does it *close*?', locale: 'fr-CA' })
    const v = await visitorOf(site, 'jo@visitor.test')
    const exported = await exportVisitor(env.DB, v.id)
    expect(exported).toEqual({
      exportedBy: 'Byline',
      site: { id: site, name: 'Example Agency website' },
      visitor: { email: 'jo@visitor.test', name: 'Jo Visitor', language: 'fr', firstSeen: expect.any(String), emailConfirmed: null, unsubscribedFromAll: null },
      comments: [
        {
          id: c.id,
          page: pageUrl(),
          conversation: c.conversationId,
          name: 'Jo Visitor',
          text: 'When does it *close*?',
          status: 'published',
          written: expect.any(String),
          edited: null,
        },
      ],
      notStored: expect.any(String),
    })
    expect(new Date(exported.visitor.firstSeen as string).toISOString()).toBe(exported.visitor.firstSeen)
  })

  it('eraseVisitorStatements: address, name, IP hashes and credentials go; the comments stay, signed "Deleted visitor"', async () => {
    const site = await givenSite()
    const c = await posted(site, { name: 'Jo Visitor', email: 'jo@visitor.test' })
    const keep = await posted(site, { name: 'Sam', email: 'sam@visitor.test', url: pageUrl('/news/other') })
    const v = await visitorOf(site, 'jo@visitor.test')
    const credential = await issueToken(env.DB, 'unsubscribe', { visitorId: v.id }, NOW)
    await credential.statement.run()
    await unsubscribeStatement(env.DB, { visitorId: v.id, conversationId: c.conversationId, scope: 'conversation' }, NOW).run()

    await env.DB.batch(eraseVisitorStatements(env.DB, v, NOW))
    expect(await getVisitor(env.DB, v.id)).toEqual({
      id: v.id,
      siteId: site,
      email: `deleted:${v.id}`,
      address: `deleted:${v.id}`,
      name: 'Deleted visitor',
      verifiedAt: null,
    })
    expect(await findVisitor(env.DB, site, 'jo@visitor.test')).toBeNull()
    expect(await commentRow(c.id)).toMatchObject({ status: 'published', author_name: 'Deleted visitor', ip_hash: null, owner_token_hash: null })
    expect(await findToken(env.DB, credential.token, 'unsubscribe', NOW)).toBeNull()
    expect((await env.DB.prepare(`SELECT count(*) AS n FROM conversation_mutes WHERE visitor_id = ?1`).bind(v.id).first<{ n: number }>())!.n).toBe(0)
    // Nobody else is touched.
    expect(await commentRow(keep.id)).toMatchObject({ author_name: 'Sam' })
    expect((await findVisitor(env.DB, site, 'sam@visitor.test'))!.name).toBe('Sam')
  })
})
