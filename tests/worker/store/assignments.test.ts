import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { RoutingRule, SiteSettings } from '../../../schema'
import { escalationStatements, handOverStatements, listOverdue } from '../../../worker/src/store/assignments'
import { listStaff } from '../../../worker/src/store/staff'
import { givenSite, orgConfig, pageUrl, posted, staffReply } from '../helpers'

const HOUR = 3_600_000

/** A site with a two-hour reply-time target (unless `settings` say otherwise), and its staff ids by handle. */
async function scene(settings: Partial<SiteSettings> = {}, rules: RoutingRule[] = []) {
  const doc = orgConfig()
  doc.sites[0]!.settings = { ...doc.sites[0]!.settings, replyTargetHours: 2, ...settings }
  doc.sites[0]!.rules = rules
  const site = await givenSite(doc)
  const staff = Object.fromEntries((await listStaff(env.DB, doc.org.id)).map((s) => [s.handle, s.id]))
  return { site, orgId: doc.org.id, staff }
}

async function conversation(id: string) {
  return env.DB.prepare(`SELECT assigned_staff_id AS assigneeId, status, escalated_at AS escalatedAt, awaiting_since AS awaitingSince FROM conversations WHERE id = ?1`)
    .bind(id)
    .first<{ assigneeId: string; status: string; escalatedAt: number | null; awaitingSince: number | null }>()
}

async function handovers(conversationId: string) {
  const { results } = await env.DB.prepare(
    `SELECT from_staff_id AS fromId, to_staff_id AS toId, reason, note, created_at AS at FROM assignments
      WHERE conversation_id = ?1 AND from_staff_id IS NOT NULL ORDER BY created_at, id`,
  )
    .bind(conversationId)
    .all()
  return results
}

const overdueIds = async (now: number) => (await listOverdue(env.DB, now, 1000)).map((o) => o.id)

describe('assignments store', () => {
  it('listOverdue: a conversation waiting past its site’s target, from the target instant on, with who to escalate from', async () => {
    const { orgId, site, staff } = await scene()
    const c = await posted(site)
    const since = (await conversation(c.conversationId))!.awaitingSince!
    expect(await overdueIds(since + 2 * HOUR - 1)).not.toContain(c.conversationId)
    const due = (await listOverdue(env.DB, since + 2 * HOUR, 1000)).find((o) => o.id === c.conversationId)
    expect(due).toEqual({ id: c.conversationId, orgId, assigneeId: staff.amira, leadId: null, targetHours: 2 })
  })

  it('listOverdue: the pool’s lead comes with the conversation, to escalate to', async () => {
    const { site, staff } = await scene({}, [{ when: { always: true }, assign: { pool: ['amira', 'chloe'], strategy: 'least_open', lead: 'ben' } }])
    const c = await posted(site)
    const since = (await conversation(c.conversationId))!.awaitingSince!
    expect((await listOverdue(env.DB, since + 2 * HOUR, 1000)).find((o) => o.id === c.conversationId)?.leadId).toBe(staff.ben)
  })

  it('listOverdue: not once answered, not while held for moderation', async () => {
    const answered = await scene()
    const c = await posted(answered.site)
    expect((await staffReply(c.conversationId, { staff: 'amira', body: 'Answered.' })).status).toBe(201)
    const held = await scene({ moderation: 'all' })
    const h = await posted(held.site)
    const later = Date.now() + 48 * HOUR
    expect(await overdueIds(later)).not.toContain(c.conversationId)
    expect(await overdueIds(later)).not.toContain(h.conversationId)
  })

  it('listOverdue: longest waiting first, at most `limit`', async () => {
    const { site } = await scene()
    const a = await posted(site)
    const b = await posted(site, { url: pageUrl('/news/other') })
    const later = Date.now() + 48 * HOUR
    const ids = await overdueIds(later)
    expect(ids.indexOf(a.conversationId)).toBeLessThan(ids.indexOf(b.conversationId))
    const all = await listOverdue(env.DB, later, 1000)
    expect(await listOverdue(env.DB, later, 1)).toEqual(all.slice(0, 1))
  })

  it('escalationStatements: hands the conversation over once, recorded; a second run changes nothing', async () => {
    const { site, staff } = await scene()
    const c = await posted(site)
    const now = Date.now() + 3 * HOUR
    const escalate = (at: number) =>
      env.DB.batch(escalationStatements(env.DB, { conversationId: c.conversationId, assignmentId: crypto.randomUUID(), toId: staff.ben!, note: 'Waited 3 hours' }, at))

    await escalate(now)
    await escalate(now + HOUR)
    expect(await conversation(c.conversationId)).toMatchObject({ assigneeId: staff.ben, status: 'awaiting', escalatedAt: now })
    expect(await handovers(c.conversationId)).toEqual([{ fromId: staff.amira, toId: staff.ben, reason: 'escalation', note: 'Waited 3 hours', at: now }])
    expect(await overdueIds(now + 48 * HOUR)).not.toContain(c.conversationId)
  })

  it('escalationStatements with nobody to hand to: only marked escalated, still with its assignee', async () => {
    const { site, staff } = await scene()
    const c = await posted(site)
    const now = Date.now() + 3 * HOUR
    await env.DB.batch(escalationStatements(env.DB, { conversationId: c.conversationId, assignmentId: crypto.randomUUID(), toId: null, note: 'n' }, now))
    expect(await conversation(c.conversationId)).toMatchObject({ assigneeId: staff.amira, escalatedAt: now })
    expect(await handovers(c.conversationId)).toEqual([])
  })

  it('handOverStatements: moves the conversation and records it; from a stale assignee, nothing happens', async () => {
    const { site, staff } = await scene()
    const c = await posted(site)
    const now = Date.now()
    const handOver = (fromId: string, toId: string, at: number) =>
      env.DB.batch(handOverStatements(env.DB, { conversationId: c.conversationId, assignmentId: crypto.randomUUID(), fromId, toId, note: 'Yours' }, at))

    const [done] = await handOver(staff.amira!, staff.ben!, now)
    // D1 counts the rows the version triggers touch too (migration 0010): what callers rely on is none or some.
    expect(done!.meta.changes).toBeGreaterThan(0)
    // Someone still looking at Amira's view hands it to Chloé: Ben has it now, so it stays with him.
    const [stale] = await handOver(staff.amira!, staff.chloe!, now + 1)
    expect(stale!.meta.changes).toBe(0)
    expect((await conversation(c.conversationId))!.assigneeId).toBe(staff.ben)
    expect(await handovers(c.conversationId)).toEqual([{ fromId: staff.amira, toId: staff.ben, reason: 'handover', note: 'Yours', at: now }])
  })
})
