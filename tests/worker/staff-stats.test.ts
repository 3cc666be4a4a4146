import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { PostedComment, Responders, ResponderStats, Thread } from '../../schema'
import { runCron } from '../../worker/src/cron'
import { closeConversation } from '../../worker/src/domain/conversation'
import { refreshStatsOf } from '../../worker/src/domain/stats'
import type { Env } from '../../worker/src/env'
import worker from '../../worker/src/index'
import { listStaff, listStaffStatement } from '../../worker/src/store/staff'
import { rollUpStaffStatsStatement } from '../../worker/src/store/stats'
import { comment, deleteOwn, getThread, givenSite, handOver, ORIGIN, moderate, orgConfig, orgTokenOf, pageUrl, postComment, staffReply } from './helpers'
import { historyRewritten, recordsRolledUp } from './stats-helpers'
import { recordingD1 } from './store/recording-d1'

const HOUR = 3_600_000
const DAY = 24 * HOUR

/*
 * Each person's figures live in their `staff_stats` row, so reads never count conversations. Open counts are kept by
 * triggers in the transaction of every change; these tests change conversations every way the product does (and one
 * way it does not, a raw DELETE) and compare the kept count with a count of the conversations themselves.
 */

/** A question on a page of its own, or (`in`) another comment in a conversation. */
async function ask(site: string, into?: { url: string; conversationId: string }) {
  const url = into?.url ?? pageUrl(`/stats/${crypto.randomUUID()}`)
  const res = await postComment(site, comment({ url, body: 'A question', conversationId: into?.conversationId }))
  expect(res.status).toBe(201)
  const posted = (await res.json()) as PostedComment
  return { ...posted, url, conversationId: posted.comment.conversationId }
}

/** Open counts by handle: as the store reads them, and as counting the conversations gives them. */
async function openCounts(orgId: string) {
  const kept = Object.fromEntries((await listStaff(env.DB, orgId)).map((s) => [s.handle, s.openCount]))
  const { results } = await env.DB.prepare(
    `SELECT s.handle, (SELECT count(*) FROM conversations v WHERE v.assigned_staff_id = s.id AND v.status = 'awaiting') AS n
       FROM staff s WHERE s.org_id = ?1`,
  )
    .bind(orgId)
    .all<{ handle: string; n: number }>()
  return { kept, counted: Object.fromEntries(results.map((r) => [r.handle, r.n])) }
}

async function expectOpen(orgId: string, expected: Record<string, number>) {
  const { kept, counted } = await openCounts(orgId)
  expect(kept).toEqual(counted)
  expect(kept).toEqual(expected)
}

describe('open counts, kept in the transaction of each change', () => {
  it('follow every post, reply, hand-over, close and deletion', async () => {
    const doc = orgConfig()
    const moderated = { ...doc.sites[0]!, id: `${doc.sites[0]!.id}-m`, settings: { ...doc.sites[0]!.settings, moderation: 'all' as const } }
    doc.sites.push(moderated)
    const site = await givenSite(doc)
    const org = doc.org.id
    await expectOpen(org, { amira: 0, ben: 0, chloe: 0 })

    const a = await ask(site)
    const b = await ask(site)
    const c = await ask(site)
    await expectOpen(org, { amira: 3, ben: 0, chloe: 0 })

    // A second comment in a waiting conversation opens nothing new.
    const followUp = await ask(site, a)
    await expectOpen(org, { amira: 3, ben: 0, chloe: 0 })

    expect((await staffReply(a.comment.conversationId, { staff: 'amira', body: 'Answered.' })).status).toBe(201)
    await expectOpen(org, { amira: 2, ben: 0, chloe: 0 })

    // The visitor speaks again after the answer: the conversation waits again.
    const again = await ask(site, a)
    await expectOpen(org, { amira: 3, ben: 0, chloe: 0 })

    expect((await handOver(b.comment.conversationId, { to: 'ben', note: 'Yours' })).status).toBe(200)
    await expectOpen(org, { amira: 2, ben: 1, chloe: 0 })
    expect((await handOver(b.comment.conversationId, { to: 'chloe', note: 'Over to you' })).status).toBe(200)
    await expectOpen(org, { amira: 2, ben: 0, chloe: 1 })

    await closeConversation({ env, now: Date.now(), committed: () => {} }, b.comment.conversationId)
    await expectOpen(org, { amira: 2, ben: 0, chloe: 0 })

    // Its author removes the only visitor comment: nothing is left to answer, the conversation closes.
    await deleteOwn(c)
    await expectOpen(org, { amira: 1, ben: 0, chloe: 0 })

    // A moderator removes a's visitor comments one by one: it waits while one is left, and closes with the last.
    await moderate(site, a.comment.id, 'delete')
    await moderate(site, followUp.comment.id, 'hide')
    await expectOpen(org, { amira: 1, ben: 0, chloe: 0 })
    await moderate(site, again.comment.id, 'delete')
    await expectOpen(org, { amira: 0, ben: 0, chloe: 0 })

    // Held for a moderator, it is assigned and waiting (as before these figures were kept); approved, still one.
    const held = await ask(moderated.id)
    await expectOpen(org, { amira: 1, ben: 0, chloe: 0 })
    await moderate(moderated.id, held.comment.id, 'approve')
    await expectOpen(org, { amira: 1, ben: 0, chloe: 0 })

    // Rows written by other means (an import, a seed) are counted too, and no code path deletes a conversation;
    // should one ever, the count follows it.
    const raw = crypto.randomUUID()
    await env.DB.prepare(
      `INSERT INTO conversations (id, site_id, page_id, visitor_id, assigned_staff_id, status, created_at, updated_at)
       SELECT ?1, site_id, page_id, visitor_id, assigned_staff_id, 'awaiting', 0, 0 FROM conversations WHERE id = ?2`,
    )
      .bind(raw, held.conversationId)
      .run()
    await expectOpen(org, { amira: 2, ben: 0, chloe: 0 })
    await env.DB.prepare(`DELETE FROM conversations WHERE id = ?1`).bind(raw).run()
    await expectOpen(org, { amira: 1, ben: 0, chloe: 0 })
    await closeConversation({ env, now: Date.now(), committed: () => {} }, held.conversationId)
    await expectOpen(org, { amira: 0, ben: 0, chloe: 0 })
  })

  it('a change that fails leaves the count as it was: the trigger is part of the transaction', async () => {
    const doc = orgConfig()
    const site = await givenSite(doc)
    const a = await ask(site)
    await expectOpen(doc.org.id, { amira: 1, ben: 0, chloe: 0 })
    const broken = env.DB.prepare(`INSERT INTO events (id, kind, payload, created_at) VALUES (?1, NULL, '{}', 0)`).bind(crypto.randomUUID())
    await expect(
      env.DB.batch([env.DB.prepare(`UPDATE conversations SET status = 'closed' WHERE id = ?1`).bind(a.comment.conversationId), broken]),
    ).rejects.toThrow(/NOT NULL/)
    await expectOpen(doc.org.id, { amira: 1, ben: 0, chloe: 0 })
  })

  it('the staff statement reads the kept rows and never the conversations', async () => {
    const doc = orgConfig()
    await givenSite(doc)
    const recording = recordingD1(env.DB)
    listStaffStatement(recording.db, doc.org.id)
    const [statement] = recording.statements
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${statement!.sql}`).bind(...statement!.binds).all<{ detail: string }>()
    const plan = results.map((r) => r.detail)
    expect(plan).toEqual([
      expect.stringMatching(/^SEARCH s USING INDEX \S+ \(org_id=\?\)/),
      expect.stringMatching(/^SEARCH t USING INDEX sqlite_autoindex_staff_stats_1 \(staff_id=\?\)/),
    ])
  })
})

/** amira answers each of `waits` (hours) on conversations asked a day ago; null leaves one unanswered. */
async function history(site: string, waits: (number | null)[]) {
  for (const wait of waits) {
    const c = await ask(site)
    const asked = Date.now() - DAY
    if (wait !== null) expect((await staffReply(c.conversationId, { staff: 'amira', body: 'Answered.' })).status).toBe(201)
    await env.DB.prepare(`UPDATE conversations SET created_at = ?2, first_reply_at = CASE WHEN first_reply_at IS NULL THEN NULL ELSE ?3 END WHERE id = ?1`)
      .bind(c.conversationId, asked, asked + (wait ?? 0) * HOUR)
      .run()
  }
  await historyRewritten({ site })
}

const recordOf = async (orgId: string, handle: string) => (await listStaff(env.DB, orgId)).find((s) => s.handle === handle)!.stats

async function listed(site: string): Promise<Record<string, ResponderStats>> {
  const res = await SELF.fetch(`https://byline.test/v1/sites/${site}/responders`, { headers: { origin: ORIGIN } })
  return Object.fromEntries(((await res.json()) as Responders).responders.map((r) => [r.handle, r.stats]))
}

describe("the responders' record, rolled up after each change and by the cron", () => {
  it('follows posts, answers, hand-overs and moderation as soon as their reactions have run', async () => {
    const doc = orgConfig()
    const site = await givenSite(doc)
    const asked = []
    for (let i = 0; i < 6; i++) asked.push(await ask(site))
    for (const c of asked.slice(0, 5)) expect((await staffReply(c.conversationId, { staff: 'amira', body: 'Answered.' })).status).toBe(201)
    await recordsRolledUp()
    const timed = { medianFirstReplySeconds: expect.any(Number), p90FirstReplySeconds: expect.any(Number) }
    expect((await listed(site)).amira).toEqual({ windowDays: 90, conversations: 6, answeredRate: 5 / 6, ...timed })

    // The unanswered one goes to Ben: it counts for him now, not for her.
    expect((await handOver(asked[5]!.conversationId, { to: 'ben', note: 'Yours' })).status).toBe(200)
    await recordsRolledUp()
    let record = await listed(site)
    expect(record.amira).toEqual({ windowDays: 90, conversations: 5, answeredRate: 1, ...timed })
    // Ben answers no site by routing, so he is not listed; his record is kept all the same.
    expect(await recordOf(doc.org.id, 'ben')).toEqual({ windowDays: 90, conversations: 1, answeredRate: null, medianFirstReplySeconds: null, p90FirstReplySeconds: null })

    // Hidden as spam, a conversation asked nothing of her: too little history is left to judge by.
    await moderate(site, asked[0]!.comment.id, 'hide')
    await recordsRolledUp()
    record = await listed(site)
    expect(record.amira).toEqual({ windowDays: 90, conversations: 4, answeredRate: null, medianFirstReplySeconds: null, p90FirstReplySeconds: null })
    const thread = (await (await getThread(site, { url: pageUrl() })).json()) as Thread
    expect(thread.responder.stats).toEqual(record.amira)
  })

  it('gives the p90 first reply: the wait 90% of answers came within, interpolated between ranks', async () => {
    const doc = orgConfig()
    const site = await givenSite(doc)
    await history(site, [10, 1, 9, 2, 8, 3, 7, 4, 6, 5])
    expect(await recordOf(doc.org.id, 'amira')).toEqual({
      windowDays: 90,
      conversations: 10,
      answeredRate: 1,
      medianFirstReplySeconds: 5.5 * 3600,
      p90FirstReplySeconds: 9.1 * 3600,
    })
  })

  it('is caught up by the cron as the 90-day window slides past it, with nothing else happening', async () => {
    const doc = orgConfig()
    const site = await givenSite(doc)
    await history(site, [1, 2, 3, 4, 5])
    expect(await recordOf(doc.org.id, 'amira')).toMatchObject({ conversations: 5, answeredRate: 1, medianFirstReplySeconds: 3 * 3600 })

    // 91 days on, the conversations are out of the window. Each tick catches up the oldest records first.
    const later = Date.now() + 91 * DAY
    const refreshedAt = () =>
      env.DB.prepare(`SELECT t.refreshed_at AS at FROM staff_stats t JOIN staff s ON s.id = t.staff_id WHERE s.org_id = ?1 AND s.handle = 'amira'`)
        .bind(doc.org.id)
        .first<{ at: number }>()
    for (let tick = 0; tick < 20 && (await refreshedAt())!.at !== later; tick++) await runCron(env, later)
    expect((await refreshedAt())!.at).toBe(later)
    expect(await recordOf(doc.org.id, 'amira')).toEqual({
      windowDays: 90,
      conversations: 0,
      answeredRate: null,
      medianFirstReplySeconds: null,
      p90FirstReplySeconds: null,
    })
  })

  it("rolls a person up from their own conversations only, from indexes that cover what it reads", async () => {
    const recording = recordingD1(env.DB)
    rollUpStaffStatsStatement(recording.db, ['someone'], Date.now())
    const [statement] = recording.statements
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${statement!.sql}`).bind(...statement!.binds).all<{ detail: string }>()
    const plan = results.map((r) => r.detail)
    expect(plan).toContainEqual(expect.stringMatching(/^SEARCH v USING COVERING INDEX conversations_by_assignee_time \(assigned_staff_id=\? AND created_at>\?\)/))
    expect(plan).toContainEqual(expect.stringMatching(/^SEARCH v USING COVERING INDEX conversations_by_first_replier \(first_reply_by=\? AND created_at>\?\)/))
    expect(plan.filter((d) => /comments/.test(d))).toEqual([
      expect.stringMatching(/USING COVERING INDEX comments_by_conversation_author \(conversation_id=\? AND author_kind=\? AND status=\?\)/),
      expect.stringMatching(/USING COVERING INDEX comments_by_conversation_author \(conversation_id=\? AND author_kind=\? AND status=\?\)/),
    ])
    expect(plan.filter((d) => /^SCAN (?!json_each|\(subquery)/.test(d))).toEqual([])
  })

  it("a change's roll-up is skipped when an earlier one already took the change in, and runs once something changed", async () => {
    const doc = orgConfig()
    const site = await givenSite(doc)
    await history(site, [1, 2, 3, 4, 5])
    const c = await ask(site)
    await recordsRolledUp()
    const row = () =>
      env.DB.prepare(`SELECT t.refreshed_at AS at, t.conversations AS n FROM staff_stats t JOIN staff s ON s.id = t.staff_id WHERE s.org_id = ?1 AND s.handle = 'amira'`)
        .bind(doc.org.id)
        .first<{ at: number; n: number }>()
    const before = (await row())!
    expect(before.n).toBe(6)

    // Nothing changed since: a late reaction to the same post has nothing to do.
    await refreshStatsOf(env.DB, { commentIds: [c.comment.id] }, before.at + 60_000)
    expect(await row()).toEqual(before)

    // A moderator hides the question: its roll-up runs and takes it out.
    await moderate(site, c.comment.id, 'hide')
    await recordsRolledUp()
    expect((await row())!.n).toBe(5)
  })

  it('migration 0009 back-fills the same rows the roll-up keeps', async () => {
    const doc = orgConfig()
    const site = await givenSite(doc)
    await history(site, [1, 2, 3, 10, 30, null])
    await ask(site)
    await recordsRolledUp()
    const rows = () =>
      env.DB.prepare(
        `SELECT s.handle, t.open_count, t.conversations, t.answered, t.timed_replies, t.median_first_reply_ms, t.p90_first_reply_ms
           FROM staff s JOIN staff_stats t ON t.staff_id = s.id WHERE s.org_id = ?1 ORDER BY s.handle`,
      )
        .bind(doc.org.id)
        .all()
    const kept = (await rows()).results
    expect(kept[0]).toMatchObject({ handle: 'amira', open_count: 2, conversations: 7, answered: 5, timed_replies: 5 })

    // The migration's own statements, run again on this org's people as if their rows had never been.
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0009_'))!
    const backfill = migration.queries.filter((q) => /^\s*(INSERT INTO|UPDATE) staff_stats\b/.test(q))
    expect(backfill).toHaveLength(2)
    await env.DB.prepare(`DELETE FROM staff_stats WHERE staff_id IN (SELECT id FROM staff WHERE org_id = ?1)`).bind(doc.org.id).run()
    await env.DB.batch(backfill.map((q) => env.DB.prepare(q.replace(/^\s*INSERT INTO/, 'INSERT OR IGNORE INTO'))))
    expect((await rows()).results).toEqual(kept)
  })

  it('a thread read takes the record from the staff statement in its one batch, and reads conversations only of the page', async () => {
    const doc = orgConfig()
    const site = await givenSite(doc)
    await history(site, [1, 2, 3, 4, 5])
    const url = pageUrl('/stats/read')
    await postComment(site, comment({ url, body: 'On the page read' }))
    await recordsRolledUp()

    // Every D1 round trip the worker makes for the read, with each statement's SQL and binds.
    type Sent = { sql: string; binds: unknown[] }
    const calls: Sent[][] = []
    const sent = new WeakMap<D1PreparedStatement, Sent>()
    const track = (statement: D1PreparedStatement, s: Sent): D1PreparedStatement => {
      sent.set(statement, s)
      for (const method of ['first', 'all', 'run', 'raw'] as const) {
        const real = statement[method].bind(statement) as (...args: unknown[]) => unknown
        Object.assign(statement, { [method]: (...args: unknown[]) => (calls.push([s]), real(...args)) })
      }
      const bind = statement.bind.bind(statement)
      statement.bind = (...binds: unknown[]) => track(bind(...binds), { sql: s.sql, binds })
      return statement
    }
    const db = new Proxy(env.DB, {
      get(target, property) {
        if (property === 'prepare') return (sql: string) => track(target.prepare(sql), { sql, binds: [] })
        if (property === 'batch') return (statements: D1PreparedStatement[]) => (calls.push(statements.map((st) => sent.get(st)!)), target.batch(statements))
        const value: unknown = Reflect.get(target, property, target)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    const ctx = createExecutionContext()
    const request = new Request(`https://byline.test/v1/sites/${site}/thread?${new URLSearchParams({ url })}`, { headers: { origin: ORIGIN } })
    const res = await worker.fetch(request, { ...env, DB: db } satisfies Env, ctx)
    await waitOnExecutionContext(ctx)
    expect(res.status).toBe(200)
    expect(((await res.json()) as Thread).responder.stats).toMatchObject({ conversations: 6, medianFirstReplySeconds: 3 * 3600 })

    // The record rides in the batch that reads the page's comments: no round trip of its own.
    const withStats = calls.filter((call) => call.some((st) => st.sql.includes('staff_stats')))
    expect(withStats).toHaveLength(1)
    expect(withStats[0]!.some((st) => /FROM comments/.test(st.sql))).toBe(true)
    // Conversations are read only to show the page's own (through the page's index, or one by id), never by person.
    const onConversations: string[] = []
    for (const st of calls.flat()) {
      const alias = /\bconversations\s+(?:AS\s+)?(\w+)/i.exec(st.sql)?.[1]
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${st.sql}`).bind(...st.binds).all<{ detail: string }>()
      for (const { detail } of results) {
        const name = /^(?:SEARCH|SCAN) (\w+)/.exec(detail)?.[1]
        if (name === 'conversations' || (alias && name === alias)) onConversations.push(detail)
      }
    }
    expect(onConversations.length).toBeGreaterThan(0)
    for (const d of onConversations) expect(d).toMatch(/conversations_by_page|sqlite_autoindex_conversations_1/)
  })
})
