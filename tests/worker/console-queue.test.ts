import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { ConsoleQueue } from '../../schema'
import { runCron } from '../../worker/src/cron'
import worker from '../../worker/src/index'
import type { Env } from '../../worker/src/env'
import { comment, orgConfig, ORIGIN, pageUrl, postComment, posted } from './helpers'
import { codeOf, givenOrg, signedIn, withSession, WORKER } from './console-helpers'
import { recordingD1, type RecordedStatement } from './store/recording-d1'

/*
 * The console's queue: one across the organisation's sites, in four states, filtered by site and person, paged
 * newest first, each item with its page, site, assignee, waiting time and a plain-text preview of its first comment.
 */

const HOUR = 3_600_000

/** Makes a conversation have waited since `ago` ms (the clock of a test cannot wait hours). */
const waitedSince = (conversationId: string, ago: number) =>
  env.DB.prepare(`UPDATE conversations SET awaiting_since = ?2 WHERE id = ?1`).bind(conversationId, Date.now() - ago).run()

/**
 * Site A (24 h target): a1 fresh, a2 waiting 30 h and escalated by the cron. Site B (2 h target, first-time
 * moderation): b1 approved then waiting 3 h (overdue, not escalated), b2 held.
 */
async function givenQueue() {
  const doc = orgConfig()
  const siteB = `${doc.sites[0]!.id}-b`
  doc.sites.push({ id: siteB, name: 'Site B', origins: [ORIGIN], settings: { defaultResponder: 'chloe', replyTargetHours: 2, moderation: 'first_time' } })
  const org = await givenOrg(doc)
  const cookie = await signedIn(org.org, org.email)
  const a2 = await posted(org.site, { url: pageUrl('/a2'), body: 'Old question' })
  await waitedSince(a2.conversationId, 30 * HOUR)
  await runCron(env, Date.now())
  const b1 = await posted(siteB, { url: pageUrl('/b1'), email: 'x@visitor.test', body: 'First on B' })
  expect((await withSession(`/v1/admin/comments/${b1.id}/moderation`, cookie, { method: 'POST', body: { action: 'approve' } })).status).toBe(200)
  await waitedSince(b1.conversationId, 3 * HOUR)
  const b2 = await posted(siteB, { url: pageUrl('/b2'), email: 'y@visitor.test', body: 'Held on B' })
  const a1 = await posted(org.site, { url: pageUrl('/a1'), body: 'A <b>bold</b>\n\n  question   with   space' })
  return { ...org, siteB, cookie, a1, a2, b1, b2 }
}

const queue = async (cookie: string, query: string) => {
  const res = await withSession(`/v1/console/queue?${query}`, cookie)
  expect(res.status).toBe(200)
  return (await res.json()) as ConsoleQueue
}
const ids = (q: ConsoleQueue) => q.items.map((i) => i.conversationId)

describe('GET /v1/console/queue', () => {
  it('lists each state across the sites, newest first', async () => {
    const g = await givenQueue()
    expect(ids(await queue(g.cookie, ''))).toEqual([g.a1.conversationId, g.b1.conversationId, g.a2.conversationId])
    expect(ids(await queue(g.cookie, 'state=overdue'))).toEqual([g.b1.conversationId, g.a2.conversationId])
    expect(ids(await queue(g.cookie, 'state=flagged'))).toEqual([g.a2.conversationId])
    const held = await queue(g.cookie, 'state=held')
    expect(ids(held)).toEqual([g.b2.conversationId])
    expect(held.items[0]!.held).toEqual({ commentId: g.b2.id, reason: 'moderation' })
    expect(held.items[0]!.preview).toMatchObject({ commentId: g.b2.id, author: 'Jo Visitor', text: 'Held on B', visitorEmail: 'y@visitor.test' })
  })

  it('says for each item its site, page, assignee, waiting time, and its first comment as plain text', async () => {
    const g = await givenQueue()
    const items = (await queue(g.cookie, '')).items
    expect(items[0]).toMatchObject({
      site: { id: g.site, name: 'Example Agency website' },
      page: { url: pageUrl('/a1') },
      assignee: { handle: 'amira', name: 'Amira Haddad' },
      overdue: false,
      escalated: false,
      held: null,
      preview: { commentId: g.a1.id, author: 'Jo Visitor', text: 'A <b>bold</b> question with space' },
    })
    expect(items[1]).toMatchObject({ site: { id: g.siteB, name: 'Site B' }, assignee: { handle: 'chloe' }, overdue: true, escalated: false })
    expect(items[1]!.waitingSeconds).toBeGreaterThanOrEqual(3 * 3600)
    expect(items[2]).toMatchObject({ overdue: true, escalated: true })
  })

  it("gives the admin what a ban needs, the author's address as typed and the IP hash, in every state", async () => {
    const doc = orgConfig()
    doc.sites[0]!.settings.moderation = 'first_time'
    const { site, org, email } = await givenOrg(doc)
    const cookie = await signedIn(org, email)
    const post = async (from: string, ip: string) => {
      const res = await postComment(site, comment({ email: from, body: `From ${from}` }), { 'cf-connecting-ip': ip })
      expect(res.status).toBe(201)
      return ((await res.json()) as { comment: { id: string } }).comment.id
    }
    const heldId = await post('Pat.Troll@Visitor.TEST', '203.0.113.70')
    const [held] = (await queue(cookie, 'state=held')).items
    expect(held!.preview).toMatchObject({ commentId: heldId, visitorEmail: 'Pat.Troll@Visitor.TEST' })
    const { ip_hash } = (await env.DB.prepare(`SELECT ip_hash FROM comments WHERE id = ?1`).bind(heldId).first<{ ip_hash: string }>())!
    expect(held!.preview!.ipHash).toBe(ip_hash)
    expect(ip_hash).toMatch(/^[0-9a-f]{64}$/)

    expect((await withSession(`/v1/admin/comments/${heldId}/moderation`, cookie, { method: 'POST', body: { action: 'approve' } })).status).toBe(200)
    const [awaiting] = (await queue(cookie, '')).items
    expect(awaiting!.preview).toEqual({ commentId: heldId, author: 'Jo Visitor', text: 'From Pat.Troll@Visitor.TEST', visitorEmail: 'Pat.Troll@Visitor.TEST', ipHash: ip_hash })

    // Either one, passed back as it came, bans: the address in whatever case, the IP whatever address comes next.
    const byEmail = await withSession(`/v1/admin/sites/${site}/bans`, cookie, { method: 'POST', body: { email: awaiting!.preview!.visitorEmail } })
    expect(byEmail.status).toBe(201)
    const refused = await postComment(site, comment({ email: 'pat.troll@visitor.test' }), { 'cf-connecting-ip': '198.51.100.1' })
    expect([refused.status, await codeOf(refused)]).toEqual([403, 'banned'])
    const byIp = await withSession(`/v1/admin/sites/${site}/bans`, cookie, { method: 'POST', body: { ipHash: awaiting!.preview!.ipHash } })
    expect(byIp.status).toBe(201)
    const sameIp = await postComment(site, comment({ email: 'someone.else@visitor.test' }), { 'cf-connecting-ip': '203.0.113.70' })
    expect([sameIp.status, await codeOf(sameIp)]).toEqual([403, 'banned'])
  })

  it('cuts a long first comment to 200 characters', async () => {
    const { site, org, email } = await givenOrg()
    const cookie = await signedIn(org, email)
    await posted(site, { body: 'word '.repeat(100) })
    const text = (await queue(cookie, '')).items[0]!.preview!.text
    expect(text.length).toBeLessThanOrEqual(200)
    expect(text.endsWith('word…')).toBe(true)
  })

  it('filters by site and by person, and pages with `next`', async () => {
    const g = await givenQueue()
    expect(ids(await queue(g.cookie, `site=${g.siteB}`))).toEqual([g.b1.conversationId])
    expect(ids(await queue(g.cookie, `site=${g.siteB}&state=held`))).toEqual([g.b2.conversationId])
    expect(ids(await queue(g.cookie, 'staff=chloe'))).toEqual([g.b1.conversationId])
    expect(ids(await queue(g.cookie, 'staff=ben'))).toEqual([])
    const seen: string[] = []
    let next: string | null = ''
    while (next !== null) {
      const page: ConsoleQueue = await queue(g.cookie, `limit=1${next ? `&before=${encodeURIComponent(next)}` : ''}`)
      seen.push(...ids(page))
      next = page.next
    }
    expect(seen).toEqual([g.a1.conversationId, g.b1.conversationId, g.a2.conversationId])
  })

  it('refuses bad input with 400, never a 5xx', async () => {
    const { org, email } = await givenOrg()
    const cookie = await signedIn(org, email)
    for (const query of ['state=bogus', 'limit=0', 'limit=101', 'before=yesterday', 'site=Not%20A%20Site', 'staff=%00']) {
      const res = await withSession(`/v1/console/queue?${query}`, cookie)
      expect([query, res.status, await codeOf(res)]).toEqual([query, 400, 'invalid_request'])
    }
  })

  it("shows another organisation's session none of it, and refuses its site and staff filters", async () => {
    const g = await givenQueue()
    const b = await givenOrg()
    await postComment(b.site, comment({ body: 'B own' }))
    const bCookie = await signedIn(b.org, b.email)
    for (const state of ['awaiting', 'overdue', 'held', 'flagged']) {
      const mine = ids(await queue(bCookie, `state=${state}`))
      expect(mine.filter((id) => [g.a1, g.a2, g.b1, g.b2].some((c) => c.conversationId === id))).toEqual([])
    }
    const site = await withSession(`/v1/console/queue?site=${g.site}`, bCookie)
    expect([site.status, await codeOf(site)]).toEqual([404, 'site_not_found'])
    const staff = await withSession(`/v1/console/queue?staff=nobody-here`, bCookie)
    expect([staff.status, await codeOf(staff)]).toEqual([404, 'staff_not_found'])
    expect((await withSession('/v1/console/queue', 'byline_console=nope')).status).toBe(401)
  })
})

async function plan(s: RecordedStatement): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).bind(...s.binds).all<{ detail: string }>()
  return results.map((r) => r.detail)
}
const scanned = (detail: string) => (/ VIRTUAL TABLE /.test(detail) ? undefined : /^SCAN (?!\(subquery|CONSTANT ROW)(\w+)/.exec(detail)?.[1])

describe('query plans of the queue', () => {
  it('reads every state, filtered or not, through indexes', async () => {
    const g = await givenQueue()
    const recording = recordingD1(env.DB)
    const ctx = createExecutionContext()
    const recordingEnv: Env = { ...env, DB: recording.db }
    for (const state of ['awaiting', 'overdue', 'held', 'flagged'])
      for (const filter of ['', `&site=${g.siteB}`, '&staff=chloe', `&before=${Date.now()}:x`]) {
        const res = await worker.fetch(new Request(`${WORKER}/v1/console/queue?state=${state}${filter}`, { headers: { cookie: g.cookie } }), recordingEnv, ctx)
        expect(res.status).toBe(200)
      }
    await waitOnExecutionContext(ctx)
    const mine = recording.statements.filter((s) => /\bFROM (staff st|sites s)\b/.test(s.sql))
    // A scan of a CTE (the page of rows it already picked) is no table scan.
    const { results } = await env.DB.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all<{ name: string }>()
    const tableNames = new Set(results.map((r) => r.name))
    const scans = []
    for (const s of mine) {
      const tables = (await plan(s)).flatMap((d) => scanned(d) ?? []).filter((t) => tableNames.has(t))
      if (tables.length) scans.push({ sql: s.sql.replace(/\s+/g, ' ').trim(), tables })
    }
    expect(scans).toEqual([])
    // And each starts from the organisation's own rows (its staff, its sites), not from every awaiting conversation.
    const queueReads = mine.filter((s) => /\bCROSS JOIN\b/.test(s.sql))
    expect(queueReads).toHaveLength(16)
    const starts = new Set<string>()
    for (const s of queueReads) starts.add((await plan(s)).find((d) => d.startsWith('SEARCH'))!.replace(/sqlite_autoindex_(\w+)_\d+/, '$1 key'))
    expect([...starts].sort()).toEqual([
      'SEARCH s USING INDEX sites_by_org (org_id=?)',
      'SEARCH st USING INDEX staff key (org_id=?)',
    ])
  })
})
