import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import {
  CLAIM_LEASE_MS,
  claimDueDeliveries,
  insertEventStatements,
  markDeliveredStatement,
  markFailedStatement,
  MAX_ATTEMPTS,
  splitDeliveryStatements,
  type ClaimedDelivery,
} from '../../../worker/src/store/events'

/*
 * The event outbox's SQL against a real D1: what an event row and its deliveries are, the claim and its lease, the
 * backoff and the cap. The kinds here exist in no registry and no migration: the tables take any kind.
 * Each test keeps to its own events (and claims at a moment of its own, long before any request's), so rows
 * others leave due never count in it.
 */

const MINUTE = 60_000
let clock = Date.UTC(2020, 0, 1)
/** A moment no other test's rows are due at, an hour after the last one handed out. */
const moment = () => (clock += 3_600_000)

type Delivery = { reaction: string; target: string; status: string; attempts: number; next_attempt_at: number; last_error: string | null; sent_at: number | null }

const deliveriesOf = async (eventId: string) =>
  (
    await env.DB.prepare(
      `SELECT reaction, target, status, attempts, next_attempt_at, last_error, sent_at FROM event_deliveries WHERE event_id = ?1 ORDER BY reaction, target`,
    )
      .bind(eventId)
      .all<Delivery>()
  ).results

const eventCount = async (id: string) => (await env.DB.prepare(`SELECT count(*) AS n FROM events WHERE id = ?1`).bind(id).first<{ n: number }>())!.n

/** Records one event of a made-up kind with the given reactions, as a change's batch would. */
async function recorded(now: number, p: { reactions?: { name: string; delayMs: number }[]; dedupeKey?: string | null; kind?: string } = {}) {
  const id = crypto.randomUUID()
  await env.DB.batch(
    insertEventStatements(
      env.DB,
      {
        id,
        kind: p.kind ?? 'test.something_happened',
        payload: { thing: id },
        dedupeKey: p.dedupeKey ?? null,
        reactions: p.reactions ?? [{ name: 'test.reaction', delayMs: 0 }],
      },
      now,
    ),
  )
  return id
}

/** What a claim at `now` takes of these events' deliveries (generous limit: others' due rows may be claimed too). */
const claimOf = async (ids: string[], now: number, limit = 1000) => (await claimDueDeliveries(env.DB, now, limit)).filter((d) => ids.includes(d.eventId))

describe('event outbox store', () => {
  it('records an event of any kind with a delivery per reaction, each due after its own delay', async () => {
    const now = moment()
    const id = await recorded(now, {
      kind: 'test.kind_no_migration_knows',
      reactions: [
        { name: 'test.at_once', delayMs: 0 },
        { name: 'test.a_minute_later', delayMs: MINUTE },
      ],
    })
    const event = await env.DB.prepare(`SELECT kind, payload, created_at AS createdAt FROM events WHERE id = ?1`).bind(id).first()
    expect(event).toEqual({ kind: 'test.kind_no_migration_knows', payload: JSON.stringify({ thing: id }), createdAt: now })
    expect(await deliveriesOf(id)).toEqual([
      { reaction: 'test.a_minute_later', target: '', status: 'pending', attempts: 0, next_attempt_at: now + MINUTE, last_error: null, sent_at: null },
      { reaction: 'test.at_once', target: '', status: 'pending', attempts: 0, next_attempt_at: now, last_error: null, sent_at: null },
    ])
    // Only what is due is claimed: the delayed reaction waits for its minute.
    expect((await claimOf([id], now)).map((d) => d.reaction)).toEqual(['test.at_once'])
    expect((await claimOf([id], now + MINUTE)).map((d) => d.reaction)).toEqual(['test.a_minute_later'])
  })

  it('writes a keyed event once: a second with the same key writes neither the event nor its deliveries', async () => {
    const now = moment()
    const key = `test:${crypto.randomUUID()}`
    const first = await recorded(now, { dedupeKey: key })
    const second = await recorded(now + 1, { dedupeKey: key })
    expect(await eventCount(first)).toBe(1)
    expect(await eventCount(second)).toBe(0)
    expect(await deliveriesOf(second)).toEqual([])
    expect(await deliveriesOf(first)).toHaveLength(1)
  })

  it('records nothing when its guard finds the change did not happen', async () => {
    const now = moment()
    const id = crypto.randomUUID()
    const base = { id, kind: 'test.guarded', payload: {}, dedupeKey: null, reactions: [{ name: 'test.reaction', delayMs: 0 }] }
    await env.DB.batch(insertEventStatements(env.DB, { ...base, onlyIf: { sql: `?6 = 'it happened'`, param: 'it did not' } }, now))
    expect(await eventCount(id)).toBe(0)
    expect(await deliveriesOf(id)).toEqual([])
    await env.DB.batch(insertEventStatements(env.DB, { ...base, onlyIf: { sql: `?6 = 'it happened'`, param: 'it happened' } }, now))
    expect(await eventCount(id)).toBe(1)
    expect(await deliveriesOf(id)).toHaveLength(1)
  })

  it("claims a due delivery once, with its event's kind and payload, and holds it for the lease", async () => {
    const now = moment()
    const id = await recorded(now, { kind: 'test.claimed' })
    const [claimed, ...more] = await claimOf([id], now)
    expect(more).toEqual([])
    expect(claimed).toEqual({ eventId: id, kind: 'test.claimed', payload: JSON.stringify({ thing: id }), reaction: 'test.reaction', target: '', attempts: 1 })
    expect(await deliveriesOf(id)).toMatchObject([{ status: 'sending', attempts: 1, next_attempt_at: now + CLAIM_LEASE_MS }])

    // Held: no other run takes it while the lease lasts, at the same moment or up to its last millisecond.
    expect(await claimOf([id], now)).toEqual([])
    expect(await claimOf([id], now + CLAIM_LEASE_MS - 1)).toEqual([])
    // A run that died holding it: once the lease is over the next run takes it again, as a further attempt.
    const [again] = await claimOf([id], now + CLAIM_LEASE_MS)
    expect(again).toMatchObject({ eventId: id, attempts: 2 })
    expect(await deliveriesOf(id)).toMatchObject([{ status: 'sending', attempts: 2, next_attempt_at: now + 2 * CLAIM_LEASE_MS }])
  })

  it('never hands the same delivery to two claims made at once', async () => {
    const now = moment()
    const ids = await Promise.all(Array.from({ length: 12 }, () => recorded(now)))
    const claims = await Promise.all([claimOf(ids, now), claimOf(ids, now), claimOf(ids, now)])
    const taken = claims.flat().map((d) => d.eventId)
    expect(taken.sort()).toEqual([...ids].sort())
  })

  it('claims at most its limit, the longest due first', async () => {
    // Years before any other test's moments: at this time only these three rows are due.
    const then = Date.UTC(2010, 0, 1)
    const newest = await recorded(then - MINUTE)
    const oldest = await recorded(then - 3 * MINUTE)
    const older = await recorded(then - 2 * MINUTE)
    const firstTwo = await claimDueDeliveries(env.DB, then, 2)
    expect(firstTwo.map((d) => d.eventId)).toEqual([oldest, older])
    expect((await claimDueDeliveries(env.DB, then, 2)).map((d) => d.eventId)).toEqual([newest])
  })

  it('marks deliveries sent, however many, and a sent delivery is never claimed again', async () => {
    const now = moment()
    const ids = [await recorded(now), await recorded(now)]
    const claimed = await claimOf(ids, now)
    await markDeliveredStatement(env.DB, claimed, now + 5).run()
    for (const id of ids) expect(await deliveriesOf(id)).toMatchObject([{ status: 'sent', sent_at: now + 5, last_error: null, attempts: 1 }])
    expect(await claimOf(ids, now + 10 * CLAIM_LEASE_MS)).toEqual([])
  })

  it('backs a failed delivery off 1, 2, 4 … minutes from its own attempt count, then gives up at the cap and keeps the row', async () => {
    let now = moment()
    const id = await recorded(now)
    const waits: number[] = []
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const [claimed] = await claimOf([id], now)
      expect(claimed, `attempt ${attempt}`).toMatchObject({ attempts: attempt })
      await markFailedStatement(env.DB, [{ delivery: claimed!, error: `provider down (${attempt})` }], now).run()
      const [row] = await deliveriesOf(id)
      if (attempt < MAX_ATTEMPTS) {
        expect(row).toMatchObject({ status: 'pending', attempts: attempt, last_error: `provider down (${attempt})` })
        waits.push((row!.next_attempt_at - now) / MINUTE)
        // Not due a moment before its time.
        expect(await claimOf([id], row!.next_attempt_at - 1)).toEqual([])
        now = row!.next_attempt_at
      } else {
        expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, last_error: `provider down (${MAX_ATTEMPTS})` })
      }
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64].slice(0, MAX_ATTEMPTS - 1))
    // A row that gave up stays, and no later run takes it.
    expect(await claimOf([id], now + 365 * 86_400_000)).toEqual([])
    expect(await deliveriesOf(id)).toHaveLength(1)
  })

  it('records each failure with its own error and attempt count in one statement', async () => {
    const now = moment()
    const a = await recorded(now)
    const [first] = await claimOf([a], now)
    await markFailedStatement(env.DB, [{ delivery: first!, error: 'first try' }], now).run()
    const b = await recorded(now)
    const claimed = await claimOf([a, b], now + MINUTE)
    expect(claimed.map((d) => [d.eventId, d.attempts]).sort()).toEqual([[a, 2], [b, 1]].sort())
    await markFailedStatement(env.DB, claimed.map((d) => ({ delivery: d, error: `failed ${d.attempts}` })), now + MINUTE).run()
    expect(await deliveriesOf(a)).toMatchObject([{ status: 'pending', attempts: 2, last_error: 'failed 2', next_attempt_at: now + 3 * MINUTE }])
    expect(await deliveriesOf(b)).toMatchObject([{ status: 'pending', attempts: 1, last_error: 'failed 1', next_attempt_at: now + 2 * MINUTE }])
  })

  it('splits a fan-out into one delivery per recipient, once, and marks the split done', async () => {
    const now = moment()
    const id = await recorded(now, { reactions: [{ name: 'test.fan_out', delayMs: 0 }] })
    const [parent] = await claimOf([id], now)
    const split = (d: ClaimedDelivery) => splitDeliveryStatements(env.DB, [{ delivery: d, targets: ['visitor-1', 'visitor-2', ''] }], now)
    await env.DB.batch(split(parent!))
    // The same split again (a run that could not record it) queues nobody twice.
    await env.DB.batch(split(parent!))
    expect((await deliveriesOf(id)).map((d) => [d.target, d.status, d.attempts])).toEqual([
      ['', 'sent', 1],
      ['visitor-1', 'pending', 0],
      ['visitor-2', 'pending', 0],
    ])
    // Each recipient is its own delivery from now on: one failing is retried alone.
    const recipients = await claimOf([id], now)
    expect(recipients.map((d) => d.target).sort()).toEqual(['visitor-1', 'visitor-2'])
    const [one, two] = recipients.sort((x, y) => x.target.localeCompare(y.target))
    await env.DB.batch([markDeliveredStatement(env.DB, [one!], now), markFailedStatement(env.DB, [{ delivery: two!, error: 'mailbox full' }], now)])
    expect((await deliveriesOf(id)).map((d) => [d.target, d.status])).toEqual([
      ['', 'sent'],
      ['visitor-1', 'sent'],
      ['visitor-2', 'pending'],
    ])
    expect((await claimOf([id], now + MINUTE)).map((d) => d.target)).toEqual(['visitor-2'])
  })
})
