import { createExecutionContext, createScheduledController, env, SELF, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it, vi } from 'vitest'
import worker from '../../worker/src/index'
import { deliverEvents } from '../../worker/src/events/deliver'
import type { Mailer, OutgoingMail } from '../../worker/src/mail/mailer'
import { MAX_ATTEMPTS } from '../../worker/src/store/events'
import type { PostedComment } from '../../schema'
import { comment, givenSite, postComment } from './helpers'

type DevMailJson = { messages: { to: string; subject: string; text: string; html: string; links: string[] }[] }

/** The responder's notice about a comment: the delivery of the `comment.posted` event's mail reaction. */
const responderDelivery = `event_id = (SELECT id FROM events WHERE kind = 'comment.posted' AND json_extract(payload, '$.commentId') = ?1)
  AND reaction = 'mail.responder'`

async function outboxRow(commentId: string) {
  return env.DB.prepare(`SELECT status, attempts, last_error, next_attempt_at FROM event_deliveries WHERE ${responderDelivery}`)
    .bind(commentId)
    .first<{ status: string; attempts: number; last_error: string | null; next_attempt_at: number }>()
}

async function postOne(body = 'Is the <b>river</b> route running on Sundays?') {
  const site = await givenSite()
  const res = await postComment(site, comment({ name: 'Jo <script>', body }))
  return ((await res.json()) as PostedComment).comment
}

describe('the outbox', () => {
  it('delivers the responder a "new comment" notice, visible in the dev outbox with its links', async () => {
    const posted = await postOne()
    await vi.waitFor(async () => expect((await outboxRow(posted.id))?.status).toBe('sent'))

    const res = await SELF.fetch('https://byline.test/dev/mail.json')
    const { messages } = (await res.json()) as DevMailJson
    const mail = messages.find((m) => m.text.includes('river</b> route'))!
    expect(mail.to).toBe('Amira Haddad <amira@example.org>')
    expect(mail.subject).toBe('Jo <script> is waiting for your answer on “https://www.example.org/news/budget”')
    expect(mail.links).toContain('https://www.example.org/news/budget')
    // Visitor text is escaped in the HTML part, never markup.
    expect(mail.html).toContain('Is the &lt;b&gt;river&lt;/b&gt; route')
    expect(mail.html).not.toContain('<script>')
    expect(mail.html).not.toMatch(/<img/i)

    const page = await SELF.fetch('https://byline.test/dev/mail')
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await page.text()).toContain('Jo &lt;script&gt; is waiting for your answer')
  })

  it('keeps a failed send in the outbox with its error, backs off, and gives up only after the last attempt', async () => {
    const posted = await postOne()
    await vi.waitFor(async () => expect((await outboxRow(posted.id))?.status).toMatch(/sent|pending/))
    // Make the row due again as if it had never been sent, then fail every attempt.
    await env.DB.prepare(`UPDATE event_deliveries SET status = 'pending', attempts = 0, next_attempt_at = 0, sent_at = NULL WHERE ${responderDelivery}`)
      .bind(posted.id)
      .run()
    const failing: Mailer = { send: async () => Promise.reject(new Error('provider down')) }

    let now = Date.now() + 1
    const first = await deliverEvents(env, now, failing)
    expect(first.failed).toBeGreaterThanOrEqual(1)
    let row = (await outboxRow(posted.id))!
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: 'provider down' })
    expect(row.next_attempt_at).toBe(now + 60_000)

    // Not due yet: nothing happens.
    await deliverEvents(env, now + 1000, failing)
    expect((await outboxRow(posted.id))!.attempts).toBe(1)

    for (let i = 2; i <= MAX_ATTEMPTS; i++) {
      now = (await outboxRow(posted.id))!.next_attempt_at
      await deliverEvents(env, now, failing)
    }
    row = (await outboxRow(posted.id))!
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, last_error: 'provider down' })

    // A working provider later does not resurrect a row that gave up; it stays visible as failed.
    const sent: OutgoingMail[] = []
    await deliverEvents(env, row.next_attempt_at + 1, { send: async (m) => void sent.push(m) })
    expect((await outboxRow(posted.id))!.status).toBe('failed')
  })

  it('never sends a row twice when two runs overlap', async () => {
    const posted = await postOne()
    await vi.waitFor(async () => expect((await outboxRow(posted.id))?.status).toMatch(/sent|pending/))
    await env.DB.prepare(`UPDATE event_deliveries SET status = 'pending', attempts = 0, next_attempt_at = 0 WHERE ${responderDelivery}`)
      .bind(posted.id)
      .run()
    const sent: string[] = []
    const slow: Mailer = {
      send: async (m) => {
        await new Promise((r) => setTimeout(r, 20))
        sent.push(m.text)
      },
    }
    const now = Date.now() + 1
    await Promise.all([deliverEvents(env, now, slow), deliverEvents(env, now, slow), deliverEvents(env, now, slow)])
    expect(sent.filter((t) => t.includes(posted.id) || t.includes('river</b> route')).length).toBe(1)
  })

  it('runs from the cron handler', async () => {
    const posted = await postOne('Cron, please deliver this one')
    await vi.waitFor(async () => expect((await outboxRow(posted.id))?.status).toMatch(/sent|pending/))
    await env.DB.prepare(`UPDATE event_deliveries SET status = 'pending', attempts = 0, next_attempt_at = 0, sent_at = NULL WHERE ${responderDelivery}`)
      .bind(posted.id)
      .run()
    const controller = createScheduledController({ scheduledTime: Date.now() + 1, cron: '*/5 * * * *' })
    const ctx = createExecutionContext()
    await worker.scheduled(controller, env, ctx)
    await waitOnExecutionContext(ctx)
    expect((await outboxRow(posted.id))!.status).toBe('sent')
  })
})
