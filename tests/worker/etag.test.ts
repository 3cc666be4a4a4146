import { SELF } from 'cloudflare:test'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Thread } from '../../schema'
import { awayNow, comment, outboxSettled, getThread, givenSite, handOver, ORIGIN, orgConfig, orgTokenOf, pageUrl, postComment, posted, putConfig, staffReply, uniqueId } from './helpers'

/*
 * A thread answers with a strong ETag and asks browsers to revalidate; If-None-Match with the current tag is a 304.
 * The tag must change whenever the answer would: after each change below, the old tag gets a 200 with the change in
 * it, and a plain read (which may come from the cache) shows it too.
 */

const PAGE = { url: pageUrl('/news/budget') }

async function read(site: string, ifNoneMatch?: string, query: Record<string, string> = PAGE) {
  const res = await getThread(site, query, { origin: ORIGIN, ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {}) })
  const text = await res.text()
  return { status: res.status, tag: res.headers.get('etag')!, cacheControl: res.headers.get('cache-control'), text, thread: text ? (JSON.parse(text) as Thread) : null }
}

/** Reads the thread, makes a change, and returns what the old tag gets now, after checking a plain read agrees. */
async function afterChange(site: string, change: () => Promise<unknown>, query: Record<string, string> = PAGE) {
  await outboxSettled()
  const before = await read(site, undefined, query)
  expect((await read(site, before.tag, query)).status).toBe(304)
  await change()
  await outboxSettled()
  const revalidated = await read(site, before.tag, query)
  expect(revalidated.status).toBe(200)
  expect(revalidated.tag).not.toBe(before.tag)
  const plain = await read(site, undefined, query)
  expect(plain.text).toBe(revalidated.text)
  return { before: before.thread!, after: revalidated.thread! }
}

const texts = (t: Thread) => t.conversations.flatMap((c) => c.comments.map((m) => JSON.stringify(m.body)))

/** A tag lasts for its minute: the clock stands still in the middle of one, so no test runs across a turn of it. */
const MID_MINUTE = Math.floor(Date.now() / 60_000) * 60_000 + 30_000

describe('thread ETags and 304s', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(MID_MINUTE)
  })
  afterEach(() => void vi.useRealTimers())

  it('a thread carries a strong ETag and no-cache; its own tag is a 304 with no body, any other tag a 200', async () => {
    const site = await givenSite()
    await posted(site, { body: 'Tagged?' })
    await outboxSettled()
    const first = await read(site)
    expect(first.status).toBe(200)
    expect(first.tag).toMatch(/^"[0-9a-f]{32}"$/)
    expect(first.cacheControl).toBe('no-cache')

    const revalidated = await read(site, first.tag)
    expect(revalidated.status).toBe(304)
    expect(revalidated.text).toBe('')
    expect(revalidated.tag).toBe(first.tag)
    expect((await read(site, `W/${first.tag}`)).status).toBe(304)
    expect((await read(site, `"elsewhere", ${first.tag}`)).status).toBe(304)
    expect((await read(site, '"0123456789abcdef0123456789abcdef"')).status).toBe(200)
  })

  it('each page and each way of asking has its own tag', async () => {
    const site = await givenSite()
    const a = await read(site)
    expect((await read(site, a.tag, { url: pageUrl('/news/other') })).status).toBe(200)
    expect((await read(site, a.tag, { ...PAGE, topic: 'budget' })).status).toBe(200)
    // A page nobody has commented on is named as asked: another title is another answer.
    const titled = await read(site, a.tag, { ...PAGE, title: 'The budget' })
    expect(titled.status).toBe(200)
    expect(titled.thread!.page.title).toBe('The budget')
  })

  it('a new comment on the page changes the answer', async () => {
    const site = await givenSite()
    const { before, after } = await afterChange(site, () => posted(site, { body: 'A new question' }))
    expect(before.conversations).toHaveLength(0)
    expect(after.conversations).toHaveLength(1)
  })

  it('a reply in a conversation and a staff answer change it', async () => {
    const site = await givenSite()
    const first = await posted(site, { body: 'First question' })
    await afterChange(site, () => posted(site, { body: 'A follow-up', conversationId: first.conversationId }))
    const { after } = await afterChange(site, () => staffReply(first.conversationId, { staff: 'amira', body: 'Here is the answer.' }))
    expect(texts(after).some((t) => t.includes('Here is the answer.'))).toBe(true)
  })

  it("a visitor's edit and delete of their own comment, and a moderator's hide, change it", async () => {
    const site = await givenSite()
    const own = (await (await postComment(site, comment({ body: 'Typo here' }))).json()) as { comment: { id: string }; ownerToken: string }
    const second = await posted(site, { body: 'Rude words' })
    const ownCall = (method: 'PATCH' | 'DELETE', body?: unknown) =>
      SELF.fetch(`https://byline.test/v1/comments/${own.comment.id}`, {
        method,
        headers: { origin: ORIGIN, authorization: `Bearer ${own.ownerToken}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      })
    const edited = await afterChange(site, () => ownCall('PATCH', { body: 'Typo fixed' }))
    expect(texts(edited.after).some((t) => t.includes('Typo fixed'))).toBe(true)
    await afterChange(site, async () => {
      const token = await orgTokenOf({ conversation: second.conversationId })
      return SELF.fetch(`https://byline.test/v1/admin/comments/${second.id}/moderation`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'hide', reason: 'Insults' }),
      })
    })
    const deleted = await afterChange(site, () => ownCall('DELETE'))
    expect(texts(deleted.after).some((t) => t.includes('Typo fixed'))).toBe(false)
  })

  it('a hand-over changes it', async () => {
    const site = await givenSite()
    const first = await posted(site, { body: 'Who answers?' })
    const { before, after } = await afterChange(site, () => handOver(first.conversationId, { to: 'ben', note: 'Policy question' }))
    expect(after.conversations[0]!.handovers.length).toBeGreaterThan(before.conversations[0]!.handovers.length)
  })

  it("a change to the site's configuration changes it", async () => {
    const doc = orgConfig({ org: uniqueId('org'), site: uniqueId('site') })
    const site = await givenSite(doc)
    const { after } = await afterChange(site, () => {
      doc.sites[0]!.name = 'Renamed website'
      return putConfig(doc)
    })
    expect(after.site.name).toBe('Renamed website')
  })

  it('a staff profile and an away period change it: the byline, then who a new comment would go to', async () => {
    const doc = orgConfig({ org: uniqueId('org'), site: uniqueId('site') })
    const site = await givenSite(doc)
    await posted(site, { body: 'Bylines?' })
    await afterChange(site, () => {
      doc.staff[0]!.role = 'Head of press'
      return putConfig(doc)
    })
    const { before, after } = await afterChange(site, () => {
      doc.staff[0]!.away = awayNow(doc.staff[0]!.timeZone)
      doc.staff[0]!.delegate = 'ben'
      return putConfig(doc)
    })
    expect(before.responder.handle).toBe('amira')
    expect(after.responder.handle).toBe('ben')
  })

  it("a new conversation on another page changes who a round-robin pool's next comment goes to", async () => {
    const doc = orgConfig({ org: uniqueId('org'), site: uniqueId('site') })
    doc.sites[0]!.rules = [{ when: { always: true }, assign: { pool: ['ben', 'chloe'], strategy: 'round_robin' } }]
    const site = await givenSite(doc)
    const { before, after } = await afterChange(site, () => posted(site, { url: pageUrl('/news/elsewhere'), body: 'Elsewhere' }))
    expect(after.responder.handle).not.toBe(before.responder.handle)
  })

  it('an answer holds for its minute: an away period that starts in the next one changes it when that minute comes', async () => {
    const minute = 60_000
    const start = MID_MINUTE + 30_000 + 5 * minute
    vi.setSystemTime(start - minute + 10_000)
    const doc = orgConfig({ org: uniqueId('org'), site: uniqueId('site') })
    doc.staff[0]!.timeZone = 'UTC'
    doc.staff[0]!.delegate = 'ben'
    doc.staff[0]!.away = [{ from: new Date(start).toISOString().slice(0, 16), to: new Date(start + 86_400_000).toISOString().slice(0, 16) }]
    const site = await givenSite(doc)
    await outboxSettled()
    const before = await read(site)
    expect(before.thread!.responder.handle).toBe('amira')

    vi.setSystemTime(start - 1_000)
    expect((await read(site, before.tag)).status).toBe(304)
    vi.setSystemTime(start)
    const after = await read(site, before.tag)
    expect(after.status).toBe(200)
    expect(after.thread!.responder.handle).toBe('ben')
  })

  it('a change in another organisation leaves the tag as it was', async () => {
    const site = await givenSite()
    const other = await givenSite()
    await outboxSettled()
    const before = await read(site)
    await posted(other, { body: 'Somewhere else entirely' })
    await outboxSettled()
    expect((await read(site, before.tag)).status).toBe(304)
  })
})
