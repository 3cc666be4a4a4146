import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Deps } from '../../worker/src/domain/context'
import { handOver } from '../../worker/src/domain/conversation'
import { publishStaffReply } from '../../worker/src/domain/staff-reply'
import { requestVerification } from '../../worker/src/domain/visitor'
import { deliverEvents } from '../../worker/src/events/deliver'
import { eventStatements } from '../../worker/src/events/record'
import type { Mailer, OutgoingMail } from '../../worker/src/mail/mailer'
import { countAll, givenSite, orgConfig, posted } from './helpers'

/*
 * The event outbox: one typed event per change, its reactions delivered once each. These tests run the
 * operations with a clock far ahead, so the deliveries they queue are due only to the runs the tests make.
 */

const DAY = 86_400_000
let later = Date.now() + 30 * DAY
/** Deps at a moment no request's own delivery run reaches, starting no delivery of their own. */
const at = (now: number): Deps => ({ env, now, committed: () => {} })
const capture = (sent: OutgoingMail[], fail?: (m: OutgoingMail) => boolean): Mailer => ({
  send: async (m) => {
    if (fail?.(m)) throw new Error('provider down')
    sent.push(m)
  },
})

async function eventsOf(kind: string, field: string, value: string) {
  const { results } = await env.DB.prepare(`SELECT id, payload FROM events WHERE kind = ?1 AND json_extract(payload, '$.' || ?2) = ?3`)
    .bind(kind, field, value)
    .all<{ id: string; payload: string }>()
  return results
}

const deliveriesOf = async (eventId: string) =>
  (
    await env.DB.prepare(`SELECT reaction, target, status, attempts, last_error FROM event_deliveries WHERE event_id = ?1 ORDER BY target`)
      .bind(eventId)
      .all<{ reaction: string; target: string; status: string; attempts: number; last_error: string | null }>()
  ).results

describe('the event outbox', () => {
  it('records one event per change, with its reactions queued, and none for a refused change', async () => {
    const site = await givenSite()
    const c = await posted(site)
    const [event] = await eventsOf('comment.posted', 'commentId', c.id)
    expect(JSON.parse(event!.payload)).toEqual({ commentId: c.id })
    expect((await deliveriesOf(event!.id)).map((d) => d.reaction)).toEqual(['mail.responder', 'mail.verification', 'stats.responders'])

    const before = await countAll()
    await expect(handOver(at(later), { conversationId: c.conversationId, to: { handle: 'amira' }, note: null })).rejects.toMatchObject({
      code: 'already_assigned',
    })
    expect(await countAll()).toEqual(before)
  })

  it('checks a payload against its kind when it is written: a malformed event is never stored', async () => {
    const before = await countAll()
    // A caller outside the type system: the schema still stands between it and the table.
    const bad = { kind: 'comment.posted', payload: { commentId: 42 } } as unknown as Parameters<typeof eventStatements>[1]
    expect(() => eventStatements(env.DB, bad, Date.now())).toThrow()
    expect(await countAll()).toEqual(before)
  })

  it('checks a payload when it is read: a row that does not fit its kind fails its delivery and stays, others go on', async () => {
    later += DAY
    await env.DB.batch([
      env.DB.prepare(`INSERT INTO events (id, kind, payload, created_at) VALUES ('bad-payload', 'reply.published', '{"commentId":null}', ?1)`).bind(later),
      env.DB.prepare(`INSERT INTO events (id, kind, payload, created_at) VALUES ('gone-kind', 'kind.from.elsewhere', '{}', ?1)`).bind(later),
      env.DB.prepare(`INSERT INTO event_deliveries (event_id, reaction, next_attempt_at) VALUES ('bad-payload', 'mail.visitors', ?1), ('gone-kind', 'mail.x', ?1)`).bind(later),
    ])
    const run = await deliverEvents(env, later, capture([]))
    expect(run.failed).toBe(2)
    for (const id of ['bad-payload', 'gone-kind']) {
      const [d] = await deliveriesOf(id)
      expect(d).toMatchObject({ status: 'pending', attempts: 1 })
      expect(d!.last_error).toBeTruthy()
    }
  })

  it('fans a reply out to each visitor once: a failed recipient is retried alone, the others are not sent again', async () => {
    later += DAY
    const site = await givenSite(orgConfig())
    const first = await posted(site, { name: 'Ana Visitor', email: 'ana@visitor.test' })
    await posted(site, { name: 'Bo Visitor', email: 'bo@visitor.test', conversationId: first.conversationId })
    const reply = await publishStaffReply(at(later), { conversationId: first.conversationId, author: { handle: 'amira' }, body: 'Answered for both.' })
    const [event] = await eventsOf('reply.published', 'commentId', reply!.comment.id)

    const sent: OutgoingMail[] = []
    await deliverEvents(env, later, capture(sent, (m) => m.to.email === 'bo@visitor.test'))
    const mine = (to: string) => sent.filter((m) => m.to.email === to && m.text.includes('Answered for both.'))
    expect(mine('ana@visitor.test')).toHaveLength(1)
    expect(mine('bo@visitor.test')).toHaveLength(0)
    const deliveries = (await deliveriesOf(event!.id)).filter((d) => d.reaction === 'mail.visitors')
    expect(deliveries.map((d) => [d.target === '' ? 'split' : 'visitor', d.status])).toEqual(
      expect.arrayContaining([
        ['split', 'sent'],
        ['visitor', 'sent'],
        ['visitor', 'pending'],
      ]),
    )
    expect(deliveries).toHaveLength(3)

    // The failed one is due again after its backoff; the next run sends it, and only it.
    await deliverEvents(env, later + 60_000, capture(sent))
    expect(mine('ana@visitor.test')).toHaveLength(1)
    expect(mine('bo@visitor.test')).toHaveLength(1)
    expect((await deliveriesOf(event!.id)).every((d) => d.status === 'sent')).toBe(true)
    await deliverEvents(env, later + 7 * DAY, capture(sent))
    expect(mine('ana@visitor.test')).toHaveLength(1)
    expect(mine('bo@visitor.test')).toHaveLength(1)
  })

  it('records a keyed event once: two confirmation requests in ten minutes are one event', async () => {
    const doc = orgConfig()
    doc.sites[0]!.settings.requireVerifiedEmail = true
    const site = await givenSite(doc)
    await posted(site, { email: 'twice@visitor.test' }).catch(() => undefined)
    await requestVerification(at(later), { siteId: site, email: 'twice@visitor.test' })
    await requestVerification(at(later + 1000), { siteId: site, email: 'twice@visitor.test' })
    expect(await eventsOf('verification.requested', 'email', 'twice@visitor.test')).toHaveLength(1)
  })

  it('records no event for a change that did not happen: a hand-over beaten by another', async () => {
    later += DAY
    const site = await givenSite()
    const c = await posted(site)
    const results = await Promise.allSettled([
      handOver(at(later), { conversationId: c.conversationId, to: { handle: 'ben' }, note: null }),
      handOver(at(later), { conversationId: c.conversationId, to: { handle: 'chloe' }, note: null }),
    ])
    const events = (
      await env.DB.prepare(
        `SELECT count(*) AS n FROM events e JOIN assignments a ON a.id = json_extract(e.payload, '$.assignmentId')
          WHERE e.kind = 'conversation.handed_over' AND a.conversation_id = ?1`,
      )
        .bind(c.conversationId)
        .first<{ n: number }>()
    )!.n
    expect(events).toBe(results.filter((r) => r.status === 'fulfilled').length)
    expect(events).toBeGreaterThanOrEqual(1)
  })
})
