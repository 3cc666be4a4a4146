import { createExecutionContext, createScheduledController, env, SELF, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it, vi } from 'vitest'
import type { Thread } from '../../schema'
import worker from '../../worker/src/index'
import { runCron } from '../../worker/src/cron'
import { assigneeOf, getThread, givenSite, orgConfig, pageUrl, posted, staffReply } from './helpers'

const HOUR = 3_600_000

async function assignments(conversationId: string) {
  const { results } = await env.DB.prepare(
    `SELECT f.handle AS "from", t.handle AS "to", a.reason, a.note FROM assignments a
       LEFT JOIN staff f ON f.id = a.from_staff_id JOIN staff t ON t.id = a.to_staff_id
      WHERE a.conversation_id = ?1 ORDER BY a.created_at, a.rowid`,
  )
    .bind(conversationId)
    .all()
  return results
}

/** An org where amira answers, with ben as her delegate; the reply target is 24 hours. */
function org(opts: { delegate?: string; lead?: string } = {}) {
  const doc = orgConfig()
  if (opts.delegate) doc.staff[0]!.delegate = opts.delegate
  doc.sites[0]!.settings.replyTargetHours = 24
  if (opts.lead)
    doc.sites[0]!.rules = [{ when: { always: true }, assign: { pool: ['amira'], strategy: 'round_robin', lead: opts.lead } }]
  return doc
}

describe('escalation by the cron, with a controlled clock', () => {
  it('hands a conversation waiting past the target to the delegate, once, recording why', async () => {
    const site = await givenSite(org({ delegate: 'ben' }))
    const c = await posted(site)

    await runCron(env, Date.now() + 23 * HOUR)
    expect(await assigneeOf(c.conversationId)).toBe('amira')

    await runCron(env, Date.now() + 25 * HOUR)
    expect(await assigneeOf(c.conversationId)).toBe('ben')
    await runCron(env, Date.now() + 80 * HOUR)
    expect(await assignments(c.conversationId)).toEqual([
      { from: null, to: 'amira', reason: 'default_responder', note: null },
      { from: 'amira', to: 'ben', reason: 'escalation', note: 'No reply within 24 hours; passed to their delegate.' },
    ])

    const thread = (await (await getThread(site, { url: pageUrl() })).json()) as Thread
    expect(thread.conversations[0]!.handovers).toEqual([
      { from: 'amira', to: 'ben', reason: 'escalation', note: 'No reply within 24 hours; passed to their delegate.' },
    ])
    expect([thread.people.amira?.name, thread.people.ben?.name]).toEqual(['Amira Haddad', 'Ben Okafor'])
  })

  it('tells the new assignee, by mail', async () => {
    const site = await givenSite(org({ delegate: 'ben' }))
    const body = `Escalate me ${crypto.randomUUID()}`
    await posted(site, { body })
    await runCron(env, Date.now() + 25 * HOUR)
    await vi.waitFor(async () => {
      const { messages } = (await (await SELF.fetch('https://byline.test/dev/mail.json')).json()) as { messages: { to: string; text: string }[] }
      // Ben's daily digest may fall due in the same tick (it depends on the hour the test runs): look past it.
      const toBen = messages.filter((m) => m.to.startsWith('Ben Okafor') && m.text.includes(body))
      expect(toBen.some((m) => m.text.includes('No reply within 24 hours'))).toBe(true)
    })
  })

  it('goes to the pool lead when there is no delegate', async () => {
    const site = await givenSite(org({ lead: 'chloe' }))
    const c = await posted(site)
    await runCron(env, Date.now() + 25 * HOUR)
    expect(await assigneeOf(c.conversationId)).toBe('chloe')
    expect((await assignments(c.conversationId)).at(-1)).toMatchObject({ reason: 'escalation', note: 'No reply within 24 hours; passed to the team lead.' })
  })

  it('leaves the conversation where it is when there is nobody to hand it to, and does not try again', async () => {
    const site = await givenSite(org())
    const c = await posted(site)
    await runCron(env, Date.now() + 25 * HOUR)
    expect(await assigneeOf(c.conversationId)).toBe('amira')
    expect(await assignments(c.conversationId)).toHaveLength(1)
    const row = await env.DB.prepare(`SELECT escalated_at FROM conversations WHERE id = ?1`).bind(c.conversationId).first<{ escalated_at: number | null }>()
    expect(row!.escalated_at).not.toBeNull()
  })

  it('does not escalate a conversation that was answered in time', async () => {
    const site = await givenSite(org({ delegate: 'ben' }))
    const c = await posted(site)
    expect((await staffReply(c.conversationId, { staff: 'amira', body: 'On it.' })).status).toBe(201)
    await runCron(env, Date.now() + 50 * HOUR)
    expect(await assigneeOf(c.conversationId)).toBe('amira')
    expect(await assignments(c.conversationId)).toHaveLength(1)
  })

  it('escalates once even when two cron runs overlap', async () => {
    const site = await givenSite(org({ delegate: 'ben' }))
    const c = await posted(site)
    const at = Date.now() + 25 * HOUR
    await Promise.all([runCron(env, at), runCron(env, at), runCron(env, at)])
    expect((await assignments(c.conversationId)).filter((a) => a.reason === 'escalation')).toHaveLength(1)
  })

  it('runs from the scheduled handler', async () => {
    const site = await givenSite(org({ delegate: 'ben' }))
    const c = await posted(site)
    const ctx = createExecutionContext()
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now() + 25 * HOUR, cron: '*/5 * * * *' }), env, ctx)
    await waitOnExecutionContext(ctx)
    expect(await assigneeOf(c.conversationId)).toBe('ben')
  })
})
