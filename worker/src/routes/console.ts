import { Hono } from 'hono'
import {
  Accepted,
  AppliedConfig,
  ConsoleActivity,
  ConsoleActivityQuery,
  ConsoleMe,
  ConsoleQueue,
  ConsoleQueueQuery,
  ConsoleStats,
  RoutingInputs,
  ConsoleSignedOut,
  ConsoleSignInRequest,
  ConfigPreview,
  OrgConfig,
} from '../../../schema'
import { applyConfig, exportConfig, previewConfig } from '../domain/config'
import { queuePage } from '../domain/console-queue'
import { routingInputs } from '../domain/console-routing'
import { consoleStats } from '../domain/console-stats'
import { activityPage, describeSession, requestSignIn, signOut } from '../domain/console'
import { depsFor } from '../events/after-commit'
import { contract } from '../http/contract'
import { jsonBody, validate } from '../http/validate'
import { clearedCookie, consoleCsrf, consoleSession, type ConsoleEnv } from '../security/console-session'

const CONFIG_MAX_BYTES = 1024 * 1024
const ACTIVITY_PAGE = 50
const QUEUE_PAGE = 50

/**
 * The admin console's API, mounted at /v1/console: sign-in by mailed link, the session, and what the console does
 * with it. A session reaches its own organisation only; every change it makes is logged under its admin's address.
 */
export const consoleRoutes = new Hono<ConsoleEnv>()
  .use(consoleCsrf)

  .post(
    '/sign-in',
    contract({
      summary: "Mail a sign-in link to one of an organisation's admins; the same answer for any address",
      ok: { status: 202, schema: Accepted, description: 'Accepted' },
      errors: ['csrf_refused'],
    }),
    jsonBody(ConsoleSignInRequest, 4096),
    async (c) => {
      const { org, email } = c.var.body
      // The same answer whether or not the address is an admin: the API does not tell who is.
      await requestSignIn(depsFor(c.env, c.executionCtx), { orgId: org, email })
      return c.json({ accepted: true as const, message: 'If this address may sign in to this organisation, a link is on its way.' }, 202)
    },
  )

  .get(
    '/me',
    contract({
      summary: 'Who the console session is: the admin, their organisation, and when the session ends',
      security: 'consoleSession',
      ok: { status: 200, schema: ConsoleMe, description: 'The session' },
      errors: ['not_signed_in', 'session_expired'],
    }),
    consoleSession,
    (c) => c.json(describeSession(c.var.console)),
  )

  .post(
    '/sign-out',
    contract({
      summary: 'End the console session and remove its cookie',
      security: 'consoleSession',
      ok: { status: 200, schema: ConsoleSignedOut, description: 'Signed out' },
      errors: ['csrf_refused', 'not_signed_in', 'session_expired'],
    }),
    consoleSession,
    async (c) => {
      await signOut(depsFor(c.env, c.executionCtx), c.var.console)
      c.header('Set-Cookie', clearedCookie(c.req.raw))
      return c.json({ signedOut: true as const })
    },
  )

  .get(
    '/activity',
    contract({
      summary: "The organisation's activity log: every admin action with who and when, newest first, paged",
      security: 'consoleSession',
      ok: { status: 200, schema: ConsoleActivity, description: 'One page of the log' },
      errors: ['not_signed_in', 'session_expired'],
    }),
    consoleSession,
    validate('query', ConsoleActivityQuery),
    async (c) => {
      const q = c.req.valid('query')
      return c.json(
        await activityPage(c.env.DB, {
          orgId: c.var.console.orgId,
          before: q.before ? Number(q.before) : null,
          limit: q.limit ? Number(q.limit) : ACTIVITY_PAGE,
        }),
      )
    },
  )

  .get(
    '/queue',
    contract({
      summary: "One queue across the organisation's sites: awaiting, overdue, held or flagged conversations, newest first, paged",
      security: 'consoleSession',
      ok: { status: 200, schema: ConsoleQueue, description: 'One page of the queue' },
      errors: ['not_signed_in', 'session_expired', 'site_not_found', 'staff_not_found'],
    }),
    consoleSession,
    validate('query', ConsoleQueueQuery),
    async (c) => {
      const q = c.req.valid('query')
      const now = Date.now()
      return c.json(await queuePage(c.env.DB, { ...q, orgId: c.var.console.orgId, limit: q.limit ? Number(q.limit) : QUEUE_PAGE, now }))
    },
  )

  .get(
    '/stats',
    contract({
      summary:
        'Response times per responder and per site: open conversations, the 90-day record, the weekly median first reply of the last 12 weeks, and the overdue list',
      security: 'consoleSession',
      ok: { status: 200, schema: ConsoleStats, description: 'The figures' },
      errors: ['not_signed_in', 'session_expired'],
    }),
    consoleSession,
    async (c) => c.json(await consoleStats(c.env.DB, c.var.console.orgId, Date.now())),
  )

  .get(
    '/routing-inputs',
    contract({
      summary: "What the \"who answers?\" tester passes to route(): everyone's routing state and each site's rules, default responder and turns",
      security: 'consoleSession',
      ok: { status: 200, schema: RoutingInputs, description: "The organisation's routing inputs" },
      errors: ['not_signed_in', 'session_expired'],
    }),
    consoleSession,
    async (c) => c.json(await routingInputs(c.env.DB, c.var.console.orgId, Date.now())),
  )

  .get(
    '/config',
    contract({
      summary: "The signed-in admin's organisation as its configuration document: applied unchanged, it changes nothing",
      security: 'consoleSession',
      ok: { status: 200, schema: OrgConfig, description: 'The configuration document' },
      errors: ['not_signed_in', 'session_expired'],
    }),
    consoleSession,
    async (c) => c.json(await exportConfig(c.env.DB, c.var.console.orgId)),
  )

  .post(
    '/config/preview',
    contract({
      summary: 'What applying a configuration document would change, checked exactly as the apply checks it; writes nothing',
      security: 'consoleSession',
      ok: { status: 200, schema: ConfigPreview, description: 'The changes it would make' },
      errors: ['csrf_refused', 'not_signed_in', 'session_expired', 'org_not_found', 'site_owned_by_other_org'],
    }),
    consoleSession,
    jsonBody(OrgConfig, CONFIG_MAX_BYTES),
    async (c) => {
      const admin = c.var.console
      return c.json(await previewConfig(c.env.DB, { kind: 'org', orgId: admin.orgId }, c.var.body))
    },
  )

  .put(
    '/config',
    contract({
      summary: "Apply the signed-in admin's organisation's configuration document, as PUT /v1/admin/config does; logged",
      security: 'consoleSession',
      ok: { status: 200, schema: AppliedConfig, description: 'What is now in force' },
      errors: ['csrf_refused', 'not_signed_in', 'session_expired', 'org_not_found', 'site_owned_by_other_org'],
    }),
    consoleSession,
    jsonBody(OrgConfig, CONFIG_MAX_BYTES),
    async (c) => {
      const admin = c.var.console
      // The same operation as the admin API's, as this organisation's admin: another organisation's document is refused.
      return c.json(await applyConfig({ ...depsFor(c.env, c.executionCtx), actor: admin }, { kind: 'org', orgId: admin.orgId }, c.var.body))
    },
  )
