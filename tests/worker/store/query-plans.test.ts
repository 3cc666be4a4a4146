import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { SiteSettings } from '../../../schema'
import worker from '../../../worker/src/index'
import type { Env } from '../../../worker/src/env'
import { comment, orgTokenOf, givenSite, handOver, linksOf, mailFor, orgConfig, ORIGIN, pageUrl, postComment, posted, staffReply } from '../helpers'
import { recordingD1, type RecordedStatement } from './recording-d1'

/*
 * Every query a thread read or a post runs must use an index, checked on the store's own SQL: the requests go
 * through the worker with a D1 that records each statement it prepares (with its binds), then SQLite explains each
 * one. "SCAN <table>" reads a whole table (or a whole index); "SEARCH ... USING INDEX" or "... PRIMARY KEY" does not.
 */

/** Runs requests (and what they leave to waitUntil) through the worker on a recording D1; returns what it prepared. */
async function recorded(run: (call: (path: string, init?: RequestInit) => Promise<Response>) => Promise<void>) {
  const recording = recordingD1(env.DB)
  const ctx = createExecutionContext()
  const recordingEnv: Env = { ...env, DB: recording.db }
  await run(async (path, init) => {
    const res = await worker.fetch(new Request(`https://byline.test${path}`, init), recordingEnv, ctx)
    if (res.status >= 400) throw new Error(`${init?.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`)
    return res
  })
  await waitOnExecutionContext(ctx)
  return recording.statements
}

async function plan(s: RecordedStatement): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).bind(...s.binds).all<{ detail: string }>()
  return results.map((r) => r.detail)
}

// Scanning a bound JSON list (json_each), a subquery's few rows or the one row of a FROM-less SELECT is fine; a table
// is not, through an index or not: a full index scan grows with the table just the same.
const scanned = (detail: string) => (/ VIRTUAL TABLE /.test(detail) ? undefined : /^SCAN (?!\(subquery|CONSTANT ROW)(\w+)/.exec(detail)?.[1])

/** The table behind a name in a plan, which SQLite gives as the statement's alias when it has one. */
const tableOf = (name: string, sql: string) => new RegExp(`\\b(?:FROM|JOIN)\\s+(\\w+)\\s+(?:AS\\s+)?${name}\\b`, 'i').exec(sql)?.[1] ?? name

/**
 * Each statement that reads a whole table (other than the `allowed` ones), with the tables and its plan.
 * An INSERT … SELECT into a table others reference plans a scan of each referencing table that the statement
 * does not name: SQLite's foreign-key check for the new parent row, which runs only once the statement has
 * already broken a constraint (it is skipped while the violation counter is zero), so it is not counted.
 */
async function tableScans(statements: RecordedStatement[], allowed: string[] = []) {
  const found: { sql: string; tables: string[]; plan: string[] }[] = []
  for (const s of statements) {
    const details = await plan(s)
    const named = tablesNamed([s])
    const tables = details
      .flatMap((d) => scanned(d) ?? [])
      .map((name) => tableOf(name, s.sql))
      .filter((t) => !allowed.includes(t) && !(/^\s*INSERT\b/i.test(s.sql) && !named.has(t)))
    if (tables.length) found.push({ sql: s.sql.replace(/\s+/g, ' ').trim(), tables, plan: details })
  }
  return found
}

/** The tables a set of statements names: proof the recording saw the path, not an empty run. */
const tablesNamed = (statements: RecordedStatement[]) =>
  new Set(statements.flatMap((s) => [...s.sql.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE)\s+([a-z_]+)/gi)].map((m) => m[1]!.toLowerCase())))

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { origin: ORIGIN, 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
})

/** A site with history: conversations on two pages, a staff reply and a hand-over, so every join has rows to go through. */
async function busySite(settings: Partial<SiteSettings> = {}) {
  const doc = orgConfig()
  doc.sites[0]!.settings = { ...doc.sites[0]!.settings, ...settings }
  const site = await givenSite(doc)
  const first = await posted(site)
  await posted(site, { url: pageUrl('/news/other'), body: 'Elsewhere' })
  await posted(site, { conversationId: first.conversationId, body: 'And another thing' })
  expect((await staffReply(first.conversationId, { staff: 'amira', body: 'It closes on Friday.' })).status).toBe(201)
  expect((await handOver(first.conversationId, { to: 'ben', note: 'Ben leads on this' })).status).toBe(200)
  return { site, first }
}

const threadPath = (site: string, path = '/news/budget') => `/v1/sites/${site}/thread?${new URLSearchParams({ url: pageUrl(path) })}`

describe('query plans of the hot paths, on the SQL the worker runs', () => {
  it('reports a statement that reads a whole table, by table, aliased or not', async () => {
    const recording = recordingD1(env.DB)
    await recording.db.prepare(`SELECT c.id FROM comments c WHERE c.body = ?1`).bind('x').all()
    await recording.db.prepare(`SELECT id FROM pages WHERE id = ?1`).bind('p').first()
    expect(recording.statements.map((s) => s.binds)).toEqual([['x'], ['p']])
    expect((await tableScans(recording.statements)).map((f) => f.tables)).toEqual([['comments']])
    expect(await tableScans(recording.statements, ['comments'])).toEqual([])
  })

  it('a thread read of a known page: reads only, each through an index', async () => {
    const { site } = await busySite()
    const statements = await recorded(async (call) => {
      await call(threadPath(site), { headers: { origin: ORIGIN } })
    })
    for (const table of ['sites', 'pages', 'comments', 'conversations', 'assignments', 'staff']) expect(tablesNamed(statements)).toContain(table)
    expect(statements.filter((s) => !/^\s*SELECT\b/i.test(s.sql)).map((s) => s.sql)).toEqual([])
    expect(await tableScans(statements)).toEqual([])
  })

  it('thread pages: by cursor, from a comment, newest first: each through an index, the page read in its order', async () => {
    const { site, first } = await busySite()
    await posted(site, { body: 'A second conversation on the page', email: 'second@visitor.test' })
    const statements = await recorded(async (call) => {
      for (const sort of ['oldest', 'newest']) {
        const res = await call(`${threadPath(site)}&${new URLSearchParams({ sort, limit: '1' })}`, { headers: { origin: ORIGIN } })
        const { next } = (await res.json()) as { next: string | null }
        await call(`${threadPath(site)}&${new URLSearchParams({ sort, limit: '1', cursor: next! })}`, { headers: { origin: ORIGIN } })
        await call(`${threadPath(site)}&${new URLSearchParams({ sort, limit: '1', comment: first.id })}`, { headers: { origin: ORIGIN } })
      }
    })
    const paged = statements.filter((s) => /FROM conversations v\s+WHERE v.page_id/.test(s.sql))
    // Comments and hand-overs, for each of the six pages.
    expect(paged).toHaveLength(12)
    expect(statements.filter((s) => !/^\s*SELECT\b/i.test(s.sql)).map((s) => s.sql)).toEqual([])
    expect(await tableScans(statements)).toEqual([])
    for (const s of paged) {
      const details = await plan(s)
      // The page's conversations come off the page's index in the order asked, from where the page starts: no sort of
      // the page's conversations, so a page deep in a long thread reads what the first one reads.
      expect(details).toContainEqual(expect.stringMatching(/^SEARCH v USING (COVERING )?INDEX conversations_by_page \(page_id=\? AND \(created_at,id\)[<>]/))
      const sorts = details.filter((d) => /TEMP B-TREE/.test(d))
      expect(sorts.length, details.join('\n')).toBeLessThanOrEqual(1)
    }
  })

  it('a thread read of a page nobody has commented on yet: reads only, each through an index', async () => {
    const { site } = await busySite()
    const statements = await recorded(async (call) => {
      await call(threadPath(site, '/news/brand-new'), { headers: { origin: ORIGIN } })
    })
    expect(tablesNamed(statements)).toContain('pages')
    expect(statements.filter((s) => !/^\s*SELECT\b/i.test(s.sql)).map((s) => s.sql)).toEqual([])
    expect(await tableScans(statements)).toEqual([])
  })

  it("counts of an index page's pages, read whole and revalidated: reads only, each through an index", async () => {
    const { site } = await busySite()
    const pages = [pageUrl('/news/budget'), pageUrl('/news/other'), pageUrl('/news/brand-new'), 'press/an-explicit-id']
    const path = `/v1/sites/${site}/counts?${new URLSearchParams(pages.map((p): [string, string] => ['page', p]))}`
    const statements = await recorded(async (call) => {
      const first = await call(path, { headers: { origin: ORIGIN } })
      const tag = first.headers.get('etag')!
      expect((await call(path, { headers: { origin: ORIGIN, 'if-none-match': tag } })).status).toBe(304)
    })
    // The count and the versions-only revalidation, each with the site's row.
    expect(statements.filter((s) => /FROM json_each/.test(s.sql) && /FROM comments c/.test(s.sql))).not.toEqual([])
    expect(statements.filter((s) => /FROM json_each/.test(s.sql) && !/FROM comments c/.test(s.sql))).not.toEqual([])
    for (const table of ['sites', 'pages', 'comments']) expect(tablesNamed(statements)).toContain(table)
    expect(statements.filter((s) => !/^\s*SELECT\b/i.test(s.sql)).map((s) => s.sql)).toEqual([])
    expect(await tableScans(statements)).toEqual([])
  })

  it('a post: a new conversation with an Idempotency-Key, its retry, a reply in it, and the mail that follows', async () => {
    const { site } = await busySite()
    const statements = await recorded(async (call) => {
      const key = { 'idempotency-key': crypto.randomUUID() }
      const res = await call(`/v1/sites/${site}/comments`, json(comment({ body: 'A new question' }), key))
      const { comment: stored } = (await res.json()) as { comment: { conversationId: string } }
      expect((await call(`/v1/sites/${site}/comments`, json(comment({ body: 'A new question' }), key))).headers.get('Idempotent-Replayed')).toBe('true')
      await call(`/v1/sites/${site}/comments`, json(comment({ conversationId: stored.conversationId, body: 'A follow-up' })))
    })
    for (const table of ['comments', 'conversations', 'visitors', 'assignments', 'events']) expect(tablesNamed(statements)).toContain(table)
    expect(await tableScans(statements)).toEqual([])
  })

  it('a post held for moderation, from a first-time visitor', async () => {
    const { site } = await busySite({ moderation: 'first_time' })
    const statements = await recorded(async (call) => {
      await call(`/v1/sites/${site}/comments`, json(comment({ email: 'new@visitor.test', body: 'First time here' })))
    })
    expect(tablesNamed(statements)).toContain('comments')
    expect(await tableScans(statements)).toEqual([])
  })

  it('the moderation queue and a visitor editing their held comment', async () => {
    const doc = orgConfig()
    doc.sites[0]!.settings = { ...doc.sites[0]!.settings, moderation: 'all' }
    const site = await givenSite(doc)
    const { ownerToken, comment: held } = (await (await postComment(site, comment({ body: 'Waiting for a moderator' }))).json()) as {
      ownerToken: string
      comment: { id: string }
    }
    const statements = await recorded(async (call) => {
      const queue = (await (await call(`/v1/admin/sites/${site}/moderation`, { headers: { authorization: `Bearer ${await orgTokenOf({ site })}` } })).json()) as {
        comments: { comment: { id: string } }[]
      }
      expect(queue.comments.map((q) => q.comment.id)).toEqual([held.id])
      await call(`/v1/comments/${held.id}`, {
        method: 'PATCH',
        headers: { origin: ORIGIN, 'content-type': 'application/json', authorization: `Bearer ${ownerToken}` },
        body: JSON.stringify({ body: 'Still waiting, edited' }),
      })
    })
    expect(await tableScans(statements)).toEqual([])
  })

  it('a staff answer page opened from its emailed link, and the reply sent from it', async () => {
    const site = await givenSite()
    await posted(site, { body: 'Which page answers this?' })
    const link = new URL(linksOf(await mailFor('Amira', 'Which page answers this?'), 'answer')[0]!)
    const statements = await recorded(async (call) => {
      await call(link.pathname + link.search)
      await call(`${link.pathname}/reply`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'body=It+is+this+one.' })
    })
    expect(tablesNamed(statements)).toContain('tokens')
    expect(await tableScans(statements)).toEqual([])
  })

  it('a cron tick: overdue conversations, digests due, mail delivery, expired tokens', async () => {
    const doc = orgConfig()
    doc.staff[1]!.digest = { frequency: 'hourly' }
    doc.sites[0]!.settings = { ...doc.sites[0]!.settings, replyTargetHours: 1 }
    const site = await givenSite(doc)
    await posted(site)
    const recording = recordingD1(env.DB)
    const ctx = createExecutionContext()
    // Late enough that the conversation is overdue and every queued mail is due.
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now() + 3 * 3600_000, cron: '*/5 * * * *' }), { ...env, DB: recording.db }, ctx)
    await waitOnExecutionContext(ctx)
    for (const table of ['conversations', 'tokens']) expect(tablesNamed(recording.statements)).toContain(table)
    // Who might be due a digest is read across all staff once a tick (a few rows per organisation), never per request;
    // nothing that grows with comments, conversations, visitors or mail is scanned.
    expect(await tableScans(recording.statements, ['staff'])).toEqual([])
  })
})
