import { app } from './app'
import type { Env } from './env'
import { deliverOutbox } from './mail/deliver'

export default {
  fetch: app.fetch,

  /** The cron: sends what the outbox holds, retrying what failed before. */
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(deliverOutbox(env, controller.scheduledTime))
  },
} satisfies ExportedHandler<Env>
