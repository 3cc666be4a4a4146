import type { Env } from '../env'
import { deliverEvents } from '../events/deliver'
import { ApiError } from '../http/errors'
import { parseAddress, RESEND_BATCH_SIZE, type Mailer, type OutgoingMail } from '../mail/mailer'
import { buildMime } from '../mail/mime'
import { findStaffOfSite, seedWaitingStatements } from '../store/dev-seed'
import { meteredD1, type D1Meter } from '../store/metered'
import { queueDigest } from './digests'

/*
 * Development only, behind /dev/bench/*: the staff side at scale, measured from inside the worker. Each
 * operation is one invocation's work, run on a metered D1 so the answer says what it asked of D1.
 */

export type Measured<T> = T & { d1: D1Meter; ms: number; sends: number; providerCalls: number }

/** How the stand-in provider takes messages: one call each (the send_email binding), or Resend's batches of 100. */
export type ProviderShape = 'single' | 'batch'

/**
 * The provider's place: each message is built to its raw MIME as the Cloudflare driver builds it (the CPU a real
 * send costs here), then counted, not stored, so the D1 figures are the worker's own and not the dev outbox's.
 */
function providerStandIn(env: Env, shape: ProviderShape) {
  const from = parseAddress(env.MAIL_FROM)
  const counter = { sends: 0, providerCalls: 0 }
  const build = (mail: OutgoingMail, now: number) =>
    void buildMime(mail, { from, messageIdDomain: from.email.slice(from.email.lastIndexOf('@') + 1), now })
  const send = async (mail: OutgoingMail, now: number) => {
    build(mail, now)
    counter.sends++
    counter.providerCalls++
  }
  const mailer: Mailer =
    shape === 'single'
      ? { send }
      : {
          send,
          async sendMany(mails, now) {
            for (const mail of mails) build(mail, now)
            counter.sends += mails.length
            counter.providerCalls += Math.ceil(mails.length / RESEND_BATCH_SIZE)
            return mails.map(() => null)
          },
        }
  return { mailer, counter }
}

async function measured<T>(env: Env, shape: ProviderShape, work: (env: Env, mailer: Mailer) => Promise<T>): Promise<Measured<T>> {
  const { db, meter } = meteredD1(env.DB)
  const { mailer, counter } = providerStandIn(env, shape)
  const started = performance.now()
  const result = await work({ ...env, DB: db }, mailer)
  return { ...result, d1: meter, ms: performance.now() - started, ...counter }
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
  return measured(env, 'single', async (metered, mailer) => {
    const staffId = await staffOf(env, p.siteId, p.handle)
    await queueDigest({ env: metered, now: p.now, committed: () => {} }, { staffId, slot: `bench:${p.now}` })
    return { mail: await deliverEvents(metered, p.now, mailer) }
  })
}

/** One drain of the outbox, as a cron tick runs it, with the provider taking messages one by one or in batches. */
export function benchDrain(env: Env, now: number, shape: ProviderShape) {
  return measured(env, shape, async (metered, mailer) => ({ mail: await deliverEvents(metered, now, mailer) }))
}
