import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../worker/src/index'
import { queueDigest } from '../../worker/src/domain/digests'
import { seedWaiting } from '../../worker/src/domain/staff-bench'
import type { Env } from '../../worker/src/env'
import { DELIVERY_CHUNK, deliverEvents, MAX_SINGLE_SENDS_PER_RUN } from '../../worker/src/events/deliver'
import type { Mailer, OutgoingMail } from '../../worker/src/mail/mailer'
import { DIGEST_ITEMS } from '../../worker/src/mail/reactions'
import { meteredD1 } from '../../worker/src/store/metered'
import { comment, givenSite, ORIGIN } from './helpers'

/*
 * The staff side at scale: what a digest and a drain of the outbox ask of D1 does not grow with the number of
 * conversations or messages, or grows by whole rounds of a fixed size. D1 is wrapped in a counting proxy (calls
 * are round trips: a statement on its own or a whole batch); the mail goes to a capturing mailer, as a provider
 * would take it, so the counts are the worker's own. Each scenario runs at its own moment far ahead, after a drain
 * that empties what is due, so the counts are of its rows alone.
 */

const DAY = 86_400_000
let later = Date.now() + 90 * DAY

const capture = (sent: OutgoingMail[]): Mailer => ({ send: async (m) => void sent.push(m) })

/** A fresh moment with nothing due: whatever earlier tests left due is delivered first, uncounted. */
async function quietMoment() {
  later += DAY
  await deliverEvents(env, later, capture([]))
  return later
}

async function digestFor(waiting: number) {
  const site = await givenSite()
  const now = await quietMoment()
  const { staffId } = await seedWaiting(env, { siteId: site, handle: 'ben', count: waiting, notify: false, now })
  const { db, meter } = meteredD1(env.DB)
  const metered: Env = { ...env, DB: db }
  const sent: OutgoingMail[] = []
  await queueDigest({ env: metered, now, committed: () => {} }, { staffId, slot: `scale:${now}` })
  const run = await deliverEvents(metered, now, capture(sent))
  return { run, meter, sent }
}

async function drainOf(messages: number) {
  const site = await givenSite()
  const now = await quietMoment()
  await seedWaiting(env, { siteId: site, handle: 'amira', count: messages, notify: true, now })
  const { db, meter } = meteredD1(env.DB)
  const sent: OutgoingMail[] = []
  const run = await deliverEvents({ ...env, DB: db }, now, capture(sent))
  return { run, meter, sent }
}

// Thousands of rows seeded and mailed per test: seconds on a quiet machine, many more on a loaded 2-core one.
describe('the staff side at scale', { timeout: 180_000 }, () => {
  it('a digest costs the same D1 round trips and statements for 5 people waiting as for 500', async () => {
    const few = await digestFor(5)
    const many = await digestFor(500)

    expect(few.sent).toHaveLength(1)
    expect(few.sent[0]!.subject).toBe('5 people are waiting for your answer')
    expect(many.sent).toHaveLength(1)
    expect(many.sent[0]!.subject).toBe('500 people are waiting for your answer')
    // The longest-waiting are listed, with the count of the others.
    expect(many.sent[0]!.text.match(/^ {2}Reply: /gm)).toHaveLength(DIGEST_ITEMS)
    expect(many.sent[0]!.text).toContain(`${500 - DIGEST_ITEMS} more people are waiting too`)

    // Queue (one batch), claim, read the mailbox, read the waiting list, store the tokens, record, and the empty claim.
    expect(few.meter.calls).toBe(7)
    expect(many.meter.calls).toBe(few.meter.calls)
    expect(many.meter.statements).toBe(few.meter.statements)
  })

  it('a drain of 1,000 messages costs what 10 cost, once per round of a fixed size', async () => {
    const few = await drainOf(10)
    const many = await drainOf(1000)

    expect(few.run).toEqual({ claimed: 10, sent: 10, failed: 0 })
    expect(many.run).toEqual({ claimed: 1000, sent: 1000, failed: 0 })
    expect(few.sent).toHaveLength(10)
    expect(new Set(many.sent.map((m) => m.text)).size).toBe(1000)

    // A round: claim, the comments, their responders and conversations, the tokens, the outcomes; then the empty claim.
    const perRound = few.meter.calls - 1
    expect(perRound).toBe(6)
    expect(many.meter.calls).toBe(Math.ceil(1000 / DELIVERY_CHUNK) * perRound + 1)
    expect(many.meter.statements).toBe(Math.ceil(1000 / DELIVERY_CHUNK) * (few.meter.statements - 1) + 1)
  })

  it('keeps a run within the subrequest limit: one provider call per message stops it before 9,000 calls, the next run sends the rest', async () => {
    const site = await givenSite()
    const now = await quietMoment()
    const backlog = MAX_SINGLE_SENDS_PER_RUN + DELIVERY_CHUNK
    await seedWaiting(env, { siteId: site, handle: 'amira', count: backlog, notify: true, now })
    const sent: OutgoingMail[] = []

    expect(await deliverEvents(env, now, capture(sent))).toEqual({ claimed: MAX_SINGLE_SENDS_PER_RUN, sent: MAX_SINGLE_SENDS_PER_RUN, failed: 0 })
    expect(sent).toHaveLength(MAX_SINGLE_SENDS_PER_RUN)
    expect(await deliverEvents(env, now, capture(sent))).toEqual({ claimed: DELIVERY_CHUNK, sent: DELIVERY_CHUNK, failed: 0 })
    expect(new Set(sent.map((m) => m.text)).size).toBe(backlog)
  })
})

describe('a post and its mail', () => {
  it('answers 201 before any mail is delivered: delivery runs after the response (waitUntil)', async () => {
    const site = await givenSite()
    // D1 behind a gate that holds the outbox claim (the first thing delivery does) until the response is in hand.
    let open!: () => void
    const gate = new Promise<void>((resolve) => (open = resolve))
    const claims: string[] = []
    const gated = new Proxy(env.DB, {
      get(target, property) {
        if (property !== 'prepare') {
          const value: unknown = Reflect.get(target, property, target)
          return typeof value === 'function' ? value.bind(target) : value
        }
        return (sql: string) => {
          const statement = target.prepare(sql)
          if (!/SET status = 'sending'/.test(sql)) return statement
          const bind = statement.bind.bind(statement)
          statement.bind = (...values: unknown[]) => {
            const bound = bind(...values)
            const all = bound.all.bind(bound)
            bound.all = (async () => {
              claims.push('waiting')
              await gate
              return all()
            }) as typeof bound.all
            return bound
          }
          return statement
        }
      },
    })
    const ctx = createExecutionContext()
    const request = new Request(`https://byline.test/v1/sites/${site}/comments`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify(comment({ body: `Does my answer wait for the mail? ${crypto.randomUUID()}` })),
    })
    const res = await worker.fetch(request, { ...env, DB: gated } as Env, ctx)
    expect(res.status).toBe(201)
    const { comment: posted } = (await res.json()) as { comment: { id: string } }
    // The response is here while delivery is still held at its claim: the notice is queued, not sent.
    expect(claims).toEqual(['waiting'])
    const delivery = `SELECT status FROM event_deliveries WHERE reaction = 'mail.responder'
      AND event_id = (SELECT id FROM events WHERE kind = 'comment.posted' AND payload ->> 'commentId' = ?1)`
    expect(await env.DB.prepare(delivery).bind(posted.id).first('status')).toBe('pending')

    open()
    await waitOnExecutionContext(ctx)
    expect(await env.DB.prepare(delivery).bind(posted.id).first('status')).toBe('sent')
  })
})
