import type { SiteRow } from './store/sites'

/** The Worker's bindings, declared once (wrangler.toml + .dev.vars / wrangler secret). */
export type Env = {
  DB: D1Database
  ASSETS: Fetcher
  EMAIL?: SendEmail
  /** "development" turns on /dev/* and the local mail outbox. */
  ENVIRONMENT: string
  /** Bearer token for /v1/admin/*; a secret. */
  ADMIN_API_TOKEN?: string
  /** Sender of every email, e.g. `Byline <byline@example.org>`. */
  MAIL_FROM: string
}

export type AppEnv = {
  Bindings: Env
  Variables: {
    /** The site named in the path, loaded by the site middleware. */
    site: SiteRow
  }
}

export const isDevelopment = (env: Env) => env.ENVIRONMENT === 'development'
