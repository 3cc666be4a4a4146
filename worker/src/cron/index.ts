import type { Env } from '../env'
import { deliverOutbox } from '../mail/deliver'
import { escalateOverdue } from './escalate'

/** One cron tick: escalate what waited too long (which queues notices), then send what the outbox holds. */
export async function runCron(env: Env, now: number) {
  const escalations = await escalateOverdue(env.DB, now)
  const mail = await deliverOutbox(env, now)
  return { escalations, mail }
}
