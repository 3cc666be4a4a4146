import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { OrgConfig } from '../../../schema'
import { applyOrgConfig, sitesOwnedElsewhere } from '../../../worker/src/store/config'
import { orgConfig, ORIGIN, uniqueId } from '../helpers'

const NOW = Date.UTC(2026, 5, 1, 12)

/** A config document as the API hands it to the store: validated, defaults filled in. */
const documentOf = (input = orgConfig()) => OrgConfig.parse(input)

async function rows(orgId: string) {
  const all = async (sql: string) => (await env.DB.prepare(sql).bind(orgId).all()).results
  return {
    org: await all(`SELECT name, created_at, updated_at FROM orgs WHERE id = ?1`),
    staff: await all(`SELECT id, handle, role, active, created_at, updated_at FROM staff WHERE org_id = ?1 ORDER BY handle`),
    sites: await all(`SELECT id, name, active, settings, created_at, updated_at FROM sites WHERE org_id = ?1 ORDER BY id`),
    origins: await all(`SELECT o.site_id, o.origin FROM site_origins o JOIN sites s ON s.id = o.site_id WHERE s.org_id = ?1 ORDER BY 1, 2`),
    rules: await all(`SELECT r.site_id, r.position, r.rule FROM routing_rules r JOIN sites s ON s.id = r.site_id WHERE s.org_id = ?1 ORDER BY 1, 2`),
  }
}

describe('config store', () => {
  it('applyOrgConfig: writes the org, its staff, sites, origins and rules, and says what is in force', async () => {
    const doc = documentOf()
    doc.sites[0]!.origins = [ORIGIN, 'https://preview.example.org', ORIGIN]
    doc.sites[0]!.rules = [{ when: { path: '/press/*' }, assign: { staff: 'ben' } }, { when: { always: true }, assign: { staff: 'chloe' } }]
    const applied = await applyOrgConfig(env.DB, doc, NOW)
    expect(applied).toEqual({
      org: doc.org,
      sites: [{ id: doc.sites[0]!.id, active: true }],
      staff: { active: ['amira', 'ben', 'chloe'], deactivated: [] },
    })
    const stored = await rows(doc.org.id)
    expect(stored.org).toEqual([{ name: 'Example Agency', created_at: NOW, updated_at: NOW }])
    expect(stored.staff.map((s) => s.handle)).toEqual(['amira', 'ben', 'chloe'])
    // An origin listed twice is one origin.
    expect(stored.origins.map((o) => o.origin)).toEqual(['https://preview.example.org', ORIGIN])
    expect(stored.rules.map((r) => [r.position, JSON.parse(r.rule as string)])).toEqual([
      [0, doc.sites[0]!.rules[0]],
      [1, doc.sites[0]!.rules[1]],
    ])
    expect(JSON.parse(stored.sites[0]!.settings as string)).toEqual(doc.sites[0]!.settings)
  })

  it('applyOrgConfig: the same document again leaves every row as it was, update times included', async () => {
    const doc = documentOf()
    await applyOrgConfig(env.DB, doc, NOW)
    const before = await rows(doc.org.id)
    await applyOrgConfig(env.DB, documentOf(orgConfig({ org: doc.org.id, site: doc.sites[0]!.id })), NOW + 60_000)
    expect(await rows(doc.org.id)).toEqual(before)
  })

  it('applyOrgConfig: a change touches only what changed', async () => {
    const doc = documentOf()
    await applyOrgConfig(env.DB, doc, NOW)
    doc.staff[1]!.role = 'Head of policy'
    await applyOrgConfig(env.DB, doc, NOW + 1)
    const staff = (await rows(doc.org.id)).staff
    expect(staff.map((s) => [s.handle, s.role, s.updated_at])).toEqual([
      ['amira', 'Press officer', NOW],
      ['ben', 'Head of policy', NOW + 1],
      ['chloe', 'Engineer', NOW],
    ])
  })

  it('applyOrgConfig: people and sites left out are deactivated, never deleted, and come back as themselves', async () => {
    const doc = documentOf()
    const second = { ...doc.sites[0]!, id: uniqueId('site'), name: 'Second site' }
    doc.sites.push(second)
    await applyOrgConfig(env.DB, doc, NOW)
    const ids = Object.fromEntries((await rows(doc.org.id)).staff.map((s) => [s.handle, s.id]))

    const smaller = documentOf(orgConfig({ org: doc.org.id, site: doc.sites[0]!.id }))
    smaller.staff = smaller.staff.filter((s) => s.handle !== 'chloe')
    expect(await applyOrgConfig(env.DB, smaller, NOW + 1)).toEqual({
      org: doc.org,
      sites: [doc.sites[0]!.id, second.id].sort().map((id) => ({ id, active: id !== second.id })),
      staff: { active: ['amira', 'ben'], deactivated: ['chloe'] },
    })

    await applyOrgConfig(env.DB, doc, NOW + 2)
    const back = await rows(doc.org.id)
    expect(back.staff.map((s) => [s.handle, s.id, s.active])).toEqual([
      ['amira', ids.amira, 1],
      ['ben', ids.ben, 1],
      ['chloe', ids.chloe, 1],
    ])
    expect(back.sites.map((s) => s.active)).toEqual([1, 1])
  })

  it('applyOrgConfig: origins and rules are replaced, not added to', async () => {
    const doc = documentOf()
    doc.sites[0]!.rules = [{ when: { topic: 'budget' }, assign: { staff: 'ben' } }]
    await applyOrgConfig(env.DB, doc, NOW)
    doc.sites[0]!.origins = ['https://new.example.org']
    doc.sites[0]!.rules = []
    await applyOrgConfig(env.DB, doc, NOW + 1)
    const stored = await rows(doc.org.id)
    expect(stored.origins.map((o) => o.origin)).toEqual(['https://new.example.org'])
    expect(stored.rules).toEqual([])
  })

  it('applyOrgConfig: statements joined to the batch commit with it, or nothing is written', async () => {
    const doc = documentOf()
    const failing = env.DB.prepare(`INSERT INTO orgs (id, name, created_at, updated_at) VALUES (?1, NULL, 0, 0)`).bind(uniqueId('org'))
    await expect(applyOrgConfig(env.DB, doc, NOW, [failing])).rejects.toThrow()
    expect(await rows(doc.org.id)).toEqual({ org: [], staff: [], sites: [], origins: [], rules: [] })
  })

  it('sitesOwnedElsewhere: the ids another organisation holds; not its own, not unknown ones', async () => {
    const mine = documentOf()
    const theirs = documentOf()
    await applyOrgConfig(env.DB, mine, NOW)
    await applyOrgConfig(env.DB, theirs, NOW)
    const theirSite = theirs.sites[0]!.id
    expect(await sitesOwnedElsewhere(env.DB, mine.org.id, [mine.sites[0]!.id, theirSite, uniqueId('site')])).toEqual([theirSite])
    expect(await sitesOwnedElsewhere(env.DB, mine.org.id, [])).toEqual([])
  })
})
