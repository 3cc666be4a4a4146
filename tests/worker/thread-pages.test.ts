import { env } from 'cloudflare:test'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Thread } from '../../schema'
import { readThread } from '../../worker/src/store/threads'
import { getThread, givenSite, ORIGIN, outboxSettled, pageUrl, posted } from './helpers'

/*
 * A long thread is read a page of conversations at a time: `sort` (oldest or newest first), `limit` conversations,
 * `cursor` (the previous answer's `next`) and `comment` (the page that starts at that comment's conversation).
 * Following `next` from the first page reaches every comment the thread shows, once, in either sort.
 */

const PAGE_URL = pageUrl('/news/long-read')

/** A thread's tag lasts for its minute: the clock stands still in the middle of one, so no test runs across a turn of it. */
const MID_MINUTE = Math.floor(Date.now() / 60_000) * 60_000 + 30_000

type Seeded = { site: string; pageId: string; conversations: { id: string; createdAt: number; comments: string[] }[] }

/**
 * A page with `count` conversations, each a visitor's comment with a staff reply under every third, and some
 * conversations opened in the same millisecond (so the order needs its tie-break). One conversation is posted through
 * the API (the page, the visitor and the assignee are real); the rest are written straight to D1 beside it, older
 * than it, as the API would have written them. One conversation is held (pending) and one deleted: neither shows.
 */
async function longThread(count: number): Promise<Seeded> {
  const site = await givenSite()
  const first = await posted(site, { url: PAGE_URL, body: 'The newest question' })
  const row = await env.DB.prepare(
    `SELECT c.site_id, c.page_id, c.visitor_id, c.body_doc, v.assigned_staff_id, v.created_at
       FROM comments c JOIN conversations v ON v.id = c.conversation_id WHERE c.id = ?1`,
  )
    .bind(first.id)
    .first<{ site_id: string; page_id: string; visitor_id: string; body_doc: string; assigned_staff_id: string; created_at: number }>()
  const r = row!
  const base = r.created_at - 10_000_000
  const statements: D1PreparedStatement[] = []
  const conversations: Seeded['conversations'] = []
  for (let i = 0; i < count - 1; i++) {
    const id = `conv-${String(i).padStart(4, '0')}-${crypto.randomUUID()}`
    // Pairs of conversations share a millisecond.
    const createdAt = base + Math.floor(i / 2) * 1000
    const status = i === 7 ? 'pending' : i === 11 ? 'deleted' : 'published'
    statements.push(
      env.DB.prepare(
        `INSERT INTO conversations (id, site_id, page_id, visitor_id, assigned_staff_id, status, created_at, updated_at, held)
         VALUES (?1, ?2, ?3, ?4, ?5, 'awaiting', ?6, ?6, ?7)`,
      ).bind(id, r.site_id, r.page_id, r.visitor_id, r.assigned_staff_id, createdAt, status === 'pending' ? 1 : 0),
    )
    const comments = [`c-${i}-visitor-${crypto.randomUUID()}`]
    statements.push(
      env.DB.prepare(
        `INSERT INTO comments (id, site_id, page_id, conversation_id, author_kind, visitor_id, author_name, body, body_doc, status, created_at)
         VALUES (?1, ?2, ?3, ?4, 'visitor', ?5, 'Jo Visitor', 'Question', ?6, ?7, ?8)`,
      ).bind(comments[0], r.site_id, r.page_id, id, r.visitor_id, r.body_doc, status, createdAt),
    )
    if (i % 3 === 0) {
      comments.push(`c-${i}-staff-${crypto.randomUUID()}`)
      statements.push(
        env.DB.prepare(
          `INSERT INTO comments (id, site_id, page_id, conversation_id, author_kind, staff_id, author_name, body, body_doc, status, created_at)
           VALUES (?1, ?2, ?3, ?4, 'staff', ?5, 'Staff', 'Answer', ?6, 'published', ?7)`,
        ).bind(comments[1], r.site_id, r.page_id, id, r.assigned_staff_id, r.body_doc, createdAt + 500),
      )
    }
    if (status === 'published') conversations.push({ id, createdAt, comments })
  }
  await env.DB.batch(statements)
  conversations.push({ id: first.conversationId, createdAt: r.created_at, comments: [first.id] })
  return { site, pageId: r.page_id, conversations }
}

/** The conversations' order in a sort: by when they were opened, then by id. */
function inOrder(s: Seeded, sort: 'oldest' | 'newest') {
  const sorted = [...s.conversations].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return sort === 'oldest' ? sorted : sorted.reverse()
}

async function read(site: string, query: Record<string, string>, ifNoneMatch?: string) {
  const res = await getThread(site, { url: PAGE_URL, ...query }, { origin: ORIGIN, ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {}) })
  const text = await res.text()
  return { status: res.status, tag: res.headers.get('etag'), body: text ? (JSON.parse(text) as unknown) : null }
}

async function page(site: string, query: Record<string, string>) {
  const answer = await read(site, query)
  expect(answer.status, JSON.stringify(answer.body)).toBe(200)
  return answer.body as Thread
}

/** Every page from the first, by `next`. */
async function allPages(site: string, query: Record<string, string>) {
  const pages: Thread[] = []
  let cursor: string | null | undefined
  do {
    const thread = await page(site, { ...query, ...(cursor ? { cursor } : {}) })
    pages.push(thread)
    cursor = thread.next
  } while (cursor && pages.length < 100)
  return pages
}

const errorOf = (body: unknown) => (body as { error: { code: string; issues?: { path: (string | number)[] }[] } }).error

describe('a long thread, a page at a time', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(MID_MINUTE)
  })
  afterEach(() => void vi.useRealTimers())

  it('250 conversations: pages by `next` cover every comment exactly once, oldest and newest first', { timeout: 120_000 }, async () => {
    const seeded = await longThread(250)
    expect(seeded.conversations).toHaveLength(248)
    for (const sort of ['oldest', 'newest'] as const) {
      const pages = await allPages(seeded.site, { sort, limit: '40' })
      // 248 shown conversations at 40 a page: six full pages and one of 8, and no `next` on the last.
      expect(pages.map((p) => p.conversations.length)).toEqual([40, 40, 40, 40, 40, 40, 8])
      expect(pages.slice(0, -1).every((p) => typeof p.next === 'string')).toBe(true)
      expect(pages.at(-1)!.next).toBeNull()
      const conversations = pages.flatMap((p) => p.conversations)
      expect(conversations.map((c) => c.id)).toEqual(inOrder(seeded, sort).map((c) => c.id))
      const comments = conversations.flatMap((c) => c.comments.map((m) => m.id))
      expect(new Set(comments).size).toBe(comments.length)
      expect(comments).toEqual(inOrder(seeded, sort).flatMap((c) => c.comments))
      // Replies stay under their conversation, oldest first, whichever the sort.
      const answered = conversations.find((c) => c.comments.length === 2)!
      expect(answered.comments.map((m) => m.author.kind)).toEqual(['visitor', 'staff'])
    }
  })

  it('asks for no more than 100 conversations a page; unasked, the whole thread as the unpaged read gave it; oldest first unless told', { timeout: 120_000 }, async () => {
    const seeded = await longThread(120)
    const whole = await page(seeded.site, {})
    expect(whole.conversations.map((c) => c.id)).toEqual(inOrder(seeded, 'oldest').map((c) => c.id))
    expect(whole.next).toBeNull()
    const first = await page(seeded.site, { limit: '50' })
    expect(first.conversations.map((c) => c.id)).toEqual(inOrder(seeded, 'oldest').slice(0, 50).map((c) => c.id))
    const second = await page(seeded.site, { limit: '50', cursor: first.next! })
    expect(second.conversations.map((c) => c.id)).toEqual(inOrder(seeded, 'oldest').slice(50, 100).map((c) => c.id))
    const big = await page(seeded.site, { limit: '100', sort: 'newest' })
    expect(big.conversations.map((c) => c.id)).toEqual(inOrder(seeded, 'newest').slice(0, 100).map((c) => c.id))
    // The limit may change from one page to the next: the cursor is a place, not a page number.
    const rest = await page(seeded.site, { limit: '7', sort: 'newest', cursor: big.next! })
    expect(rest.conversations.map((c) => c.id)).toEqual(inOrder(seeded, 'newest').slice(100, 107).map((c) => c.id))
  })

  it('a link to a comment deep in the thread answers the page that starts at its conversation, and `next` goes on from there', { timeout: 120_000 }, async () => {
    const seeded = await longThread(250)
    for (const sort of ['oldest', 'newest'] as const) {
      const order = inOrder(seeded, sort)
      const deep = order[203]!
      const reply = deep.comments.at(-1)!
      const linked = await page(seeded.site, { sort, limit: '20', comment: reply })
      expect(linked.conversations.map((c) => c.id)).toEqual(order.slice(203, 223).map((c) => c.id))
      expect(linked.conversations[0]!.comments.map((m) => m.id)).toContain(reply)
      const after = await page(seeded.site, { sort, limit: '20', cursor: linked.next! })
      expect(after.conversations.map((c) => c.id)).toEqual(order.slice(223, 243).map((c) => c.id))
    }
    // A comment this page does not show (held, from another page, unknown) answers the first page.
    const other = await posted(seeded.site, { url: pageUrl('/news/elsewhere'), body: 'Elsewhere' })
    const held = (await env.DB.prepare(`SELECT id FROM comments WHERE page_id = ?1 AND status = 'pending'`).bind(seeded.pageId).first<string>('id'))!
    for (const id of [other.id, held, 'no-such-comment']) {
      const answer = await page(seeded.site, { limit: '10', comment: id })
      expect(answer.conversations.map((c) => c.id)).toEqual(inOrder(seeded, 'oldest').slice(0, 10).map((c) => c.id))
    }
  })

  it('each page has its own tag: a 304 for the same page, a 200 for any other, and a new tag for every page after a post', { timeout: 120_000 }, async () => {
    const seeded = await longThread(60)
    await outboxSettled(20_000)
    const first = await read(seeded.site, { limit: '25' })
    const firstThread = first.body as Thread
    const second = await read(seeded.site, { limit: '25', cursor: firstThread.next! })
    const linked = await read(seeded.site, { limit: '25', comment: inOrder(seeded, 'oldest')[30]!.comments[0]! })
    const newest = await read(seeded.site, { limit: '25', sort: 'newest' })
    const tags = [first, second, linked, newest].map((a) => a.tag)
    expect(new Set(tags).size).toBe(4)

    expect((await read(seeded.site, { limit: '25' }, first.tag!)).status).toBe(304)
    expect((await read(seeded.site, { limit: '25', cursor: firstThread.next! }, second.tag!)).status).toBe(304)
    // Another page's tag is never this page's 304: another cursor, limit, sort or comment.
    expect((await read(seeded.site, { limit: '25', cursor: firstThread.next! }, first.tag!)).status).toBe(200)
    expect((await read(seeded.site, { limit: '26' }, first.tag!)).status).toBe(200)
    expect((await read(seeded.site, { limit: '25', sort: 'newest' }, first.tag!)).status).toBe(200)
    expect((await read(seeded.site, { limit: '25', comment: inOrder(seeded, 'oldest')[30]!.comments[0]! }, first.tag!)).status).toBe(200)

    await posted(seeded.site, { url: PAGE_URL, body: 'One more question' })
    await outboxSettled(20_000)
    const moved = await read(seeded.site, { limit: '25', cursor: firstThread.next! }, second.tag!)
    expect(moved.status).toBe(200)
    expect(moved.tag).not.toBe(second.tag)
    const newestAfter = await read(seeded.site, { limit: '25', sort: 'newest' }, newest.tag!)
    expect(newestAfter.status).toBe(200)
    expect((newestAfter.body as Thread).conversations[0]!.comments[0]!.body).toEqual(expect.objectContaining({ type: 'doc' }))
    expect(JSON.stringify(newestAfter.body)).toContain('One more question')
  })

  it('refuses a cursor that is not this page\'s `next`, and a bad limit or sort, as 400 invalid_request with issues', { timeout: 120_000 }, async () => {
    const seeded = await longThread(30)
    const { next } = await page(seeded.site, { limit: '5' })
    const { next: newestNext } = await page(seeded.site, { limit: '5', sort: 'newest' })
    await posted(seeded.site, { url: pageUrl('/news/other'), body: 'A second page' })
    for (let i = 0; i < 6; i++) await posted(seeded.site, { url: pageUrl('/news/other'), body: `More ${i}`, email: `other${i}@visitor.test` })
    const { next: otherNext } = (await (await getThread(seeded.site, { url: pageUrl('/news/other'), limit: '5' })).json()) as Thread
    expect(otherNext).toEqual(expect.any(String))
    // The same page key on another site.
    const elsewhere = await longThread(8)
    const { next: otherSiteNext } = await page(elsewhere.site, { limit: '5' })
    expect(otherSiteNext).toEqual(expect.any(String))

    const badCursors = [
      'not-a-cursor',
      'A',
      btoa('["nonsense"]').replace(/=+$/, ''),
      btoa(JSON.stringify([1, 'x', 'o', 'late', 5])).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'),
      'a'.repeat(301),
      'has spaces',
      otherNext!,
      otherSiteNext!,
      newestNext!,
    ]
    for (const cursor of badCursors) {
      for (const tag of [undefined, '*']) {
        const answer = await read(seeded.site, { limit: '5', cursor }, tag)
        expect(answer.status, cursor).toBe(400)
        expect(errorOf(answer.body).code).toBe('invalid_request')
        expect(errorOf(answer.body).issues!.map((i) => i.path)).toEqual([['cursor']])
      }
    }
    for (const [query, field] of [
      [{ limit: '0' }, 'limit'],
      [{ limit: '101' }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ limit: '2.5' }, 'limit'],
      [{ sort: 'random' }, 'sort'],
    ] as const) {
      const answer = await read(seeded.site, query)
      expect(answer.status, JSON.stringify(query)).toBe(400)
      expect(errorOf(answer.body).code).toBe('invalid_request')
      expect(errorOf(answer.body).issues!.map((i) => i.path)).toEqual([[field]])
    }
    // The good ones still work.
    expect((await read(seeded.site, { limit: '5', cursor: next! })).status).toBe(200)
    expect((await read(seeded.site, { limit: '5', sort: 'newest', cursor: newestNext! })).status).toBe(200)
  })
})

/** Adds `count` one-comment conversations to the page of a posted comment, in one statement each for both tables. */
async function bulkThread(site: string, count: number) {
  const first = await posted(site, { url: PAGE_URL, body: 'The newest question' })
  const r = (await env.DB.prepare(
    `SELECT c.site_id, c.page_id, c.visitor_id, c.body_doc, v.assigned_staff_id, v.created_at
       FROM comments c JOIN conversations v ON v.id = c.conversation_id WHERE c.id = ?1`,
  )
    .bind(first.id)
    .first<{ site_id: string; page_id: string; visitor_id: string; body_doc: string; assigned_staff_id: string; created_at: number }>())!
  const series = `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?7)`
  await env.DB.batch([
    env.DB.prepare(
      `${series} INSERT INTO conversations (id, site_id, page_id, visitor_id, assigned_staff_id, status, created_at, updated_at)
       SELECT ?1 || '-' || printf('%06d', i), ?2, ?3, ?4, ?5, 'answered', ?6 + i, ?6 + i FROM n`,
    ).bind(`bulk-${r.page_id}`, r.site_id, r.page_id, r.visitor_id, r.assigned_staff_id, r.created_at - 10_000_000, count),
    env.DB.prepare(
      `${series} INSERT INTO comments (id, site_id, page_id, conversation_id, author_kind, visitor_id, author_name, body, body_doc, status, created_at)
       SELECT ?1 || '-c' || printf('%06d', i), ?2, ?3, ?1 || '-' || printf('%06d', i), 'visitor', ?4, 'Jo Visitor', 'Question', ?5, 'published', ?6 + i FROM n`,
    ).bind(`bulk-${r.page_id}`, r.site_id, r.page_id, r.visitor_id, r.body_doc, r.created_at - 10_000_000, count),
  ])
  return { pageId: r.page_id, middle: `bulk-${r.page_id}-c${String(Math.floor(count / 2)).padStart(6, '0')}` }
}

/** D1's own figure of the rows a read looked at, summed over the statements of its batch. */
function rowsReadBy(db: D1Database) {
  const reads: number[] = []
  const counting = new Proxy(db, {
    get(target, property) {
      if (property === 'batch')
        return async (statements: D1PreparedStatement[]) => {
          const results = await target.batch(statements)
          reads.push(results.reduce((sum, r) => sum + (r.meta.rows_read ?? 0), 0))
          return results
        }
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { db: counting, reads }
}

describe('the cost of a page does not grow with the thread', () => {
  it('a page at the start, the middle (a comment link) and the end of 1,000 and of 100,000 conversations reads the same rows, give or take a few', { timeout: 300_000 }, async () => {
    const figures: Record<number, number[]> = {}
    for (const count of [1000, 100_000]) {
      const site = await givenSite()
      const { middle } = await bulkThread(site, count)
      const { orgId } = (await env.DB.prepare(`SELECT org_id AS orgId FROM sites WHERE id = ?1`).bind(site).first<{ orgId: string }>())!
      const ref = { siteId: site, orgId, key: '/news/long-read', url: PAGE_URL }
      const { db, reads } = rowsReadBy(env.DB)
      const first = await readThread(db, ref, Date.now(), { sort: 'oldest', limit: 50, start: null })
      const linked = await readThread(db, ref, Date.now(), { sort: 'oldest', limit: 50, start: { atComment: middle } })
      const newest = await readThread(db, ref, Date.now(), { sort: 'newest', limit: 50, start: null })
      const last = await readThread(db, ref, Date.now(), { sort: 'newest', limit: 50, start: { after: newest.end! } })
      expect([first, linked, newest, last].map((t) => t.conversations.length)).toEqual([50, 50, 50, 50])
      expect(linked.conversations[0]!.comments[0]!.id).toBe(middle)
      figures[count] = reads
    }
    console.log(`rows read per page (first, comment link in the middle, newest, second newest): 1,000 conversations ${figures[1000]!.join(', ')}; 100,000: ${figures[100_000]!.join(', ')}`)
    // The org's staff and turns are the same size in both; the page's part is its 51 conversations and their comments,
    // found from where the page starts (a B-tree's depth apart), never the conversations before it.
    figures[100_000]!.forEach((rows, i) => expect(rows).toBeLessThanOrEqual(figures[1000]![i]! + 10))
  })
})
