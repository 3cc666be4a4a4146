import type { Deps } from '../domain/context'
import { queueDueDigests } from '../domain/digests'
import { escalateOverdue } from '../domain/escalate'
import { purgeConsole } from '../domain/console'
import { catchUpStaffStats } from '../domain/stats'
import type { Env } from '../env'
import { deliverEvents } from '../events/deliver'
import { purgeExpiredTokens } from '../store/tokens'

/**
 * One cron tick: escalate what waited too long and queue the digests due (both record events), then deliver them;
 * then roll up again the responders' records the sliding 90-day window has aged.
 */
export async function runCron(env: Env, now: number) {
  // The tick delivers everything due itself, right after: nothing to start per change.
  const deps: Deps = { env, now, committed: () => {} }
  const escalations = await escalateOverdue(deps)
  const digests = await queueDueDigests(deps)
  const mail = await deliverEvents(env, now)
  await purgeExpiredTokens(env.DB, now).run()
  await purgeConsole(env.DB, now)
  const records = await catchUpStaffStats(env.DB, now)
  return { escalations, digests, mail, records }
}
