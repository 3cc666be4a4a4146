import type { Env } from '../env'
import { deliverEvents } from '../events/deliver'
import { ApiError } from '../http/errors'
import { findStaffOfSite, seedWaitingStatements } from '../store/dev-seed'
import { meteredD1, type D1Meter } from '../store/metered'
import { queueDigest } from './digests'

/*
 * Development only, behind /dev/bench/*: the staff side at scale, measured from inside the worker. Each
 * operation is one invocation's work, run on a metered D1 so the answer says what it asked of D1.
 */

export type Measured<T> = T & { d1: D1Meter; ms: number }

async function measured<T>(env: Env, work: (env: Env) => Promise<T>): Promise<Measured<T>> {
  const { db, meter } = meteredD1(env.DB)
  const started = performance.now()
  const result = await work({ ...env, DB: db })
  return { ...result, d1: meter, ms: performance.now() - started }
}

async function staffOf(env: Env, siteId: string, handle: string) {
  const staff = await findStaffOfSite(env.DB, siteId, handle)
  if (!staff) throw new ApiError('staff_not_found', 'There is no such member of staff on this site.')
  return staff.id
}

/** `count` conversations waiting for the member of staff, each with its responder notice queued if `notify`. */
export async function seedWaiting(env: Env, p: { siteId: string; handle: string; count: number; notify: boolean; now: number }) {
  const staffId = await staffOf(env, p.siteId, p.handle)
  const prefix = `bench-${p.now.toString(36)}-${crypto.randomUUID().slice(0, 8)}`
  await env.DB.batch(seedWaitingStatements(env.DB, { prefix, staffId, ...p }))
  return { staffId, conversations: p.count, deliveries: p.notify ? p.count : 0 }
}

/** What the cron does for one person's digest: queue it and deliver it, in one invocation. */
export function benchDigest(env: Env, p: { siteId: string; handle: string; now: number }) {
  return measured(env, async (metered) => {
    const staffId = await staffOf(env, p.siteId, p.handle)
    await queueDigest({ env: metered, now: p.now, committed: () => {} }, { staffId, slot: `bench:${p.now}` })
    return { mail: await deliverEvents(metered, p.now) }
  })
}

/** One drain of the outbox, as a cron tick runs it. */
export function benchDrain(env: Env, now: number) {
  return measured(env, async (metered) => ({ mail: await deliverEvents(metered, now) }))
}
