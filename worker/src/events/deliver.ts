import type { Env } from '../env'
import { mailerFor, type Mailer } from '../mail/mailer'
import {
  claimDueDeliveries,
  markDeliveredStatement,
  markFailedStatement,
  splitDeliveryStatements,
  type ClaimedDelivery,
} from '../store/events'
import { eventKinds, type EventKind } from './kinds'
import type { DeliveryOutcome, Reaction, ReactionContext } from './reaction'
import { reactions } from './registry'

/**
 * Deliveries claimed per round. A round costs the same few D1 round trips whatever its size: one claim, a split
 * batch for fan-outs, per reaction its batched reads and one token statement, then one batch that records every
 * outcome. A run that dies mid-round leaves its claims to expire (the lease) and be sent again: at least once.
 */
export const DELIVERY_CHUNK = 200
/** What one run drains at most, so an invocation stays within Workers' limits; the rest waits for the next tick. */
export const MAX_DELIVERIES_PER_RUN = 10_000
/**
 * With a mailer that makes one provider call per message (the send_email binding), a run stops before its calls
 * could pass this: Workers Paid allows 10,000 subrequests per invocation, and D1 calls need room too.
 */
export const MAX_SINGLE_SENDS_PER_RUN = 9_000

const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)))

type Parsed = { d: ClaimedDelivery; reaction: Reaction<unknown>; payload: unknown }

/** Reads a delivery back through its kind's schema: a row written by an older release must still be what the reaction expects. */
function parse(d: ClaimedDelivery): Parsed {
  const kind = d.kind as EventKind
  const schema = eventKinds[kind]
  const reaction = reactions[kind]?.find((r) => r.name === d.reaction) as Reaction<unknown> | undefined
  if (!schema || !reaction) throw new Error(`no reaction ${d.reaction} to ${d.kind} is registered`)
  return { d, reaction, payload: schema.parse(JSON.parse(d.payload)) }
}

/** Items grouped by event kind and reaction (one reaction name may serve several kinds), in claim order. */
function groups(items: Parsed[]) {
  const by = new Map<string, Parsed[]>()
  for (const item of items) {
    const key = `${item.d.kind}\u0000${item.d.reaction}`
    const group = by.get(key)
    if (group) group.push(item)
    else by.set(key, [item])
  }
  return [...by.values()]
}

async function targetsOf(env: Env, group: Parsed[]): Promise<string[][]> {
  const reaction = group[0]!.reaction
  if (reaction.targetsMany) return reaction.targetsMany(env, group.map((g) => g.payload))
  const lists: string[][] = []
  for (const g of group) lists.push(await reaction.targets!(env, g.payload))
  return lists
}

async function runGroup(ctx: ReactionContext, group: Parsed[]): Promise<DeliveryOutcome[]> {
  const reaction = group[0]!.reaction
  if (reaction.runMany) return reaction.runMany(ctx, group.map((g) => ({ payload: g.payload, target: g.d.target })))
  // A reaction without a batched form (a webhook, say) runs one delivery at a time.
  const outcomes: DeliveryOutcome[] = []
  for (const g of group) outcomes.push(await reaction.run(ctx, g.payload, g.d.target).then(() => null, asError))
  return outcomes
}

/** Runs one round of claimed deliveries; answers each one's outcome, or 'split' for a fan-out already marked done. */
async function deliverRound(ctx: ReactionContext, due: ClaimedDelivery[]): Promise<Map<ClaimedDelivery, DeliveryOutcome | 'split'>> {
  const db = ctx.env.DB
  const outcome = new Map<ClaimedDelivery, DeliveryOutcome | 'split'>()
  const parsed: Parsed[] = []
  for (const d of due) {
    try {
      parsed.push(parse(d))
    } catch (e) {
      outcome.set(d, asError(e))
    }
  }
  const fanOuts = parsed.filter((p) => p.reaction.targets && p.d.target === '')
  const direct = parsed.filter((p) => !fanOuts.includes(p))

  // Fan-outs first: their recipients are queued (and due) before anything is sent, all splits in one batch.
  if (fanOuts.length) {
    const splits: { delivery: ClaimedDelivery; targets: string[] }[] = []
    for (const group of groups(fanOuts)) {
      try {
        const lists = await targetsOf(ctx.env, group)
        group.forEach((g, i) => splits.push({ delivery: g.d, targets: lists[i] ?? [] }))
      } catch (e) {
        for (const g of group) outcome.set(g.d, asError(e))
      }
    }
    if (splits.length) {
      const result = await db.batch(splitDeliveryStatements(db, splits, ctx.now)).then(() => 'split' as const, asError)
      for (const s of splits) outcome.set(s.delivery, result)
    }
  }

  for (const group of groups(direct)) {
    const results = await runGroup(ctx, group).catch((e: unknown) => group.map(() => asError(e)))
    group.forEach((g, i) => outcome.set(g.d, results[i] ?? null))
  }
  return outcome
}

/**
 * Runs what is due in the outbox, a round at a time. Each delivery is claimed before it runs and its outcome
 * recorded after; a failure stays with its error and is retried with backoff, so an outage of the mail provider
 * loses nothing. `maxDeliveries` bounds one run (the cron drains the most; a request's own run a little).
 */
export async function deliverEvents(env: Env, now: number, mailer: Mailer = mailerFor(env), maxDeliveries = MAX_DELIVERIES_PER_RUN) {
  let singleSends = 0
  const counted: Mailer = mailer.sendMany
    ? mailer
    : {
        send(mail, at) {
          singleSends++
          return mailer.send(mail, at)
        },
      }
  const ctx: ReactionContext = { env, now, mailer: counted }
  const db = env.DB
  let claimed = 0
  let sent = 0
  let failed = 0
  // A round sends at most one message per delivery it claims.
  while (claimed < maxDeliveries && singleSends + DELIVERY_CHUNK <= MAX_SINGLE_SENDS_PER_RUN) {
    const due = await claimDueDeliveries(db, now, Math.min(DELIVERY_CHUNK, maxDeliveries - claimed))
    if (!due.length) break
    claimed += due.length
    const outcomes = await deliverRound(ctx, due)
    const done = due.filter((d) => outcomes.get(d) === null)
    const failures = due.flatMap((d) => {
      const o = outcomes.get(d)
      return o instanceof Error ? [{ delivery: d, error: o.message }] : []
    })
    const record = [...(done.length ? [markDeliveredStatement(db, done, now)] : []), ...(failures.length ? [markFailedStatement(db, failures, now)] : [])]
    if (record.length) await db.batch(record)
    sent += due.length - failures.length
    failed += failures.length
  }
  return { claimed, sent, failed }
}
