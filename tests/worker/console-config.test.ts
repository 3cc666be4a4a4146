import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { OrgConfig, type ConfigPreview } from '../../schema'
import { orgConfig } from './helpers'
import { codeOf, givenOrg, signedIn, withSession } from './console-helpers'

/*
 * The config round trip: the organisation as its config document (export), what a document would change (preview,
 * writing nothing), and the apply. Exported and applied unchanged, it changes nothing.
 */

/** A fuller organisation than the usual: away periods, a delegate, rules of every kind, two sites, an inactive member. */
function fullDoc() {
  const doc = orgConfig()
  doc.staff[0]!.away = [{ from: '2030-01-01', to: '2030-01-07' }]
  doc.staff[0]!.delegate = 'ben'
  doc.staff[1]!.digest = { frequency: 'daily', hour: 7 }
  doc.staff.push({ handle: 'dan', name: 'Dan Wu', role: 'Intern', email: 'dan@example.org' })
  doc.sites[0]!.origins.push('https://blog.example.org')
  doc.sites[0]!.settings = { defaultResponder: 'amira', moderation: 'first_time', replyTargetHours: 8, bannedWords: ['spam'] }
  doc.sites[0]!.rules = [
    { when: { responderAttribute: true } },
    { when: { path: '/policy/**' }, assign: { staff: 'ben' } },
    { when: { topic: 'jobs' }, assign: { pool: ['ben', 'chloe'], strategy: 'round_robin', lead: 'amira' } },
    { when: { always: true }, assign: { staff: 'amira' } },
  ]
  doc.sites.push({ id: `${doc.sites[0]!.id}-two`, name: 'Second site', origins: ['https://two.example.org'], settings: { defaultResponder: 'chloe' } })
  return doc
}

/** Everything an apply could write, to prove one wrote nothing. */
async function orgRows(org: string) {
  const all = (sql: string) => env.DB.prepare(sql).bind(org).all().then((r) => r.results)
  return {
    orgs: await all(`SELECT * FROM orgs WHERE id = ?1`),
    staff: await all(`SELECT * FROM staff WHERE org_id = ?1 ORDER BY handle`),
    sites: await all(`SELECT * FROM sites WHERE org_id = ?1 ORDER BY id`),
    origins: await all(`SELECT o.* FROM site_origins o JOIN sites s ON s.id = o.site_id WHERE s.org_id = ?1 ORDER BY o.site_id, o.origin`),
    rules: await all(`SELECT r.* FROM routing_rules r JOIN sites s ON s.id = r.site_id WHERE s.org_id = ?1 ORDER BY r.site_id, r.position`),
    admins: await all(`SELECT * FROM org_admins WHERE org_id = ?1 ORDER BY email`),
  }
}

const exported = async (cookie: string) => {
  const res = await withSession('/v1/console/config', cookie)
  expect(res.status).toBe(200)
  return (await res.json()) as OrgConfig
}
const preview = async (cookie: string, doc: unknown) => withSession('/v1/console/config/preview', cookie, { method: 'POST', body: doc })

const nothing: ConfigPreview = {
  changes: false,
  org: { fields: [] },
  admins: { listed: true, added: [], removed: [], renamed: [] },
  staff: { added: [], changed: [], deactivated: [] },
  sites: { added: [], changed: [], deactivated: [] },
  origins: [],
  rules: [],
}

describe('GET /v1/console/config', () => {
  it('answers the organisation as a valid config document, and applying it unchanged changes nothing', async () => {
    const doc = fullDoc()
    const { org, email } = await givenOrg(doc)
    const cookie = await signedIn(org, email)
    // Dan leaves: the export lists the active staff only.
    doc.staff.pop()
    expect((await withSession('/v1/console/config', cookie, { method: 'PUT', body: doc })).status).toBe(200)

    const exportedDoc = await exported(cookie)
    expect(OrgConfig.safeParse(exportedDoc).success).toBe(true)
    expect(exportedDoc.staff.map((s) => s.handle)).toEqual(['amira', 'ben', 'chloe'])
    expect(exportedDoc.admins).toEqual([{ email, name: 'Olu Owner' }])
    const first = exportedDoc.sites.find((s) => s.id === doc.sites[0]!.id)!
    expect(first.rules).toEqual(doc.sites[0]!.rules)
    expect(first.origins.sort()).toEqual([...doc.sites[0]!.origins].sort())
    expect(first.settings).toMatchObject({ moderation: 'first_time', replyTargetHours: 8, bannedWords: ['spam'], maxLinks: 3 })
    expect(exportedDoc.staff[0]).toMatchObject({ away: [{ from: '2030-01-01', to: '2030-01-07' }], delegate: 'ben', disclaimer: 'Views my own' })
    expect(exportedDoc.staff[2]).not.toHaveProperty('photoUrl')

    expect(await (await preview(cookie, exportedDoc)).json()).toEqual(nothing)
    const before = await orgRows(org)
    expect((await withSession('/v1/console/config', cookie, { method: 'PUT', body: exportedDoc })).status).toBe(200)
    expect(await orgRows(org)).toEqual(before)
    expect(await exported(cookie)).toEqual(exportedDoc)
  })

  it("answers the session's own organisation only", async () => {
    const a = await givenOrg()
    const b = await givenOrg()
    const theirs = await exported(await signedIn(b.org, b.email))
    expect(theirs.org.id).toBe(b.org)
    expect(theirs.sites.map((s) => s.id)).toEqual([b.site])
    expect(JSON.stringify(theirs)).not.toContain(a.site)
  })

  it('is refused without a session', async () => {
    const res = await withSession('/v1/console/config', 'byline_console=none')
    expect(res.status).toBe(401)
    expect(await codeOf(res)).toBe('not_signed_in')
  })
})

describe('POST /v1/console/config/preview', () => {
  it('answers what applying would change, and writes nothing', async () => {
    const doc = fullDoc()
    const { org, email, site } = await givenOrg(doc)
    const cookie = await signedIn(org, email)
    const next = await exported(cookie)
    next.org.name = 'New Name'
    next.admins!.push({ email: 'second@example.org' })
    next.staff = next.staff.filter((s) => s.handle !== 'dan')
    next.staff.find((s) => s.handle === 'ben')!.role = 'Head of policy'
    next.staff.push({ handle: 'eve', name: 'Eve', role: 'Editor', email: 'eve@example.org', bio: '', timeZone: 'UTC', digest: { frequency: 'hourly' }, away: [] })
    const first = next.sites.find((s) => s.id === site)!
    first.settings.replyTargetHours = 4
    first.origins = ['https://www.example.org', 'https://news.example.org']
    first.rules = [...first.rules].reverse()
    next.sites = next.sites.filter((s) => s.id === site)

    const before = await orgRows(org)
    const res = await preview(cookie, next)
    expect(res.status).toBe(200)
    const diff = (await res.json()) as ConfigPreview
    expect(diff).toEqual({
      changes: true,
      org: { fields: [{ field: 'name', from: 'Example Agency', to: 'New Name' }] },
      admins: { listed: true, added: ['second@example.org'], removed: [], renamed: [] },
      staff: {
        added: ['eve'],
        changed: [{ handle: 'ben', fields: [{ field: 'role', from: 'Policy lead', to: 'Head of policy' }] }],
        deactivated: ['dan'],
      },
      sites: {
        added: [],
        changed: [{ id: site, fields: [{ field: 'settings.replyTargetHours', from: 8, to: 4 }] }],
        deactivated: [`${site}-two`],
      },
      origins: [{ site, added: ['https://news.example.org'], removed: ['https://blog.example.org'] }],
      rules: [{ site, before: doc.sites[0]!.rules, after: [...doc.sites[0]!.rules!].reverse() }],
    })
    expect(await orgRows(org)).toEqual(before)
  })

  it('validates exactly as the apply does: the schema (400 with issues), another org (404), a site of another org (409)', async () => {
    const a = await givenOrg()
    const b = await givenOrg()
    const cookie = await signedIn(b.org, b.email)
    const broken = { ...b.doc, staff: [{ handle: 'Not A Slug' }] }
    const [viaPreview, viaApply] = [await preview(cookie, broken), await withSession('/v1/console/config', cookie, { method: 'PUT', body: broken })]
    expect([viaPreview.status, viaApply.status]).toEqual([400, 400])
    expect(((await viaPreview.json()) as { error: { issues: unknown[] } }).error.issues).toEqual(
      ((await viaApply.json()) as { error: { issues: unknown[] } }).error.issues,
    )
    const other = await preview(cookie, a.doc)
    expect([other.status, await codeOf(other)]).toEqual([404, 'org_not_found'])
    const stealing = { ...b.doc, sites: [...b.doc.sites, { ...a.doc.sites[0]! }] }
    const stolen = await preview(cookie, stealing)
    expect([stolen.status, await codeOf(stolen)]).toEqual([409, 'site_owned_by_other_org'])
    const noCsrf = await withSession('/v1/console/config/preview', cookie, { method: 'POST', body: b.doc, headers: { 'x-byline-console': '' } })
    expect([noCsrf.status, await codeOf(noCsrf)]).toEqual([403, 'csrf_refused'])
  })
})
