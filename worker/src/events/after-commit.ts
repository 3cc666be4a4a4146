import type { Deps } from '../domain/context'
import type { Env } from '../env'
import { DELIVERY_CHUNK, deliverEvents } from './deliver'

/**
 * What a request's own run sends after its response: what it caused, and backlog up to one round's worth, well
 * within the time waitUntil allows; the cron drains the rest.
 */
const AFTER_RESPONSE_DELIVERIES = DELIVERY_CHUNK

/**
 * The one place delivery starts: an entry point hands its operations these deps, and the first committed
 * change schedules one delivery run after the response (mail never delays the answer).
 */
export function depsFor(env: Env, ctx: Pick<ExecutionContext, 'waitUntil'>, now = Date.now()): Deps {
  let scheduled = false
  return {
    env,
    now,
    committed() {
      if (scheduled) return
      scheduled = true
      ctx.waitUntil(deliverEvents(env, now, undefined, AFTER_RESPONSE_DELIVERIES))
    },
  }
}
