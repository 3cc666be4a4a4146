import type { AdminPrincipal } from './domain/admin'
import type { OwnedComment } from './store/own-comments'
import type { SiteRow } from './store/sites'

/** The Worker's bindings, declared once (wrangler.toml + .dev.vars / wrangler secret). */
export type Env = {
  DB: D1Database
  ASSETS: Fetcher
  EMAIL?: SendEmail
  /** "development" turns on /dev/* and the local mail outbox. */
  ENVIRONMENT: string
  /** The deployment's own admin token: it only bootstraps organisations (config, first credentials); a secret. */
  ADMIN_API_TOKEN?: string
  /** Sender of every email, e.g. `Byline <byline@example.org>`. */
  MAIL_FROM: string
  /** Which mailer sends: `outbox` (kept in D1, shown at /dev/mail), `cloudflare` (the EMAIL binding) or `resend`.
   *  Unset: `outbox` in development, `cloudflare` elsewhere. */
  MAIL_DRIVER?: string
  /** API key for MAIL_DRIVER=resend; a secret. */
  RESEND_API_KEY?: string
  /** Overrides Resend's endpoint (https://api.resend.com/emails), e.g. for a compatible provider or a mock. */
  RESEND_API_URL?: string
  /** Where this worker is reached, for links in emails (`https://byline.example.org`). */
  PUBLIC_URL: string
  /** Domain whose `reply+TOKEN@` addresses route to this worker's email() handler. */
  INBOUND_DOMAIN: string
  /** Signs owner tokens, IP hashes and visitor credentials (HMAC); a secret. */
  HMAC_SECRET?: string
  /** The key before the last rotation, still accepted when verifying (never used to sign); a secret. See docs/OPERATIONS.md. */
  HMAC_SECRET_PREVIOUS?: string | undefined
  /** Posting limit per site and hashed IP. */
  RATE_LIMITER?: RateLimit
  /** Cloudflare Turnstile secret, for sites whose config names a site key; a secret. */
  TURNSTILE_SECRET?: string
  TURNSTILE_VERIFY_URL: string
}

export type AppEnv = {
  Bindings: Env
  Variables: {
    /** The site named in the path, loaded by the site middleware. */
    site: SiteRow
    /** The comment of /v1/comments/:id, loaded with its site by commentSiteContext. */
    ownedComment: OwnedComment
    /** Who is calling /v1/admin/*, set by adminAuth. */
    admin: AdminPrincipal
  }
}

export const isDevelopment = (env: Env) => env.ENVIRONMENT === 'development'
