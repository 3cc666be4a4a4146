import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Thread } from '../../schema'
import { app } from '../../worker/src/app'
import { countingD1, type Trip } from './d1-trips'
import { comment, givenSite, orgConfig, ORIGIN, pageUrl, putConfig, uniqueId } from './helpers'

/*
 * How many times a request waits on D1. Each call that goes to the database is one round trip: a `batch()` (however
 * many statements it carries) or one statement's first/all/run/raw. The requests go through the app itself, on a
 * D1 binding that records each round trip with the SQL it carried.
 */


const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i
const writes = (trip: Trip) => trip.some((sql) => WRITE.test(sql))

/**
 * The responder's 90-day record, where it is still read in a round trip of its own rather than with the staff: every
 * statement of the trip reads the record (first replies, or the rolled-up per-staff rows) and nothing else.
 */
const recordOnly = (trip: Trip) => !writes(trip) && trip.every((sql) => /first_reply|staff_stats/.test(sql) && !/FROM staff s\b/.test(sql))

/** One request through the app on a counting D1; `trips` are those it waited on before its answer. */
async function through(request: Request) {
  const { db, trips } = countingD1(env.DB)
  const ctx = createExecutionContext()
  const res = await app.fetch(request, { ...env, DB: db }, ctx)
  const body: unknown = res.status === 304 ? null : await res.clone().json()
  // A post's answer leaves once its write batch commits; the mail delivery it then starts does not delay it.
  const commit = trips.findIndex((t) => t.some((sql) => /INSERT INTO events\b/.test(sql)))
  const waited = commit < 0 ? [...trips] : trips.slice(0, commit + 1)
  await waitOnExecutionContext(ctx)
  return { res, body, trips: waited }
}

const threadRequest = (site: string, query: Record<string, string>, headers: Record<string, string> = {}) =>
  new Request(`https://byline.test/v1/sites/${site}/thread?${new URLSearchParams(query)}`, { headers: { origin: ORIGIN, ...headers } })

const postRequest = (site: string, body: unknown) =>
  new Request(`https://byline.test/v1/sites/${site}/comments`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(body),
  })

/** The thread read's round trips without the responder's record (see `recordOnly`). */
const threadTrips = (trips: Trip[]) => trips.filter((t) => !recordOnly(t))

/** A thread's tag lasts for its minute: the clock stands still in the middle of one, so no test runs across a turn of it. */
const MID_MINUTE = Math.floor(Date.now() / 60_000) * 60_000 + 30_000

describe('round trips to D1', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(MID_MINUTE)
  })
  afterEach(() => void vi.useRealTimers())

  it('a thread read of a page with comments is one batch: the site, the page, its comments and hand-overs, staff and turns', async () => {
    const site = await givenSite()
    const first = await through(postRequest(site, comment({ body: 'Is the budget online?' })))
    expect(first.res.status).toBe(201)

    const read = await through(threadRequest(site, { url: pageUrl() }))

    expect(read.res.status).toBe(200)
    expect((read.body as Thread).conversations).toHaveLength(1)
    const trips = threadTrips(read.trips)
    expect(trips).toHaveLength(1)
    expect(trips[0]!.some((sql) => /FROM sites s/.test(sql))).toBe(true)
    expect(trips[0]!.length).toBeGreaterThanOrEqual(6)
    // At most the responder's record besides, until it is read with the staff.
    expect(read.trips.length - trips.length).toBeLessThanOrEqual(1)
    expect(read.trips.some(writes)).toBe(false)
  })

  it('every page of a thread is one batch: the first, one by cursor, one that starts at a comment, newest first', async () => {
    const site = await givenSite()
    const posts = []
    for (const body of ['First question', 'Second question', 'Third question'])
      posts.push((await through(postRequest(site, comment({ body })))).body as { comment: { id: string } })
    await through(threadRequest(site, { url: pageUrl() }))

    for (const sort of ['oldest', 'newest']) {
      const first = await through(threadRequest(site, { url: pageUrl(), sort, limit: '1' }))
      const { next } = first.body as Thread
      const second = await through(threadRequest(site, { url: pageUrl(), sort, limit: '1', cursor: next! }))
      const linked = await through(threadRequest(site, { url: pageUrl(), sort, limit: '1', comment: posts[1]!.comment.id }))
      for (const read of [first, second, linked]) {
        expect(read.res.status).toBe(200)
        expect((read.body as Thread).conversations).toHaveLength(1)
        expect(threadTrips(read.trips)).toHaveLength(1)
        expect(read.trips.some(writes)).toBe(false)
      }
      expect((linked.body as Thread).conversations[0]!.comments[0]!.id).toBe(posts[1]!.comment.id)
    }
  })

  it('a cursor that is not the page\'s is refused before D1 is asked anything', async () => {
    const site = await givenSite()
    await through(postRequest(site, comment({ body: 'A question' })))
    await through(threadRequest(site, { url: pageUrl() }))
    const refused = await through(threadRequest(site, { url: pageUrl(), cursor: 'bm90LWEtY3Vyc29y' }, { 'if-none-match': '*' }))
    expect(refused.res.status).toBe(400)
    expect(refused.trips).toEqual([])
  })

  it('a thread read of a page nobody has commented on is one batch too, writes nothing, and names the page as asked', async () => {
    const site = await givenSite()
    await through(threadRequest(site, { url: pageUrl('/warm-up') }))

    const read = await through(threadRequest(site, { url: pageUrl('/news/unseen'), title: 'Unseen' }))

    expect(read.res.status).toBe(200)
    expect((read.body as Thread).page).toEqual({ key: '/news/unseen', title: 'Unseen' })
    expect((read.body as Thread).conversations).toEqual([])
    expect(threadTrips(read.trips)).toHaveLength(1)
    expect(read.trips.some(writes)).toBe(false)
    const stored = await env.DB.prepare(`SELECT count(*) AS n FROM pages WHERE site_id = ?1 AND key = '/news/unseen'`).bind(site).first('n')
    expect(stored).toBe(0)
  })

  it('a read of a thread that has not changed is answered from the cache after one statement: the site with the versions', async () => {
    const site = await givenSite()
    await through(postRequest(site, comment({ body: 'Cached?' })))
    const first = await through(threadRequest(site, { url: pageUrl() }))

    const again = await through(threadRequest(site, { url: pageUrl() }))

    expect(again.res.status).toBe(200)
    expect(again.body).toEqual(first.body)
    expect(again.res.headers.get('etag')).toBe(first.res.headers.get('etag'))
    expect(again.trips).toHaveLength(1)
    expect(again.trips[0]).toHaveLength(1)
    expect(again.trips[0]![0]).toMatch(/page_version[\s\S]*org_version/)
  })

  it('a conditional read whose tag still holds is a 304 after that same one statement', async () => {
    const site = await givenSite()
    await through(postRequest(site, comment({ body: 'Not modified?' })))
    const first = await through(threadRequest(site, { url: pageUrl() }))

    const revalidated = await through(threadRequest(site, { url: pageUrl() }, { 'if-none-match': first.res.headers.get('etag')! }))

    expect(revalidated.res.status).toBe(304)
    expect(revalidated.trips).toHaveLength(1)
    expect(revalidated.trips[0]).toHaveLength(1)
  })

  it('the first request for a site this isolate has not seen reads the site once more, before its batch', async () => {
    const site = await givenSite()
    const read = await through(threadRequest(site, { url: pageUrl() }))
    expect(read.res.status).toBe(200)
    expect(threadTrips(read.trips)).toHaveLength(2)
    expect(threadTrips(await (await through(threadRequest(site, { url: pageUrl() }))).trips)).toHaveLength(1)
  })

  it('a post of a new conversation is one read batch for its checks and one write batch', async () => {
    const site = await givenSite()
    await through(threadRequest(site, { url: pageUrl() }))

    const post = await through(postRequest(site, comment({ body: 'A new question' })))

    expect(post.res.status).toBe(201)
    expect(post.trips).toHaveLength(2)
    expect(writes(post.trips[0]!)).toBe(false)
    expect(writes(post.trips[1]!)).toBe(true)
  })

  it('a reply in a conversation is one read batch and one write batch too', async () => {
    const site = await givenSite()
    const opened = await through(postRequest(site, comment({ body: 'First question' })))
    const conversationId = (opened.body as { comment: { conversationId: string } }).comment.conversationId

    const reply = await through(postRequest(site, comment({ body: 'And a follow-up', conversationId })))

    expect(reply.res.status).toBe(201)
    expect(reply.trips).toHaveLength(2)
    expect(writes(reply.trips[0]!)).toBe(false)
  })

  it('an origin registered after the copy was taken is accepted, from the page URL and from the Origin header', async () => {
    const doc = orgConfig({ org: uniqueId('org'), site: uniqueId('site') })
    const site = await givenSite(doc)
    await through(threadRequest(site, { url: pageUrl() }))

    const added = 'https://new.example.org'
    doc.sites[0]!.origins = [ORIGIN, added]
    expect((await putConfig(doc)).status).toBe(200)
    // The browser on the old origin embeds a page of the new one, then a browser on the new origin.
    expect((await through(threadRequest(site, { url: `${added}/a` }))).res.status).toBe(200)
    const fromNew = new Request(`https://byline.test/v1/sites/${site}/thread?${new URLSearchParams({ url: `${added}/b` })}`, { headers: { origin: added } })
    const read = await through(fromNew)
    expect(read.res.status).toBe(200)
    expect(read.res.headers.get('access-control-allow-origin')).toBe(added)
  })

  it('a request that started from an old copy of the site answers from the site as it is now', async () => {
    const doc = orgConfig({ org: uniqueId('org'), site: uniqueId('site') })
    const site = await givenSite(doc)
    await through(threadRequest(site, { url: pageUrl() }))

    doc.sites[0]!.name = 'Renamed website'
    expect((await putConfig(doc)).status).toBe(200)
    const read = await through(threadRequest(site, { url: pageUrl() }))
    expect((read.body as Thread).site.name).toBe('Renamed website')
    // The versions that found the site changed, the versions again with the new row (the cached answer is not its
    // answer), then the thread.
    expect(threadTrips(read.trips)).toHaveLength(3)

    doc.sites[0]!.origins = ['https://elsewhere.example']
    expect((await putConfig(doc)).status).toBe(200)
    const refused = await through(postRequest(site, comment({ body: 'From an origin no longer registered' })))
    expect(refused.res.status).toBe(403)
    expect(refused.trips.some(writes)).toBe(false)
  })
})
