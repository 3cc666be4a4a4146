import { app } from './app'
import type { Env } from './env'
import { runCron } from './cron'

export default {
  fetch: app.fetch,

  /** The cron: escalations, then mail (retrying what failed before). */
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runCron(env, controller.scheduledTime))
  },
} satisfies ExportedHandler<Env>
