import { app } from './app'
import { runCron } from './cron'
import type { Env } from './env'
import { receiveEmail } from './inbound/receive'
import { deliverOutbox } from './mail/deliver'

export default {
  fetch: app.fetch,

  /** The cron: escalations and digests, then mail (retrying what failed before). */
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runCron(env, controller.scheduledTime))
  },

  /** Replies to digests, sent to reply+TOKEN@INBOUND_DOMAIN. */
  async email(message, env, ctx) {
    const now = Date.now()
    if ((await receiveEmail(message, env, now)) === 'published') ctx.waitUntil(deliverOutbox(env, now))
  },
} satisfies ExportedHandler<Env>
