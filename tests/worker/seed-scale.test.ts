import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Thread } from '../../schema'
import { SCALE_SITES, scalePageKey, scaleStatements } from '../../scripts/seed-scale-sql.mjs'
import { countRows, getThread, ORIGIN } from './helpers'

/** Rows of one kind of the scale organisation, whatever else the test database holds. */
async function scaleCount(sql: string) {
  return (await env.DB.prepare(sql).first<{ n: number }>())!.n
}

describe('npm run seed:scale', () => {
  it('fills an organisation whose pages read as threads a visitor would see, within D1 statement limits', async () => {
    const { statements, expected } = scaleStatements({ comments: 2000, pages: 20, origins: [ORIGIN] })
    for (const sql of statements) {
      expect(new TextEncoder().encode(sql).length).toBeLessThan(100_000)
      await env.DB.prepare(sql).run()
    }

    expect(expected).toEqual({ sites: 5, staff: 10, pages: 20, conversations: 952, commentsPerPage: 100 })
    expect(await scaleCount(`SELECT count(*) AS n FROM comments WHERE site_id LIKE 'scale-%'`)).toBe(2000)
    expect(await scaleCount(`SELECT count(*) AS n FROM conversations WHERE site_id LIKE 'scale-%' AND status = 'awaiting'`)).toBe(96)
    // A conversation's visitor and page are on its own site.
    expect(
      await scaleCount(
        `SELECT count(*) AS n FROM conversations v JOIN visitors x ON x.id = v.visitor_id JOIN pages p ON p.id = v.page_id
          WHERE v.site_id LIKE 'scale-%' AND x.site_id = v.site_id AND p.site_id = v.site_id`,
      ),
    ).toBe(952)

    const res = await getThread(SCALE_SITES[0]!.id, { url: `${ORIGIN}${scalePageKey(0)}` })
    expect(res.status).toBe(200)
    const thread = (await res.json()) as Thread
    const comments = thread.conversations.flatMap((c) => c.comments)
    expect(thread.conversations).toHaveLength(48)
    expect(comments).toHaveLength(102)
    expect(new Set(thread.conversations.map((c) => c.status))).toEqual(new Set(['awaiting', 'answered', 'closed']))
    expect(thread.conversations.some((c) => c.handovers.some((h) => h.reason === 'handover'))).toBe(true)
    expect(thread.conversations.some((c) => c.handovers.some((h) => h.reason === 'escalation'))).toBe(true)
    // Oldest first, over the past year.
    const times = thread.conversations.map((c) => Date.parse(c.comments[0]!.createdAt))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(Date.now() - times[0]!).toBeLessThan(366 * 86_400_000)
    expect(await countRows('staff')).toBeGreaterThanOrEqual(10)
  })
})
