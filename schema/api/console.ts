import { z } from 'zod'
import { AwayPeriod, RoutingRule } from './config'
import { slug } from './text'
import { ResponderStats } from './thread'

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
    actor: z.object({ email: z.string().describe("The admin's or staff member's address, or API token “label” for a change made with an organisation token") }),
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

/*
 * The config round trip: GET /v1/console/config answers the organisation as its config document (apply it unchanged
 * and nothing changes); POST /v1/console/config/preview answers what applying a document would change, writing nothing.
 */

const FieldChange = z
  .object({ field: z.string().describe('The field, dotted: name, settings.moderation'), from: z.unknown(), to: z.unknown() })
  .meta({ id: 'ConfigFieldChange' })

export const ConfigPreview = z
  .object({
    changes: z.boolean().describe('Whether applying the document would change anything at all'),
    org: z.object({ fields: z.array(FieldChange) }),
    admins: z.object({
      listed: z.boolean().describe('Whether the document lists admins; when it does not, they stay as they are'),
      added: z.array(z.string()),
      removed: z.array(z.string()).describe('They lose access and their sessions end'),
      renamed: z.array(z.string()),
    }),
    staff: z.object({
      added: z.array(slug).describe('New, or deactivated before and active again'),
      changed: z.array(z.object({ handle: slug, fields: z.array(FieldChange) })),
      deactivated: z.array(slug).describe('Left out of the document: deactivated, never deleted'),
    }),
    sites: z.object({ added: z.array(slug), changed: z.array(z.object({ id: slug, fields: z.array(FieldChange) })), deactivated: z.array(slug) }),
    origins: z.array(z.object({ site: slug, added: z.array(z.string()), removed: z.array(z.string()) })),
    rules: z.array(z.object({ site: slug, before: z.array(RoutingRule), after: z.array(RoutingRule) })).describe('Sites whose ordered rules differ'),
  })
  .meta({ id: 'ConfigPreview' })
export type ConfigPreview = z.infer<typeof ConfigPreview>

const pageLimit = z
  .string()
  .regex(/^([1-9]|[1-9]\d|100)$/, 'must be a whole number from 1 to 100')
  .optional()
  .describe('Items per page, 1-100 (50 when not given)')

/** The queue's states. */
export const QueueState = z
  .enum(['awaiting', 'overdue', 'held', 'flagged'])
  .describe(
    'awaiting: published, waiting for a staff reply; overdue: awaiting past its site\'s reply-time target; held: a comment held for a moderator or for its author to confirm their address; flagged: awaiting and escalated (it went past the target and routing handed it to a delegate or lead)',
  )
export type QueueState = z.infer<typeof QueueState>

export const ConsoleQueueQuery = z.object({
  state: QueueState.default('awaiting'),
  site: slug.optional().describe("One of the organisation's sites; all of them when not given"),
  staff: slug.optional().describe('Only conversations assigned to this handle'),
  before: z
    .string()
    .regex(/^\d{1,16}:[\w-]{1,64}$/, 'must be the `next` of a previous page')
    .optional()
    .describe('The `next` of the previous page; omit for the newest'),
  limit: pageLimit,
})

export const QueueItem = z
  .object({
    conversationId: z.string(),
    site: z.object({ id: slug, name: z.string() }),
    page: z.object({ url: z.string(), title: z.string().nullable() }),
    assignee: z.object({ handle: slug, name: z.string() }),
    since: z.iso.datetime().describe('Waiting since (held: held since)'),
    waitingSeconds: z.number().int().min(0),
    overdue: z.boolean().describe("Waiting past the site's reply-time target"),
    escalated: z.boolean(),
    held: z
      .object({ commentId: z.string(), reason: z.enum(['moderation', 'unverified']).nullable() })
      .nullable()
      .describe('The held comment, in the held state; null otherwise'),
    preview: z
      .object({
        commentId: z.string(),
        author: z.string(),
        text: z.string().describe('Plain text, at most 200 characters: never HTML'),
        visitorEmail: z.string().nullable().describe("The author's address as they typed it, for a ban (an admin's eyes only); null for a staff comment"),
        ipHash: z.string().nullable().describe('The hash of the IP it was posted from, for a ban; null when none was kept'),
      })
      .nullable()
      .describe("The conversation's first comment (held: the held comment)"),
  })
  .meta({ id: 'QueueItem' })
export type QueueItem = z.infer<typeof QueueItem>

export const ConsoleQueue = z
  .object({
    state: QueueState,
    items: z.array(QueueItem).describe('Newest first (the most recent to start waiting, or to be held)'),
    next: z.string().nullable().describe('Pass as `before` for the next, older page; null on the last page'),
  })
  .meta({ id: 'ConsoleQueue' })
export type ConsoleQueue = z.infer<typeof ConsoleQueue>

const weekly = z
  .array(z.number().int().nullable())
  .length(12)
  .describe('Median first reply, seconds, of the conversations started in each of `weeks`; null where none was answered')

const Figures = z.object({
  openConversations: z.number().int().describe('Awaiting a reply now'),
  record: ResponderStats.describe('The 90-day record, as the public record counts it'),
  weekly,
})

export const ConsoleStats = z
  .object({
    generatedAt: z.iso.datetime(),
    weeks: z.array(z.iso.datetime()).length(12).describe('Start of each 7-day bucket, oldest first; the last ends now'),
    responders: z.array(Figures.extend({ handle: slug, name: z.string(), active: z.boolean() })),
    sites: z.array(Figures.extend({ id: slug, name: z.string(), replyTargetHours: z.number() })),
    overdue: z.array(QueueItem).describe('Awaiting past their target, longest waiting first (at most 100)'),
  })
  .meta({ id: 'ConsoleStats' })
export type ConsoleStats = z.infer<typeof ConsoleStats>

export const RoutingStaff = z
  .object({
    handle: slug,
    name: z.string(),
    active: z.boolean(),
    timeZone: z.string(),
    away: z.array(AwayPeriod),
    delegate: slug.nullable(),
    openCount: z.number().int(),
  })
  .meta({ id: 'RoutingStaff' })

export const RoutingInputs = z
  .object({
    generatedAt: z.iso.datetime(),
    staff: z.array(RoutingStaff).describe("Everyone on the organisation's staff, as routing sees them (route()'s `staff`)"),
    sites: z.array(
      z.object({
        id: slug,
        name: z.string(),
        origins: z.array(z.string()),
        pageQuery: z.enum(['drop', 'keep']),
        fallback: slug.describe("The site's default responder (route()'s `fallback`)"),
        rules: z.array(RoutingRule).describe('In order'),
        turns: z.record(z.string(), z.number().int()).describe("Round-robin counters by pool key (route()'s `turns`)"),
      }),
    ),
  })
  .meta({ id: 'RoutingInputs' })
export type RoutingInputs = z.infer<typeof RoutingInputs>
