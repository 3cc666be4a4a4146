import { z } from 'zod'
import { slug } from './text'

/*
 * The admin console's own API (mounted at /v1/console): magic-link sign-in, the session, and the activity log.
 * Every mutating call carries `Origin` (this worker's) and `X-Byline-Console: 1`; see worker/src/security/console-session.ts.
 */

/** The header every mutating console call carries; a cross-site form cannot send it. */
export const CONSOLE_CSRF_HEADER = 'X-Byline-Console'

export const ConsoleSignInRequest = z
  .object({
    org: slug.describe("The organisation's id"),
    email: z.email().max(254).describe("An address listed among the organisation's admins"),
  })
  .strict()
  .meta({ id: 'ConsoleSignInRequest' })
export type ConsoleSignInRequest = z.infer<typeof ConsoleSignInRequest>

export const ConsoleMe = z
  .object({
    org: z.object({ id: slug, name: z.string() }),
    admin: z.object({ email: z.string(), name: z.string().nullable() }),
    session: z.object({
      signedInAt: z.iso.datetime(),
      expiresAt: z.iso.datetime().describe('When the session ends whatever happens (7 days after sign-in)'),
      idleExpiresAt: z.iso.datetime().describe('When it ends if unused until then (12 hours after its last use)'),
    }),
  })
  .meta({ id: 'ConsoleMe' })
export type ConsoleMe = z.infer<typeof ConsoleMe>

export const ConsoleSignedOut = z.object({ signedOut: z.literal(true) }).meta({ id: 'ConsoleSignedOut' })

export const ConsoleActivityQuery = z.object({
  before: z
    .string()
    .regex(/^[1-9]\d{0,15}$/, 'must be the `next` of a previous page')
    .optional()
    .describe('The `next` of the previous page; omit for the newest entries'),
  limit: z
    .string()
    .regex(/^([1-9]|[1-9]\d|100)$/, 'must be a whole number from 1 to 100')
    .optional()
    .describe('Entries per page, 1-100 (50 when not given)'),
})

export const ConsoleActivityEntry = z
  .object({
    id: z.number().int(),
    at: z.iso.datetime(),
    actor: z.object({ email: z.string() }),
    action: z.string().describe("The kind of the change's event, e.g. config.applied, console.signed_in"),
    target: z.string().nullable().describe('What it was done to: an organisation, site, conversation or comment id'),
  })
  .meta({ id: 'ConsoleActivityEntry' })
export type ConsoleActivityEntry = z.infer<typeof ConsoleActivityEntry>

export const ConsoleActivity = z
  .object({
    entries: z.array(ConsoleActivityEntry).describe('Newest first'),
    next: z.number().int().nullable().describe('Pass as `before` for the next, older page; null on the last page'),
  })
  .meta({ id: 'ConsoleActivity' })
export type ConsoleActivity = z.infer<typeof ConsoleActivity>
