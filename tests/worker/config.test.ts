import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { AppliedConfig, PostedComment, Thread } from '../../schema'
import { comment, getThread, givenSite, orgConfig, pageUrl, postComment, putConfig, uniqueId } from './helpers'

const errorOf = async (res: Response) =>
  (await res.json()) as { error: { code: string; issues?: { path: (string | number)[]; message: string }[] } }

async function snapshot(orgId: string) {
  const tables = {
    orgs: `SELECT * FROM orgs WHERE id = ?1`,
    staff: `SELECT * FROM staff WHERE org_id = ?1 ORDER BY handle`,
    sites: `SELECT * FROM sites WHERE org_id = ?1 ORDER BY id`,
    origins: `SELECT o.* FROM site_origins o JOIN sites s ON s.id = o.site_id WHERE s.org_id = ?1 ORDER BY 1, 2`,
    rules: `SELECT r.* FROM routing_rules r JOIN sites s ON s.id = r.site_id WHERE s.org_id = ?1 ORDER BY 1, 2`,
  }
  const read = async (sql: string) => (await env.DB.prepare(sql).bind(orgId).all()).results
  return {
    orgs: await read(tables.orgs),
    staff: await read(tables.staff),
    sites: await read(tables.sites),
    origins: await read(tables.origins),
    rules: await read(tables.rules),
  }
}

describe('PUT /v1/admin/config', () => {
  it('applies a valid document and reports what is in force', async () => {
    const doc = orgConfig()
    doc.sites[0]!.rules = [{ when: { path: '/press/*' }, assign: { staff: 'ben' } }]
    const res = await putConfig(doc)
    expect(res.status).toBe(200)
    expect((await res.json()) as AppliedConfig).toEqual({
      org: doc.org,
      sites: [{ id: doc.sites[0]!.id, active: true }],
      staff: { active: ['amira', 'ben', 'chloe'], deactivated: [] },
    })
    const stored = await snapshot(doc.org.id)
    expect(stored.origins).toEqual([{ site_id: doc.sites[0]!.id, origin: 'https://www.example.org' }])
    expect(stored.rules.map((r) => JSON.parse((r as { rule: string }).rule))).toEqual(doc.sites[0]!.rules)
    expect(stored.staff.map((s) => (s as { digest: string }).digest)).toEqual([
      '{"frequency":"immediate"}',
      '{"frequency":"daily","hour":9}',
      '{"frequency":"daily","hour":9}',
    ])
  })

  it('is idempotent: the same document twice leaves every row as it was', async () => {
    const doc = orgConfig()
    await putConfig(doc)
    const first = await snapshot(doc.org.id)
    const res = await putConfig(doc)
    expect(res.status).toBe(200)
    expect(await snapshot(doc.org.id)).toEqual(first)
  })

  it('deactivates staff missing from the document, and their past replies keep their byline', async () => {
    const doc = orgConfig()
    const site = await givenSite(doc)
    const posted = (await (await postComment(site, comment())).json()) as PostedComment
    // A staff reply by amira, as the staff reply paths will write it.
    await env.DB.prepare(
      `INSERT INTO comments (id, site_id, page_id, conversation_id, author_kind, staff_id, author_name, body, body_doc, status, created_at)
       SELECT 'reply-' || ?1, c.site_id, c.page_id, c.conversation_id, 'staff', s.id, s.name, 'Thanks', ?2, 'published', c.created_at + 1
         FROM comments c JOIN staff s ON s.org_id = ?3 AND s.handle = 'amira' WHERE c.id = ?1`,
    )
      .bind(posted.comment.id, JSON.stringify({ type: 'doc', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'Thanks' }] }] }), doc.org.id)
      .run()

    const next = orgConfig({ org: doc.org.id, site })
    next.staff = next.staff.filter((s) => s.handle !== 'amira')
    next.sites[0]!.settings.defaultResponder = 'ben'
    const res = await putConfig(next)

    expect(res.status).toBe(200)
    expect(((await res.json()) as AppliedConfig).staff).toEqual({ active: ['ben', 'chloe'], deactivated: ['amira'] })
    const amira = await env.DB.prepare(`SELECT active FROM staff WHERE org_id = ?1 AND handle = 'amira'`).bind(doc.org.id).first()
    expect(amira).toEqual({ active: 0 })
    const thread = (await (await getThread(site, { url: pageUrl() })).json()) as Thread
    expect(thread.conversations[0]!.comments[1]!.author).toEqual({ kind: 'staff', handle: 'amira' })
    expect(thread.people.amira).toMatchObject({ name: 'Amira Haddad', role: 'Press officer' })
    expect(thread.responder.handle).toBe('ben')

    // Back in the document: active again, same row.
    const back = await putConfig(orgConfig({ org: doc.org.id, site }))
    expect(((await back.json()) as AppliedConfig).staff.deactivated).toEqual([])
  })

  it('deactivates a site missing from the document: its API answers 404', async () => {
    const doc = orgConfig()
    const site = await givenSite(doc)
    const other = uniqueId('site')
    const next = orgConfig({ org: doc.org.id, site: other })
    expect((await putConfig(next)).status).toBe(200)
    const res = await getThread(site, { url: pageUrl() })
    expect(res.status).toBe(404)
  })

  it('refuses an invalid document whole, with the zod issues, changing nothing', async () => {
    const doc = orgConfig()
    await putConfig(doc)
    const before = await snapshot(doc.org.id)
    const bad = orgConfig({ org: doc.org.id, site: doc.sites[0]!.id })
    bad.org.name = 'Renamed'
    bad.staff[1]!.email = 'not-an-email'
    bad.sites[0]!.origins = ['https://www.example.org/with/path']
    bad.sites[0]!.settings.defaultResponder = 'nobody'
    bad.sites[0]!.rules = [{ when: { topic: 'budget' }, assign: { pool: ['ben', 'ghost'], strategy: 'round_robin' } }]

    const res = await putConfig(bad)

    expect(res.status).toBe(400)
    const body = await errorOf(res)
    expect(body.error.code).toBe('invalid_request')
    expect(body.error.issues!.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['staff.1.email', 'sites.0.origins.0', 'sites.0.settings.defaultResponder', 'sites.0.rules.0.assign.pool.1']),
    )
    expect(await snapshot(doc.org.id)).toEqual(before)
  })

  it.each([
    ['a duplicated staff handle', (d: ReturnType<typeof orgConfig>) => d.staff.push({ ...d.staff[0]! })],
    ['a bad time zone', (d: ReturnType<typeof orgConfig>) => (d.staff[0]!.timeZone = 'Mars/Olympus')],
    ['a daily digest hour of 24', (d: ReturnType<typeof orgConfig>) => (d.staff[0]!.digest = { frequency: 'daily', hour: 24 })],
    ['a rule without assign', (d: ReturnType<typeof orgConfig>) => (d.sites[0]!.rules = [{ when: { topic: 'x' } }])],
    ['a path pattern without a slash', (d: ReturnType<typeof orgConfig>) => (d.sites[0]!.rules = [{ when: { path: 'press/*' }, assign: { staff: 'ben' } }])],
    ['no sites', (d: ReturnType<typeof orgConfig>) => (d.sites = [])],
  ])('refuses %s', async (_, spoil) => {
    const doc = orgConfig()
    spoil(doc)
    const res = await putConfig(doc)
    expect(res.status).toBe(400)
    expect((await errorOf(res)).error.code).toBe('invalid_request')
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM orgs WHERE id = ?1`).bind(doc.org.id).first()).toEqual({ n: 0 })
  })

  it('refuses to take over a site id another organisation owns', async () => {
    const mine = orgConfig()
    const site = await givenSite(mine)
    const theirs = orgConfig({ org: uniqueId('org'), site })
    const res = await putConfig(theirs)
    expect(res.status).toBe(409)
    expect((await errorOf(res)).error.code).toBe('site_owned_by_other_org')
    expect(await env.DB.prepare(`SELECT org_id FROM sites WHERE id = ?1`).bind(site).first()).toEqual({ org_id: mine.org.id })
  })

  it.each([
    ['no token', { authorization: '' }],
    ['a wrong token', { authorization: 'Bearer wrong' }],
    ['another scheme', { authorization: 'Basic dGVzdC1hZG1pbi10b2tlbg==' }],
  ])('answers 401 with %s and changes nothing', async (_, headers) => {
    const { SELF } = await import('cloudflare:test')
    const doc = orgConfig()
    const res = await SELF.fetch('https://byline.test/v1/admin/config', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(doc),
    })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect((await errorOf(res)).error.code).toBe('unauthorized')
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM orgs WHERE id = ?1`).bind(doc.org.id).first()).toEqual({ n: 0 })
  })

  it('answers 415 for a body that is not JSON and 413 for one over a megabyte', async () => {
    expect((await putConfig(null, { contentType: 'text/plain', body: '{}' })).status).toBe(415)
    const huge = await putConfig(null, { body: JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }) })
    expect(huge.status).toBe(413)
    expect((await errorOf(huge)).error.code).toBe('payload_too_large')
  })
})
