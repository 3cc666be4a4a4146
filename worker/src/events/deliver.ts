import type { Env } from '../env'
import { mailerFor, type Mailer } from '../mail/mailer'
import {
  claimDueDeliveries,
  markDeliveredStatement,
  markDeliveryFailed,
  splitDeliveryStatements,
  type ClaimedDelivery,
} from '../store/events'
import { eventKinds, type EventKind } from './kinds'
import type { ReactionContext } from './reaction'
import { reactions } from './registry'

const BATCH = 50
/** A fan-out queues its targets as new deliveries; a few more rounds send them in the same run. */
const ROUNDS = 3

async function deliverOne(ctx: ReactionContext, d: ClaimedDelivery): Promise<void> {
  const db = ctx.env.DB
  const kind = d.kind as EventKind
  const schema = eventKinds[kind]
  const reaction = reactions[kind]?.find((r) => r.name === d.reaction)
  if (!schema || !reaction) throw new Error(`no reaction ${d.reaction} to ${d.kind} is registered`)
  // Read back through the schema too: a row written by an older release must still be what the reaction expects.
  const payload = schema.parse(JSON.parse(d.payload)) as never
  if (reaction.targets && d.target === '') {
    await db.batch(splitDeliveryStatements(db, d, await reaction.targets(ctx.env, payload), ctx.now))
    return
  }
  await reaction.run(ctx, payload, d.target)
  await markDeliveredStatement(db, d, ctx.now).run()
}

/**
 * Runs what is due in the outbox. Each delivery is claimed before it runs and marked done after; a failure
 * stays with its error and is retried with backoff, so an outage of the mail provider loses nothing.
 */
export async function deliverEvents(env: Env, now: number, mailer: Mailer = mailerFor(env)) {
  const ctx: ReactionContext = { env, now, mailer }
  let claimed = 0
  let sent = 0
  let failed = 0
  for (let round = 0; round < ROUNDS; round++) {
    const due = await claimDueDeliveries(env.DB, now, BATCH)
    if (!due.length) break
    claimed += due.length
    for (const d of due) {
      try {
        await deliverOne(ctx, d)
        sent++
      } catch (error) {
        failed++
        await markDeliveryFailed(env.DB, d, error instanceof Error ? error.message : String(error), now)
      }
    }
  }
  return { claimed, sent, failed }
}
