import { Hono } from 'hono'
import { BanRequest, HandoverRequest, ModerationAction, OrgConfig, StaffReply, type ModerationQueue } from '../../../schema'
import type { AppEnv } from '../env'
import { ApiError } from '../http/errors'
import { jsonBody } from '../http/validate'
import { adminAuth } from '../security/admin'
import { textToDocument } from '../render/document'
import { getConversation, insertStaffReply } from '../store/comments'
import { applyOrgConfig, sitesOwnedElsewhere } from '../store/config'
import { handOverConversation } from '../store/assignments'
import { deliverOutbox } from '../mail/deliver'
import { banFromSite, getModeratedComment, listModerationQueue, moderateComment } from '../store/moderation'
import { getActiveSite } from '../store/sites'
import { listStaff, toPublicStaff } from '../store/staff'

const CONFIG_MAX_BYTES = 1024 * 1024
const REPLY_MAX_BYTES = 64 * 1024

async function requireSite(db: D1Database, id: string) {
  const site = await getActiveSite(db, id)
  if (!site) throw new ApiError('site_not_found', 'No site has this id.')
  return site
}

/** What the organisation's own tools call, with the admin API token. */
export const adminRoutes = new Hono<AppEnv>()
  .use('/v1/admin/*', adminAuth)

  .put('/v1/admin/config', jsonBody(OrgConfig, CONFIG_MAX_BYTES), async (c) => {
    const doc = c.var.body
    const taken = await sitesOwnedElsewhere(c.env.DB, doc.org.id, doc.sites.map((s) => s.id))
    if (taken.length)
      throw new ApiError('site_owned_by_other_org', `These site ids belong to another organisation: ${taken.join(', ')}.`)
    return c.json(await applyOrgConfig(c.env.DB, doc, Date.now()))
  })

  /** A reply under a named member of staff's identity; the byline comes from their staff row. */
  .post('/v1/admin/conversations/:id/replies', jsonBody(StaffReply, REPLY_MAX_BYTES), async (c) => {
    const input = c.var.body
    const conversation = await getConversation(c.env.DB, c.req.param('id'))
    if (!conversation) throw new ApiError('conversation_not_found', 'There is no such conversation.')
    const staff = (await listStaff(c.env.DB, conversation.orgId)).find((s) => s.handle === input.staff && s.active)
    if (!staff) throw new ApiError('staff_not_found', `No active member of staff has the handle "${input.staff}".`)
    const now = Date.now()
    const comment = await insertStaffReply(
      c.env.DB,
      { conversationId: conversation.id, staff, body: { source: input.body, doc: textToDocument(input.body) } },
      now,
    )
    c.executionCtx.waitUntil(deliverOutbox(c.env, now))
    return c.json({ comment }, 201)
  })

  /** Hands a conversation to a named colleague, with a note the thread shows. */
  .post('/v1/admin/conversations/:id/handover', jsonBody(HandoverRequest, REPLY_MAX_BYTES), async (c) => {
    const input = c.var.body
    const conversation = await getConversation(c.env.DB, c.req.param('id'))
    if (!conversation) throw new ApiError('conversation_not_found', 'There is no such conversation.')
    const to = (await listStaff(c.env.DB, conversation.orgId)).find((s) => s.handle === input.to && s.active)
    if (!to) throw new ApiError('staff_not_found', `No active member of staff has the handle "${input.to}".`)
    if (to.id === conversation.assigneeId) throw new ApiError('already_assigned', `The conversation is already with ${to.name}.`)
    const moved = await handOverConversation(
      c.env.DB,
      { conversationId: conversation.id, fromId: conversation.assigneeId, toId: to.id, note: input.note ?? null },
      Date.now(),
    )
    if (!moved) throw new ApiError('already_assigned', 'Someone else handed this conversation on first. Reload and try again.')
    c.executionCtx.waitUntil(deliverOutbox(c.env, Date.now()))
    return c.json({ conversationId: conversation.id, assignee: toPublicStaff(to) })
  })

  /** Comments waiting for a moderator (or for their author's confirmation) on a site. */
  .get('/v1/admin/sites/:site/moderation', async (c) => {
    const site = await requireSite(c.env.DB, c.req.param('site'))
    return c.json({ comments: await listModerationQueue(c.env.DB, site.id) } satisfies ModerationQueue)
  })

  .post('/v1/admin/comments/:id/moderation', jsonBody(ModerationAction, REPLY_MAX_BYTES), async (c) => {
    const comment = await getModeratedComment(c.env.DB, c.req.param('id'))
    if (!comment) throw new ApiError('comment_not_found', 'There is no such comment.')
    const { action, reason } = c.var.body
    const now = Date.now()
    await moderateComment(c.env.DB, { comment, action, actor: 'admin', reason: reason ?? null }, now)
    if (action === 'approve') c.executionCtx.waitUntil(deliverOutbox(c.env, now))
    return c.json({ commentId: comment.id, action })
  })

  .post('/v1/admin/sites/:site/bans', jsonBody(BanRequest, REPLY_MAX_BYTES), async (c) => {
    const site = await requireSite(c.env.DB, c.req.param('site'))
    const ban = c.var.body
    const [kind, value] = ban.email ? (['email', ban.email] as const) : (['ip', ban.ipHash!] as const)
    await banFromSite(c.env.DB, { siteId: site.id, kind, value, reason: ban.reason ?? null, actor: 'admin' }, Date.now())
    return c.json({ banned: { kind, value } }, 201)
  })
