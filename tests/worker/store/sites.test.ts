import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { getActiveSite, getSiteName } from '../../../worker/src/store/sites'
import { givenSite, orgConfig, ORIGIN, putConfig, uniqueId } from '../helpers'

describe('sites store', () => {
  it('getActiveSite: the site with its org, settings (defaults filled in), origins and rules in their order', async () => {
    const doc = orgConfig()
    const site = doc.sites[0]!
    site.origins = [ORIGIN, 'https://preview.example.org']
    site.settings = { defaultResponder: 'amira', moderation: 'first_time' }
    site.rules = [
      { when: { path: '/press/**' }, assign: { staff: 'ben' } },
      { when: { topic: 'budget' }, assign: { pool: ['amira', 'chloe'], strategy: 'round_robin', lead: 'ben' } },
      { when: { responderAttribute: true } },
    ]
    await givenSite(doc)

    const row = await getActiveSite(env.DB, site.id)
    expect(row).toEqual({
      id: site.id,
      orgId: doc.org.id,
      name: 'Example Agency website',
      settings: {
        defaultResponder: 'amira',
        replyTargetHours: 24,
        editWindowMinutes: 15,
        moderation: 'first_time',
        requireVerifiedEmail: false,
        bannedWords: [],
        maxLinks: 3,
        pageQuery: 'drop',
      },
      origins: expect.arrayContaining([ORIGIN, 'https://preview.example.org']),
      rules: site.rules,
    })
    expect(row!.origins).toHaveLength(2)
  })

  it('getActiveSite: a site without rules has an empty list', async () => {
    const site = await givenSite()
    expect((await getActiveSite(env.DB, site))!.rules).toEqual([])
  })

  it('getActiveSite: null for an unknown site and for a site the config no longer lists', async () => {
    const ids = { org: uniqueId('org'), site: uniqueId('site') }
    const doc = orgConfig(ids)
    const kept = { ...doc.sites[0]!, id: uniqueId('site') }
    doc.sites.push(kept)
    await givenSite(doc)
    expect(await getActiveSite(env.DB, uniqueId('nowhere'))).toBeNull()

    doc.sites = [kept]
    expect((await putConfig(doc)).status).toBe(200)
    expect(await getActiveSite(env.DB, ids.site)).toBeNull()
    expect((await getActiveSite(env.DB, kept.id))!.id).toBe(kept.id)
  })

  it('getSiteName: the name of a site even once inactive, and a stand-in for an unknown one', async () => {
    const ids = { org: uniqueId('org'), site: uniqueId('site') }
    const doc = orgConfig(ids)
    const other = { ...doc.sites[0]!, id: uniqueId('site'), name: 'Other site' }
    doc.sites.push(other)
    await givenSite(doc)
    doc.sites = [other]
    expect((await putConfig(doc)).status).toBe(200)

    expect(await getSiteName(env.DB, ids.site)).toBe('Example Agency website')
    expect(await getSiteName(env.DB, other.id)).toBe('Other site')
    expect(await getSiteName(env.DB, uniqueId('nowhere'))).toBe('the site')
  })
})
