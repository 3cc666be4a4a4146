import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { listStaff, listTurnsStatement, readStaff, readTurns, takeTurnStatement, toPublicStaff } from '../../../worker/src/store/staff'
import { givenSite, orgConfig, pageUrl, posted, putConfig, staffReply, uniqueId } from '../helpers'

const turnsOf = async (siteId: string) => readTurns(await listTurnsStatement(env.DB, siteId).all())

describe('staff store', () => {
  it('listStaff: everyone on the org, by handle, as routing and bylines need them', async () => {
    const doc = orgConfig()
    doc.staff[1]!.away = [{ from: '2026-12-24', to: '2026-12-26' }]
    doc.staff[1]!.delegate = 'chloe'
    await givenSite(doc)

    const staff = await listStaff(env.DB, doc.org.id)
    expect(staff.map((s) => s.handle)).toEqual(['amira', 'ben', 'chloe'])
    expect(staff[0]).toEqual({
      id: expect.any(String),
      handle: 'amira',
      name: 'Amira Haddad',
      role: 'Press officer',
      email: 'amira@example.org',
      photoUrl: 'https://www.example.org/photos/amira.jpg',
      bio: 'I answer questions about our announcements.',
      disclaimer: 'Views my own',
      active: true,
      timeZone: 'Europe/London',
      away: [],
      delegate: null,
      openCount: 0,
      stats: { windowDays: 90, conversations: 0, answeredRate: null, medianFirstReplySeconds: null, p90FirstReplySeconds: null },
    })
    // What the config left out comes back as the config's defaults.
    expect(staff[1]).toMatchObject({ photoUrl: null, disclaimer: null, timeZone: 'UTC', away: [{ from: '2026-12-24', to: '2026-12-26' }], delegate: 'chloe' })
    expect(staff[2]).toMatchObject({ bio: '', delegate: null })
  })

  it('listStaff: keeps deactivated people (their past replies keep their byline), marked inactive', async () => {
    const doc = orgConfig()
    await givenSite(doc)
    doc.staff = doc.staff.filter((s) => s.handle !== 'chloe')
    expect((await putConfig(doc)).status).toBe(200)
    const staff = await listStaff(env.DB, doc.org.id)
    expect(staff.map((s) => [s.handle, s.active])).toEqual([
      ['amira', true],
      ['ben', true],
      ['chloe', false],
    ])
  })

  it('listStaff: counts only the conversations awaiting each person', async () => {
    const doc = orgConfig()
    const site = await givenSite(doc)
    const first = await posted(site)
    await posted(site, { url: pageUrl('/news/other') })
    await posted(site, { conversationId: first.conversationId, body: 'A second comment in the same conversation' })
    const answered = await posted(site, { url: pageUrl('/news/third') })
    expect((await staffReply(answered.conversationId, { staff: 'amira', body: 'Answered.' })).status).toBe(201)

    const counts = Object.fromEntries((await listStaff(env.DB, doc.org.id)).map((s) => [s.handle, s.openCount]))
    expect(counts).toEqual({ amira: 2, ben: 0, chloe: 0 })
  })

  it('listStaff: nobody for an unknown org, and never another org’s people', async () => {
    const a = orgConfig()
    const b = orgConfig({ org: uniqueId('org'), site: uniqueId('site') })
    b.staff = [{ ...b.staff[0]!, handle: 'zed', name: 'Zed Other' }]
    b.sites[0]!.settings = { defaultResponder: 'zed' }
    await givenSite(a)
    await givenSite(b)
    expect(await listStaff(env.DB, uniqueId('org'))).toEqual([])
    expect((await listStaff(env.DB, b.org.id)).map((s) => s.handle)).toEqual(['zed'])
  })

  it('readStaff of no result is nobody', () => {
    expect(readStaff(undefined)).toEqual([])
  })

  it('toPublicStaff: the public face only, never the email or the internal id', async () => {
    const doc = orgConfig()
    await givenSite(doc)
    const [amira] = await listStaff(env.DB, doc.org.id)
    expect(toPublicStaff(amira!)).toEqual({
      handle: 'amira',
      name: 'Amira Haddad',
      role: 'Press officer',
      photoUrl: 'https://www.example.org/photos/amira.jpg',
      bio: 'I answer questions about our announcements.',
      disclaimer: 'Views my own',
    })
  })

  it('round-robin turns: none for a new site, one more per turn taken, per pool and per site', async () => {
    const a = await givenSite()
    const b = await givenSite(orgConfig({ org: uniqueId('org'), site: uniqueId('site') }))
    expect(await turnsOf(a)).toEqual({})
    await env.DB.batch([takeTurnStatement(env.DB, a, 'amira,ben'), takeTurnStatement(env.DB, a, 'amira,ben'), takeTurnStatement(env.DB, a, 'ben,chloe')])
    await takeTurnStatement(env.DB, b, 'amira,ben').run()
    expect(await turnsOf(a)).toEqual({ 'amira,ben': 2, 'ben,chloe': 1 })
    expect(await turnsOf(b)).toEqual({ 'amira,ben': 1 })
    expect(readTurns(undefined)).toEqual({})
  })
})
