import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { ConsoleStats, RoutingInputs, Thread } from '../../schema'
import worker from '../../worker/src/index'
import type { Env } from '../../worker/src/env'
import { route } from '../../worker/src/routing/route'
import { pageOnSite } from '../../worker/src/security/site'
import type { SiteRow } from '../../worker/src/store/sites'
import { rollUpStaffStatsStatement } from '../../worker/src/store/stats'
import { awayNow, getThread, orgConfig, ORIGIN, pageUrl, posted, staffReply } from './helpers'
import { givenOrg, signedIn, withSession, WORKER } from './console-helpers'
import { recordingD1, type RecordedStatement } from './store/recording-d1'

/*
 * Response times in the console (per responder and per site, 90-day record, weekly medians, overdue list) and the
 * "who answers?" tester's inputs, which with the worker's own route() must give the thread's answer.
 */

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** A conversation on `path`, started `ago` ms before `now`, answered by `staff` after `wait` ms (or not at all). */
async function conversation(site: string, path: string, now: number, ago: number, answer?: { staff: string; wait: number }) {
  const c = await posted(site, { url: pageUrl(path) })
  if (answer) expect((await staffReply(c.conversationId, { staff: answer.staff, body: `Answer to ${path}` })).status).toBe(201)
  await env.DB.prepare(
    `UPDATE conversations SET created_at = ?2, first_reply_at = CASE WHEN first_reply_at IS NULL THEN NULL ELSE ?3 END,
            awaiting_since = CASE status WHEN 'awaiting' THEN ?2 END WHERE id = ?1`,
  )
    .bind(c.conversationId, now - ago, now - ago + (answer?.wait ?? 0))
    .run()
  return c.conversationId
}

/**
 * Site A: amira answered one conversation a week for six weeks, after 1 h the latest to 6 h the oldest; one more
 * waits, 30 h (overdue). Site B: chloe answered two this week, after 2 h and 4 h.
 */
async function givenHistory() {
  const doc = orgConfig()
  const siteB = `${doc.sites[0]!.id}-b`
  doc.sites.push({ id: siteB, name: 'Site B', origins: [ORIGIN], settings: { defaultResponder: 'chloe' } })
  const org = await givenOrg(doc)
  const now = Date.now()
  for (let week = 0; week < 6; week++) await conversation(org.site, `/a${week}`, now, week * 7 * DAY + DAY, { staff: 'amira', wait: (week + 1) * HOUR })
  const waiting = await conversation(org.site, '/a-waiting', now, 30 * HOUR)
  await conversation(siteB, '/b1', now, 2 * DAY, { staff: 'chloe', wait: 2 * HOUR })
  await conversation(siteB, '/b2', now, 3 * DAY, { staff: 'chloe', wait: 4 * HOUR })
  const { results } = await env.DB.prepare(`SELECT id FROM staff WHERE org_id = ?1`).bind(org.org).all<{ id: string }>()
  // The times were moved after the fact: roll the records up again, as the cron would.
  await rollUpStaffStatsStatement(env.DB, results.map((r) => r.id), Date.now()).run()
  return { ...org, siteB, waiting, cookie: await signedIn(org.org, org.email) }
}

const weeks = (latestFirst: (number | null)[]) => [...latestFirst, ...Array(12 - latestFirst.length).fill(null)].reverse()

describe('GET /v1/console/stats', () => {
  it('answers per responder and per site: open, answered rate, median and p90, weekly medians, and the overdue list', async () => {
    const g = await givenHistory()
    const res = await withSession('/v1/console/stats', g.cookie)
    expect(res.status).toBe(200)
    const stats = (await res.json()) as ConsoleStats
    expect(stats.weeks).toHaveLength(12)
    expect(Date.parse(stats.weeks[11]!) + 7 * DAY).toBe(Date.parse(stats.generatedAt))

    const amira = stats.responders.find((r) => r.handle === 'amira')!
    expect(amira).toMatchObject({ name: 'Amira Haddad', active: true, openConversations: 1 })
    expect(amira.record).toEqual({ windowDays: 90, conversations: 7, answeredRate: 6 / 7, medianFirstReplySeconds: 3.5 * 3600, p90FirstReplySeconds: 5.5 * 3600 })
    expect(amira.weekly).toEqual(weeks([1, 2, 3, 4, 5, 6].map((h) => h * 3600)))
    const chloe = stats.responders.find((r) => r.handle === 'chloe')!
    // Two conversations are too few for a public figure; the weekly chart shows them.
    expect(chloe.record).toMatchObject({ conversations: 2, answeredRate: null, medianFirstReplySeconds: null })
    expect(chloe.weekly).toEqual(weeks([3 * 3600]))
    expect(stats.responders.find((r) => r.handle === 'ben')!.weekly).toEqual(weeks([]))

    const [a, b] = [stats.sites.find((s) => s.id === g.site)!, stats.sites.find((s) => s.id === g.siteB)!]
    expect(a).toMatchObject({ name: 'Example Agency website', replyTargetHours: 24, openConversations: 1 })
    expect(a.record).toEqual(amira.record)
    expect(a.weekly).toEqual(amira.weekly)
    expect(b).toMatchObject({ openConversations: 0, record: { conversations: 2, answeredRate: null }, weekly: weeks([3 * 3600]) })

    expect(stats.overdue.map((o) => o.conversationId)).toEqual([g.waiting])
    expect(stats.overdue[0]).toMatchObject({ overdue: true, assignee: { handle: 'amira' } })
  })

  it("shows another organisation's session its own figures only", async () => {
    const g = await givenHistory()
    const b = await givenOrg()
    const stats = (await (await withSession('/v1/console/stats', await signedIn(b.org, b.email))).json()) as ConsoleStats
    expect(stats.sites.map((s) => s.id)).toEqual([b.site])
    expect(stats.responders.every((r) => r.openConversations === 0 && r.record.conversations === 0)).toBe(true)
    expect(stats.overdue).toEqual([])
    expect(JSON.stringify(stats)).not.toContain(g.site)
  })
})

async function plan(s: RecordedStatement): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).bind(...s.binds).all<{ detail: string }>()
  return results.map((r) => r.detail)
}
const scanned = (detail: string) => (/ VIRTUAL TABLE /.test(detail) ? undefined : /^SCAN (?!\(subquery|CONSTANT ROW)(\w+)/.exec(detail)?.[1])

describe('query plans of stats and routing inputs', () => {
  it('read through indexes, conversations only through the organisation’s staff', async () => {
    const g = await givenHistory()
    const recording = recordingD1(env.DB)
    const ctx = createExecutionContext()
    const recordingEnv: Env = { ...env, DB: recording.db }
    for (const path of ['/v1/console/stats', '/v1/console/routing-inputs']) {
      const res = await worker.fetch(new Request(`${WORKER}${path}`, { headers: { cookie: g.cookie } }), recordingEnv, ctx)
      expect(res.status).toBe(200)
    }
    await waitOnExecutionContext(ctx)
    // A scan of a CTE (the rows it already chose) is no table scan.
    const { results } = await env.DB.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all<{ name: string }>()
    const tableNames = new Set(results.map((r) => r.name))
    const scans = []
    for (const s of recording.statements) {
      const details = await plan(s)
      const tables = details.flatMap((d) => scanned(d) ?? []).filter((t) => tableNames.has(t))
      // Conversations are reached by assignee or first replier (or by id), never all awaiting ones of the deployment.
      const wide = details.filter((d) => /conversations_overdue|SEARCH v USING INDEX conversations_by_page/.test(d))
      if (tables.length || wide.length) scans.push({ sql: s.sql.replace(/\s+/g, ' ').trim(), tables, wide })
    }
    expect(scans).toEqual([])
  })
})

describe('GET /v1/console/routing-inputs', () => {
  it("gives the tester what route() needs: with it, route() answers as the thread does, for each page", async () => {
    const doc = orgConfig()
    doc.staff[0]!.away = awayNow('Europe/London')
    doc.staff[0]!.delegate = 'ben'
    doc.sites[0]!.rules = [
      { when: { responderAttribute: true } },
      { when: { path: '/policy/**' }, assign: { staff: 'chloe' } },
      { when: { topic: 'jobs' }, assign: { pool: ['ben', 'chloe'], strategy: 'round_robin' } },
      { when: { topic: 'care' }, assign: { pool: ['ben', 'chloe'], strategy: 'least_open' } },
    ]
    const { site, org, email } = await givenOrg(doc)
    // Turns and open counts move: one jobs conversation has been routed already.
    await posted(site, { url: pageUrl('/jobs/1'), topic: 'jobs' })
    const cookie = await signedIn(org, email)
    const res = await withSession('/v1/console/routing-inputs', cookie)
    expect(res.status).toBe(200)
    const inputs = (await res.json()) as RoutingInputs
    const mine = inputs.sites.find((s) => s.id === site)!
    expect(mine.rules).toEqual(doc.sites[0]!.rules)
    expect(mine.turns).toEqual({ 'ben,chloe': 1 })
    expect(inputs.staff.find((s) => s.handle === 'amira')).toMatchObject({ delegate: 'ben', away: doc.staff[0]!.away, active: true })

    const pages: ({ url: string } & Record<string, string>)[] = [
      { url: pageUrl('/news/budget') },
      { url: pageUrl('/policy/tax/') },
      { url: pageUrl('/jobs/2'), topic: 'jobs' },
      { url: pageUrl('/care'), topic: 'care' },
      { url: pageUrl('/named'), responder: 'chloe' },
    ]
    const answers = []
    for (const p of pages) {
      const thread = (await (await getThread(site, p)).json()) as Thread
      // As the console's tester would: the page as the worker reads it, the inputs, the moment asked about.
      const facts = pageOnSite({ origins: mine.origins, settings: { pageQuery: mine.pageQuery } } as unknown as SiteRow, p)
      const decision = route({ rules: mine.rules, fallback: mine.fallback, staff: inputs.staff, page: facts, now: Date.now(), turns: mine.turns })
      answers.push([p.url, decision.handle, thread.responder.handle])
    }
    expect(answers.map(([url, tester, thread]) => [url, tester === thread])).toEqual(pages.map((p) => [p.url, true]))
    // And they differ page by page: the tester is not answering one name for everything.
    expect(new Set(answers.map((a) => a[1])).size).toBeGreaterThan(1)
  })

  it("shows another organisation's session its own staff and sites only", async () => {
    const a = await givenOrg()
    const b = await givenOrg()
    const inputs = (await (await withSession('/v1/console/routing-inputs', await signedIn(b.org, b.email))).json()) as RoutingInputs
    expect(inputs.sites.map((s) => s.id)).toEqual([b.site])
    expect(JSON.stringify(inputs)).not.toContain(a.site)
    expect((await withSession('/v1/console/routing-inputs', 'byline_console=x')).status).toBe(401)
  })
})
