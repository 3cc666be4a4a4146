import { Hono } from 'hono'
import { z } from 'zod'
import {
  AdminToken,
  AdminTokenRequest,
  AppliedConfig,
  BanRequest,
  HandoverRequest,
  ModerationAction,
  ModerationQueue,
  OrgConfig,
  PostedComment,
  PublicStaff,
  StaffReply,
} from '../../../schema'
import { actingAs, issueOrgToken, moderatorOf, orgOf, type AdminPrincipal } from '../domain/admin'
import { applyConfig } from '../domain/config'
import { handOver } from '../domain/conversation'
import { ban, moderate } from '../domain/moderate'
import { publishStaffReply } from '../domain/staff-reply'
import type { AppEnv } from '../env'
import { depsFor } from '../events/after-commit'
import { contract } from '../http/contract'
import { ApiError } from '../http/errors'
import { jsonBody } from '../http/validate'
import { adminAuth } from '../security/admin'
import { listModerationQueue } from '../store/moderation'
import { getActiveSite } from '../store/sites'
import { toPublicStaff } from '../store/staff'

const CONFIG_MAX_BYTES = 1024 * 1024
const REPLY_MAX_BYTES = 64 * 1024

// What the smaller admin operations answer.
const Handed = z.object({ conversationId: z.string(), assignee: PublicStaff })
const Moderated = z.object({ commentId: z.string(), action: ModerationAction.shape.action })
const Banned = z.object({ banned: z.object({ kind: z.enum(['email', 'ip']), value: z.string() }) })

/** A console session reaches these operations too (see security/admin.ts): how it can be refused. */
const signedIn = ['unauthorized', 'not_signed_in', 'session_expired', 'csrf_refused'] as const

/** The operation's deps, with the console admin as actor when one is signed in (their change is logged). */
const deps = (c: { env: AppEnv['Bindings']; executionCtx: Parameters<typeof depsFor>[1]; var: { admin: AdminPrincipal } }) => actingAs(depsFor(c.env, c.executionCtx), c.var.admin)

/** One of the caller's organisation's sites; another organisation's site is not there for it. */
async function requireSite(db: D1Database, id: string, orgId: string) {
  const site = await getActiveSite(db, id)
  if (!site || site.orgId !== orgId) throw new ApiError('site_not_found', 'No site has this id.')
  return site
}

/**
 * What an organisation's own tools call, with one of its admin tokens, and what its console calls, with an admin's
 * session: one API, two principals, every query scoped to the organisation. Mounted at /v1/admin.
 */
export const adminRoutes = new Hono<AppEnv>()
  .use(adminAuth)

  .put(
    '/config',
    contract({
      summary: "Apply an organisation's configuration document, whole or not at all",
      security: 'adminToken',
      ok: { status: 200, schema: AppliedConfig, description: 'What is now in force' },
      errors: [...signedIn, 'org_not_found', 'site_owned_by_other_org'],
    }),
    jsonBody(OrgConfig, CONFIG_MAX_BYTES),
    async (c) => {
      return c.json(await applyConfig(deps(c), c.var.admin, c.var.body))
    },
  )

  /** A new admin credential for the organisation (the deployment token may issue an organisation's first). */
  .post(
    '/orgs/:org/tokens',
    contract({
      summary: 'Issue a new admin token for an organisation, shown once (the deployment token may issue its first)',
      security: 'adminToken',
      ok: { status: 201, schema: AdminToken, description: 'The new token' },
      errors: [...signedIn, 'org_not_found'],
    }),
    jsonBody(AdminTokenRequest, 4096),
    async (c) => {
      const orgId = c.req.param('org')
      const token = await issueOrgToken(deps(c), { principal: c.var.admin, orgId, label: c.var.body.label })
      return c.json({ orgId, token } satisfies AdminToken, 201)
    },
  )

  /** A reply under a named member of staff's identity; the byline comes from their staff row. */
  .post(
    '/conversations/:id/replies',
    contract({
      summary: "Publish a reply under a named member of staff's identity; the byline comes from their staff row",
      security: 'adminToken',
      ok: { status: 201, schema: PostedComment, description: 'The published reply' },
      errors: [...signedIn, 'org_credential_required', 'conversation_not_found', 'staff_not_found'],
    }),
    jsonBody(StaffReply, REPLY_MAX_BYTES),
    async (c) => {
      const input = c.var.body
      const published = await publishStaffReply(deps(c), {
        conversationId: c.req.param('id'),
        author: { handle: input.staff },
        body: input.body,
        orgId: orgOf(c.var.admin),
      })
      // The same words again within a day are the reply already published (a retried call).
    return c.json({ comment: published!.comment }, published!.duplicate ? 200 : 201)
    },
  )

  /** Hands a conversation to a named colleague, with a note the thread shows. */
  .post(
    '/conversations/:id/handover',
    contract({
      summary: 'Hand a conversation to a named colleague; the thread shows the hand-over and its note',
      security: 'adminToken',
      ok: { status: 200, schema: Handed, description: 'Who has the conversation now' },
      errors: [...signedIn, 'org_credential_required', 'conversation_not_found', 'staff_not_found', 'already_assigned'],
    }),
    jsonBody(HandoverRequest, REPLY_MAX_BYTES),
    async (c) => {
      const input = c.var.body
      const moved = await handOver(deps(c), {
        conversationId: c.req.param('id'),
        to: { handle: input.to },
        note: input.note ?? null,
        orgId: orgOf(c.var.admin),
      })
      return c.json({ conversationId: moved.conversationId, assignee: toPublicStaff(moved.assignee) } satisfies z.infer<typeof Handed>)
    },
  )

  /** Comments waiting for a moderator (or for their author's confirmation) on a site. */
  .get(
    '/sites/:site/moderation',
    contract({
      summary: 'Comments waiting for a moderator or for their author to confirm their address',
      security: 'adminToken',
      ok: { status: 200, schema: ModerationQueue, description: 'The queue, oldest first' },
      errors: [...signedIn, 'org_credential_required', 'site_not_found'],
    }),
    async (c) => {
      const site = await requireSite(c.env.DB, c.req.param('site'), orgOf(c.var.admin))
      return c.json({ comments: await listModerationQueue(c.env.DB, site.id) } satisfies ModerationQueue)
    },
  )

  .post(
    '/comments/:id/moderation',
    contract({
      summary: 'Approve, hide or delete a comment; logged',
      security: 'adminToken',
      ok: { status: 200, schema: Moderated, description: 'Done' },
      errors: [...signedIn, 'org_credential_required', 'comment_not_found'],
    }),
    jsonBody(ModerationAction, REPLY_MAX_BYTES),
    async (c) => {
      const { action, reason } = c.var.body
      const commentId = c.req.param('id')
      await moderate(deps(c), { commentId, action, actor: moderatorOf(c.var.admin), reason: reason ?? null, scope: { orgId: orgOf(c.var.admin) } })
      return c.json({ commentId, action } satisfies z.infer<typeof Moderated>)
    },
  )

  .post(
    '/sites/:site/bans',
    contract({
      summary: 'Ban a visitor email or IP hash from a site; logged',
      security: 'adminToken',
      ok: { status: 201, schema: Banned, description: 'Banned' },
      errors: [...signedIn, 'org_credential_required', 'site_not_found'],
    }),
    jsonBody(BanRequest, REPLY_MAX_BYTES),
    async (c) => {
      const site = await requireSite(c.env.DB, c.req.param('site'), orgOf(c.var.admin))
      const b = c.var.body
      const [kind, value] = b.email ? (['email', b.email] as const) : (['ip', b.ipHash!] as const)
      await ban(deps(c), { siteId: site.id, kind, value, reason: b.reason ?? null, actor: moderatorOf(c.var.admin) })
      return c.json({ banned: { kind, value } } satisfies z.infer<typeof Banned>, 201)
    },
  )
