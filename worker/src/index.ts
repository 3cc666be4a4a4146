import { app } from './app'
import { runCron } from './cron'
import type { Env } from './env'
import { depsFor } from './events/after-commit'
import { receiveEmail } from './inbound/receive'

export default {
  fetch: app.fetch,

  /** The cron: escalations and digests, then the outbox (retrying what failed before). */
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runCron(env, controller.scheduledTime))
  },

  /** Replies to digests, sent to reply+TOKEN@INBOUND_DOMAIN. */
  async email(message, env, ctx) {
    await receiveEmail(depsFor(env, ctx), message)
  },
} satisfies ExportedHandler<Env>
