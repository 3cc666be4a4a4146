import { Hono } from 'hono'
import { BanRequest, HandoverRequest, ModerationAction, OrgConfig, StaffReply, type ModerationQueue } from '../../../schema'
import { applyConfig } from '../domain/config'
import { handOver } from '../domain/conversation'
import { ban, moderate } from '../domain/moderate'
import { publishStaffReply } from '../domain/staff-reply'
import type { AppEnv } from '../env'
import { depsFor } from '../events/after-commit'
import { ApiError } from '../http/errors'
import { jsonBody } from '../http/validate'
import { adminAuth } from '../security/admin'
import { listModerationQueue } from '../store/moderation'
import { getActiveSite } from '../store/sites'
import { toPublicStaff } from '../store/staff'

const CONFIG_MAX_BYTES = 1024 * 1024
const REPLY_MAX_BYTES = 64 * 1024

async function requireSite(db: D1Database, id: string) {
  const site = await getActiveSite(db, id)
  if (!site) throw new ApiError('site_not_found', 'No site has this id.')
  return site
}

/** What the organisation's own tools call, with the admin API token; mounted at /v1/admin. */
export const adminRoutes = new Hono<AppEnv>()
  .use(adminAuth)

  .put('/config', jsonBody(OrgConfig, CONFIG_MAX_BYTES), async (c) => {
    return c.json(await applyConfig(depsFor(c.env, c.executionCtx), c.var.body))
  })

  /** A reply under a named member of staff's identity; the byline comes from their staff row. */
  .post('/conversations/:id/replies', jsonBody(StaffReply, REPLY_MAX_BYTES), async (c) => {
    const input = c.var.body
    const published = await publishStaffReply(depsFor(c.env, c.executionCtx), {
      conversationId: c.req.param('id'),
      author: { handle: input.staff },
      body: input.body,
    })
    return c.json({ comment: published!.comment }, 201)
  })

  /** Hands a conversation to a named colleague, with a note the thread shows. */
  .post('/conversations/:id/handover', jsonBody(HandoverRequest, REPLY_MAX_BYTES), async (c) => {
    const input = c.var.body
    const moved = await handOver(depsFor(c.env, c.executionCtx), { conversationId: c.req.param('id'), to: { handle: input.to }, note: input.note ?? null })
    return c.json({ conversationId: moved.conversationId, assignee: toPublicStaff(moved.assignee) })
  })

  /** Comments waiting for a moderator (or for their author's confirmation) on a site. */
  .get('/sites/:site/moderation', async (c) => {
    const site = await requireSite(c.env.DB, c.req.param('site'))
    return c.json({ comments: await listModerationQueue(c.env.DB, site.id) } satisfies ModerationQueue)
  })

  .post('/comments/:id/moderation', jsonBody(ModerationAction, REPLY_MAX_BYTES), async (c) => {
    const { action, reason } = c.var.body
    const commentId = c.req.param('id')
    await moderate(depsFor(c.env, c.executionCtx), { commentId, action, actor: 'admin', reason: reason ?? null, scope: { orgId: undefined } })
    return c.json({ commentId, action })
  })

  .post('/sites/:site/bans', jsonBody(BanRequest, REPLY_MAX_BYTES), async (c) => {
    const site = await requireSite(c.env.DB, c.req.param('site'))
    const b = c.var.body
    const [kind, value] = b.email ? (['email', b.email] as const) : (['ip', b.ipHash!] as const)
    await ban(depsFor(c.env, c.executionCtx), { siteId: site.id, kind, value, reason: b.reason ?? null, actor: 'admin' })
    return c.json({ banned: { kind, value } }, 201)
  })
