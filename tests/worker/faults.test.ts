import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Deps } from '../../worker/src/domain/context'
import { postComment, type CommentFields } from '../../worker/src/domain/post-comment'
import { publishStaffReply } from '../../worker/src/domain/staff-reply'
import type { Env } from '../../worker/src/env'
import { deliverEvents } from '../../worker/src/events/deliver'
import { reactions } from '../../worker/src/events/registry'
import type { Mailer, OutgoingMail } from '../../worker/src/mail/mailer'
import { pageOnSite } from '../../worker/src/security/site'
import { getActiveSite } from '../../worker/src/store/sites'
import { comment, countAll, givenSite, posted } from './helpers'

/*
 * What a failure of D1 or of the mail provider leaves behind. A change is one D1 batch (one transaction), so a
 * batch that fails anywhere must leave no part of the change; the same change once D1 is back must land whole,
 * once; and a delivery that fails or times out is retried with backoff until each recipient has one mail.
 *
 * The operations run with a clock far ahead (as in events.test.ts), so the deliveries they queue are due only to
 * the runs these tests make, never to the delivery a request of another test starts after its response.
 */

const DAY = 86_400_000
let later = Date.now() + 60 * DAY

/**
 * How the next writing batch fails. `before`: D1 refuses the batch at statement `at` before running any of it
 * (the connection dropped as it was sent): nothing is written. `violate`: the statement at `at` is swapped for one
 * that breaks a constraint and the batch really runs, so the statements before it have run when it fails: D1 must
 * roll them back. Reading batches (a post reads staff and turns in one) pass through untouched.
 */
type Fault = { mode: 'before' | 'violate'; at: number } | null

const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE|WITH)\b/i

/** env.DB behind a switch: `fault` is applied to the next writing batch, then clears itself. */
function faultyD1(db: D1Database) {
  const sqlOf = new WeakMap<D1PreparedStatement, string>()
  const control: { fault: Fault; failed: number; sizes: number[] } = { fault: null, failed: 0, sizes: [] }
  const prepare = (sql: string): D1PreparedStatement => {
    const statement = db.prepare(sql)
    sqlOf.set(statement, sql)
    const bind = statement.bind.bind(statement)
    statement.bind = (...values: unknown[]) => {
      const bound = bind(...values)
      sqlOf.set(bound, sql)
      return bound
    }
    return statement
  }
  const batch = async (statements: D1PreparedStatement[]) => {
    const fault = control.fault
    const writes = statements.some((s) => WRITE.test(sqlOf.get(s) ?? ''))
    if (!fault || !writes) return db.batch(statements)
    control.fault = null
    control.failed++
    control.sizes.push(statements.length)
    const at = Math.min(fault.at < 0 ? statements.length + fault.at : fault.at, statements.length - 1)
    if (fault.mode === 'before') throw new Error(`D1_ERROR: Network connection lost. (injected at statement ${at} of ${statements.length})`)
    // NOT NULL on events.kind: fails when it runs, after the statements before it.
    const breaking = db.prepare(`INSERT INTO events (id, kind, payload, created_at) VALUES (?1, NULL, '{}', 0)`).bind(crypto.randomUUID())
    return db.batch(statements.map((s, i) => (i === at ? breaking : s)))
  }
  const faulty = new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') return prepare
      if (property === 'batch') return batch
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { db: faulty, control }
}

/** Every table a post or a reply writes to, the outbox's deliveries included. */
async function rows() {
  const deliveries = await env.DB.prepare(`SELECT count(*) AS n FROM event_deliveries`).first<{ n: number }>()
  return { ...(await countAll()), event_deliveries: deliveries!.n }
}

const grew = (before: Awaited<ReturnType<typeof rows>>, after: Awaited<ReturnType<typeof rows>>) =>
  Object.fromEntries(Object.entries(after).map(([table, n]) => [table, n - before[table as keyof typeof before]]))

/** A visitor's post, as the public route makes it, but on the given database. */
async function postOn(db: D1Database, siteId: string, fields: CommentFields, idempotencyKey?: string) {
  const site = (await getActiveSite(env.DB, siteId))!
  const deps: Deps = { env: { ...env, DB: db } satisfies Env, now: later, committed: () => {} }
  return postComment(deps, { site, page: pageOnSite(site, fields), comment: fields, idempotencyKey, ipHash: 'fault-ip' }, async () => {})
}

const replyOn = (db: D1Database, conversationId: string, body: string) =>
  publishStaffReply({ env: { ...env, DB: db }, now: later, committed: () => {} }, { conversationId, author: { handle: 'amira' }, body })

/** What D1 answers for each kind of fault: the injected refusal, or SQLite's own constraint error from inside the batch. */
const failure = (fault: NonNullable<Fault>) => (fault.mode === 'before' ? /Network connection lost/ : /NOT NULL constraint failed: events\.kind/)

const faults: { name: string; fault: NonNullable<Fault> }[] = [
  { name: 'refused before it runs, at its first statement', fault: { mode: 'before', at: 0 } },
  { name: 'refused before it runs, at its event row', fault: { mode: 'before', at: -2 } },
  { name: 'failing at its second statement, after the first ran', fault: { mode: 'violate', at: 1 } },
  { name: 'failing at its last statement (the deliveries), after all the others ran', fault: { mode: 'violate', at: -1 } },
]

describe('a change that fails mid-batch leaves nothing half-written, and lands whole once D1 is back', () => {
  it.each(faults)('a new conversation: batch $name', async ({ fault }) => {
    later += DAY
    const site = await givenSite()
    const { db, control } = faultyD1(env.DB)
    const fields = comment({ email: `fault-${crypto.randomUUID()}@visitor.test`, body: 'Does the fault lose my comment?' })
    const key = crypto.randomUUID()

    const before = await rows()
    control.fault = fault
    await expect(postOn(db, site, fields, key)).rejects.toThrow(failure(fault))
    expect(control.failed).toBe(1)
    expect(control.sizes[0]).toBeGreaterThan(3)
    expect(await rows()).toEqual(before)

    // The visitor's retry (same Idempotency-Key) once D1 answers again: the whole change, once.
    const outcome = await postOn(db, site, fields, key)
    expect(outcome.replayed).toBe(false)
    expect(grew(before, await rows())).toEqual({
      comments: 1,
      conversations: 1,
      assignments: 1,
      events: 1,
      visitors: 1,
      pages: 1,
      event_deliveries: reactions['comment.posted'].length,
    })
    // And a retry after that is the same comment, not a second one.
    const again = await postOn(db, site, fields, key)
    expect(again).toMatchObject({ replayed: true, posted: { comment: { id: outcome.posted.comment.id } } })
    expect(grew(before, await rows())).toMatchObject({ comments: 1, events: 1 })
  })

  it.each(faults)('a staff reply: batch $name', async ({ fault }) => {
    later += DAY
    const site = await givenSite()
    const first = await posted(site, { body: 'When does the consultation close?' })
    const { db, control } = faultyD1(env.DB)

    const before = await rows()
    control.fault = fault
    await expect(replyOn(db, first.conversationId, 'It closes on Friday.')).rejects.toThrow(failure(fault))
    expect(control.failed).toBe(1)
    expect(await rows()).toEqual(before)
    const status = await env.DB.prepare(`SELECT status FROM conversations WHERE id = ?1`).bind(first.conversationId).first<{ status: string }>()
    expect(status!.status).toBe('awaiting')

    const reply = await replyOn(db, first.conversationId, 'It closes on Friday.')
    expect(reply).toMatchObject({ duplicate: false })
    expect(grew(before, await rows())).toEqual({
      comments: 1,
      conversations: 0,
      assignments: 0,
      events: 1,
      visitors: 0,
      pages: 0,
      event_deliveries: reactions['reply.published'].length,
    })
    // The same words again are the reply already published.
    expect(await replyOn(db, first.conversationId, 'It closes on Friday.')).toMatchObject({ duplicate: true, comment: { id: reply!.comment.id } })
    expect(grew(before, await rows())).toMatchObject({ comments: 1, events: 1 })
  })
})

type Delivery = { reaction: string; target: string; status: string; attempts: number; next_attempt_at: number; last_error: string | null }

async function deliveriesOfReply(commentId: string) {
  const { results } = await env.DB.prepare(
    `SELECT reaction, target, status, attempts, next_attempt_at, last_error FROM event_deliveries
      WHERE event_id = (SELECT id FROM events WHERE kind = 'reply.published' AND json_extract(payload, '$.commentId') = ?1)
        AND reaction = 'mail.visitors'
      ORDER BY target`,
  )
    .bind(commentId)
    .all<Delivery>()
  return results
}

/** A conversation with two visitors in it and a staff reply they both should hear of, queued at `later`. */
async function replyToTwo(body: string) {
  later += DAY
  const site = await givenSite()
  const first = await posted(site, { name: 'Ana Visitor', email: 'ana@visitor.test' })
  await posted(site, { name: 'Bo Visitor', email: 'bo@visitor.test', conversationId: first.conversationId })
  const reply = await replyOn(env.DB, first.conversationId, body)
  return reply!.comment.id
}

/** The mail a reply's visitors got, by address. */
const receivedBy = (sent: OutgoingMail[], body: string) => (to: string) => sent.filter((m) => m.to.email === to && m.text.includes(body)).length

describe('the outbox drain through failures', () => {
  it('a mail provider that fails, then times out, then recovers: retried with backoff, one mail to each visitor', async () => {
    const body = `Answered through an outage ${crypto.randomUUID()}`
    const commentId = await replyToTwo(body)

    const sent: OutgoingMail[] = []
    let mode: 'down' | 'slow' | 'up' = 'down'
    const attempts: string[] = []
    const provider: Mailer = {
      send: (m) => {
        if (!m.text.includes(body)) return Promise.resolve(void sent.push(m))
        attempts.push(`${mode}:${m.to.email}`)
        if (mode === 'down') return Promise.reject(new Error('provider down'))
        // The provider never answers; our own deadline (a few ms here, not a real one) gives up on it.
        if (mode === 'slow') return new Promise<void>((_, reject) => setTimeout(() => reject(new Error('provider timed out')), 5))
        sent.push(m)
        return Promise.resolve()
      },
    }
    const received = receivedBy(sent, body)

    // The fan-out splits into one delivery per visitor, each tried and failing.
    await deliverEvents(env, later, provider)
    let deliveries = await deliveriesOfReply(commentId)
    const targets = deliveries.filter((d) => d.target !== '')
    expect(targets).toHaveLength(2)
    for (const d of targets) expect(d).toMatchObject({ status: 'pending', attempts: 1, last_error: 'provider down', next_attempt_at: later + 60_000 })

    // Not due yet: nothing is tried.
    await deliverEvents(env, later + 30_000, provider)
    expect(attempts).toHaveLength(2)

    mode = 'slow'
    await deliverEvents(env, later + 60_000, provider)
    deliveries = await deliveriesOfReply(commentId)
    for (const d of deliveries.filter((d) => d.target !== ''))
      expect(d).toMatchObject({ status: 'pending', attempts: 2, last_error: 'provider timed out', next_attempt_at: later + 60_000 + 120_000 })
    expect(received('ana@visitor.test') + received('bo@visitor.test')).toBe(0)

    mode = 'up'
    await deliverEvents(env, later + 180_000, provider)
    expect(received('ana@visitor.test')).toBe(1)
    expect(received('bo@visitor.test')).toBe(1)
    expect((await deliveriesOfReply(commentId)).every((d) => d.status === 'sent')).toBe(true)

    // Later runs find nothing of it to send again.
    await deliverEvents(env, later + 7 * DAY, provider)
    expect(received('ana@visitor.test')).toBe(1)
    expect(received('bo@visitor.test')).toBe(1)
    expect(attempts).toHaveLength(6)
  })

  it.each([
    { name: 'refused before it runs', fault: { mode: 'before', at: 0 } as const },
    { name: 'failing at its last statement, after the recipients were queued', fault: { mode: 'violate', at: -1 } as const },
  ])('a fan-out whose split batch is $name queues no recipient, and splits once, whole, on its retry', async ({ fault }) => {
    const body = `Answered after a split failure ${crypto.randomUUID()}`
    const commentId = await replyToTwo(body)
    const { db, control } = faultyD1(env.DB)
    const faultyEnv: Env = { ...env, DB: db }
    const sent: OutgoingMail[] = []
    const provider: Mailer = { send: async (m) => void sent.push(m) }
    const received = receivedBy(sent, body)

    control.fault = fault
    await deliverEvents(faultyEnv, later, provider)
    expect(control.failed).toBe(1)
    let deliveries = await deliveriesOfReply(commentId)
    expect(deliveries).toHaveLength(1)
    expect(deliveries[0]).toMatchObject({ target: '', status: 'pending', attempts: 1, next_attempt_at: later + 60_000 })
    expect(deliveries[0]!.last_error).toMatch(failure(fault))
    expect(received('ana@visitor.test') + received('bo@visitor.test')).toBe(0)

    await deliverEvents(faultyEnv, later + 60_000, provider)
    deliveries = await deliveriesOfReply(commentId)
    expect(deliveries).toHaveLength(3)
    expect(deliveries.every((d) => d.status === 'sent')).toBe(true)
    expect(received('ana@visitor.test')).toBe(1)
    expect(received('bo@visitor.test')).toBe(1)

    await deliverEvents(faultyEnv, later + 7 * DAY, provider)
    expect(received('ana@visitor.test')).toBe(1)
    expect(received('bo@visitor.test')).toBe(1)
  })
})
