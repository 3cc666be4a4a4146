import type { Env } from '../env'
import { deliverOutbox } from '../mail/deliver'
import { purgeExpiredTokens } from '../store/tokens'
import { queueDueDigests } from './digests'
import { escalateOverdue } from './escalate'

/** One cron tick: escalate what waited too long and queue the digests due (both write the outbox), then send it. */
export async function runCron(env: Env, now: number) {
  const escalations = await escalateOverdue(env.DB, now)
  const digests = await queueDueDigests(env.DB, now)
  const mail = await deliverOutbox(env, now)
  await purgeExpiredTokens(env.DB, now).run()
  return { escalations, digests, mail }
}
