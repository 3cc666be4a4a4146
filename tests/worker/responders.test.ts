import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Responders, Thread } from '../../schema'
import { getThread, givenSite, ORIGIN, orgConfig, pageUrl, posted, staffReply } from './helpers'
import { historyRewritten } from './stats-helpers'

const HOUR = 3_600_000

/** n conversations for amira; the first `answered` get a reply after the given waits (hours). */
async function history(site: string, waits: (number | null)[], ageDays = 1) {
  for (const [i, wait] of waits.entries()) {
    const c = await posted(site, { url: pageUrl(`/history/${i}`), body: `question ${i}` })
    const created = Date.now() - ageDays * 24 * HOUR
    await env.DB.prepare(`UPDATE conversations SET created_at = ?2 WHERE id = ?1`).bind(c.conversationId, created).run()
    if (wait === null) continue
    await staffReply(c.conversationId, { staff: 'amira', body: 'answer' })
    await env.DB.prepare(`UPDATE conversations SET first_reply_at = ?2 WHERE id = ?1`).bind(c.conversationId, created + wait * HOUR).run()
  }
  await historyRewritten({ site })
}

const responderStats = async (site: string) => ((await (await getThread(site, { url: pageUrl() })).json()) as Thread).responder.stats

describe('reply-time hint and public accountability', () => {
  it('hides the figures until there is enough history', async () => {
    const site = await givenSite()
    await history(site, [1, 2, 3, 4])
    expect(await responderStats(site)).toEqual({ windowDays: 90, conversations: 4, answeredRate: null, medianFirstReplySeconds: null, p90FirstReplySeconds: null })
  })

  it('computes the answered rate and the median first reply from real history', async () => {
    const site = await givenSite()
    await history(site, [1, 2, 3, 10, 30, null])
    expect(await responderStats(site)).toEqual({
      windowDays: 90,
      conversations: 6,
      answeredRate: 5 / 6,
      medianFirstReplySeconds: 3 * 3600,
      // 90% within: between the 4th and 5th fastest of 5 (10 h and 30 h), interpolated.
      p90FirstReplySeconds: 22 * 3600,
    })
  })

  it('counts only the last 90 days', async () => {
    const site = await givenSite()
    await history(site, [1, 1, 1, 1, 1], 120)
    expect((await responderStats(site)).conversations).toBe(0)
  })

  it("lists the site's active responders with their record, and nobody else", async () => {
    const doc = orgConfig()
    doc.staff.push({ handle: 'outsider', name: 'Olu Outsider', role: 'Other team', email: 'o@example.org' })
    doc.staff[1]!.delegate = 'chloe'
    doc.sites[0]!.rules = [{ when: { topic: 'budget' }, assign: { staff: 'ben' } }]
    const site = await givenSite(doc)
    await history(site, [1, 1, 2, 2, 2])

    const res = await SELF.fetch(`https://byline.test/v1/sites/${site}/responders`, { headers: { origin: ORIGIN } })
    expect(res.status).toBe(200)
    const { responders } = (await res.json()) as Responders
    expect(responders.map((r) => r.handle)).toEqual(['amira', 'ben', 'chloe'])
    expect(responders[0]!.stats).toEqual({ windowDays: 90, conversations: 5, answeredRate: 1, medianFirstReplySeconds: 2 * 3600, p90FirstReplySeconds: 2 * 3600 })
    expect(JSON.stringify(responders)).not.toContain('@example.org')
  })
})
