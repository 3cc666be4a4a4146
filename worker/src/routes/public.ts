import { Hono } from 'hono'
import {
  EmailRequest,
  IdempotencyKey,
  NewComment,
  PrivacyRequest,
  ThreadQuery,
  type Comment,
  type Doc,
  type PostedComment,
  type Responders,
  type Thread,
} from '../../../schema'
import type { AppEnv } from '../env'
import { ApiError, invalid } from '../http/errors'
import { jsonBody, validate } from '../http/validate'
import { deliverOutbox } from '../mail/deliver'
import { countLinks, textToDocument } from '../render/document'
import { route, type PageFacts } from '../routing/route'
import { enforceRateLimit, findBannedWord, ipHash, ownerToken, verifyTurnstile } from '../security/abuse'
import { sha256Hex } from '../security/compare'
import { findImpersonated } from '../security/confusables'
import { pageOnSite, siteContext } from '../security/site'
import {
  findByIdempotencyKey,
  findConversation,
  insertVisitorComment,
  isIdempotencyConflict,
  verifyEmailNotice,
  type FirstAssignment,
  type HoldReason,
} from '../store/comments'
import { visitorStanding } from '../store/moderation'
import { hasUnverifiedVisitor, queuePrivacyLink } from '../store/visitors'
import {
  listStaff,
  listStaffStatement,
  listTurnsStatement,
  readStaff,
  readTurns,
  toPublicStaff,
  type StaffRow,
} from '../store/staff'
import { responderStats } from '../store/stats'
import { readThread } from '../store/threads'
import type { SiteRow } from '../store/sites'

/** A comment body is at most 10,000 characters; its JSON envelope with multi-byte text fits in this. */
const COMMENT_MAX_BYTES = 64 * 1024

/** Routing's decision for a new conversation on this page, as the rows the store writes. */
function assignmentFor(site: SiteRow, staff: StaffRow[], turns: Record<string, number>, page: PageFacts, now: number) {
  const decision = route({ rules: site.rules, fallback: site.settings.defaultResponder, staff, page, now, turns })
  const byHandle = (h: string | null) => (h === null ? null : staff.find((s) => s.handle === h)!)
  const assignee = byHandle(decision.handle)!
  const assignment: FirstAssignment = {
    staffId: assignee.id,
    reason: decision.reason,
    // A hand-over is recorded only when someone else got it.
    intendedId: decision.intended === decision.handle ? null : (byHandle(decision.intended)?.id ?? null),
    leadId: byHandle(decision.lead)?.id ?? null,
    poolKey: decision.turn,
  }
  return { assignee, assignment }
}

/** The responder's public profile with their record. */
async function withStats(db: D1Database, people: StaffRow[], now: number) {
  const stats = await responderStats(db, people.map((p) => p.id), now)
  return people.map((p) => ({ ...toPublicStaff(p), stats: stats.get(p.id)! }))
}

/** Everyone a site's routing can reach: its rules' people and pools, leads, the default responder, their delegates. */
function siteResponders(site: SiteRow, staff: StaffRow[]): StaffRow[] {
  const handles = new Set<string>([site.settings.defaultResponder])
  for (const { assign } of site.rules) {
    if (!assign) continue
    if ('staff' in assign) handles.add(assign.staff)
    else [...assign.pool, ...(assign.lead ? [assign.lead] : [])].forEach((h) => handles.add(h))
  }
  const byHandle = new Map(staff.map((s) => [s.handle, s]))
  for (const h of handles) {
    const delegate = byHandle.get(h)?.delegate
    if (delegate) handles.add(delegate)
  }
  return staff.filter((s) => s.active && handles.has(s.handle)).sort((a, b) => a.name.localeCompare(b.name))
}

/** What visitors' browsers call, on behalf of one site. */
export const publicRoutes = new Hono<AppEnv>()
  .use('/v1/sites/:site/*', siteContext)

  .get('/v1/sites/:site/thread', validate('query', ThreadQuery), async (c) => {
    const site = c.var.site
    const q = c.req.valid('query')
    const page = pageOnSite(site, q)
    const now = Date.now()
    const data = await readThread(
      c.env.DB,
      { siteId: site.id, orgId: site.orgId, key: page.key, url: q.url, title: q.title, topic: q.topic },
      now,
    )
    const { assignee } = assignmentFor(site, data.staff, data.turns, page, now)
    const [responder] = await withStats(c.env.DB, [assignee], now)
    const thread: Thread = {
      site: {
        id: site.id,
        name: site.name,
        editWindowMinutes: site.settings.editWindowMinutes,
        turnstileSiteKey: site.settings.turnstileSiteKey ?? null,
        requireVerifiedEmail: site.settings.requireVerifiedEmail,
      },
      page: { key: data.page.key, title: data.page.title },
      conversations: data.conversations,
      responder: responder!,
    }
    c.header('Cache-Control', 'no-store')
    return c.json(thread)
  })

  .get('/v1/sites/:site/responders', async (c) => {
    const site = c.var.site
    const people = siteResponders(site, await listStaff(c.env.DB, site.orgId))
    c.header('Cache-Control', 'public, max-age=300')
    return c.json({ responders: await withStats(c.env.DB, people, Date.now()) } satisfies Responders)
  })

  .post('/v1/sites/:site/comments', jsonBody(NewComment, COMMENT_MAX_BYTES), async (c) => {
    const site = c.var.site
    const { turnstileToken, website, ...input } = c.var.body
    const settings = site.settings
    const idempotencyKey = readIdempotencyKey(c.req.header('Idempotency-Key'))
    const page = pageOnSite(site, input)
    const now = Date.now()
    const ip = await ipHash(c.env, c.req.raw, now)

    const requestHash = await sha256Hex(JSON.stringify(input))
    const replay = async () => {
      if (!idempotencyKey) return null
      const earlier = await findByIdempotencyKey(c.env.DB, site.id, idempotencyKey)
      if (!earlier) return null
      if (earlier.requestHash !== requestHash)
        throw new ApiError('idempotency_key_reused', 'This Idempotency-Key was already used for a different comment.')
      c.header('Idempotent-Replayed', 'true')
      return c.json(posted(earlier.comment, await ownerToken(c.env, earlier.comment.id), earlier.hold), 200)
    }
    const replayed = await replay()
    if (replayed) return replayed

    // Cheapest refusals first; each is a clear 4xx and writes nothing.
    if (website) throw new ApiError('spam_detected', 'This comment looks automated and was not accepted.')
    await enforceRateLimit(c.env, `${site.id}:${ip}`)
    if (settings.turnstileSiteKey) await verifyTurnstile(c.env, turnstileToken, c.req.raw)

    const [staffResult, turnResult] = await c.env.DB.batch([
      listStaffStatement(c.env.DB, site.orgId),
      listTurnsStatement(c.env.DB, site.id),
    ])
    const staff = readStaff(staffResult)
    if (findImpersonated(input.name, staff.map((s) => s.name)))
      throw new ApiError('reserved_name', `"${input.name}" is too close to the name of a member of staff. Please use your own name.`, [
        { path: ['name'], message: 'is the name of a member of staff' },
      ])
    const doc = textToDocument(input.body)
    checkContent(settings, input.name, input.body, doc)
    const standing = await visitorStanding(c.env.DB, { siteId: site.id, email: input.email, ipHash: ip })
    if (standing.banned) throw new ApiError('banned', 'Comments from you are not accepted on this site.')
    const hold =
      settings.requireVerifiedEmail && !standing.verified
        ? ('unverified' as const)
        : settings.moderation === 'all' || (settings.moderation === 'first_time' && !standing.approvedBefore)
          ? ('moderation' as const)
          : null

    let target: Parameters<typeof insertVisitorComment>[1]['target']
    if (input.conversationId) {
      const conversation = await findConversation(c.env.DB, { siteId: site.id, pageKey: page.key, conversationId: input.conversationId })
      if (!conversation) throw new ApiError('conversation_not_found', 'There is no such conversation on this page.')
      target = { conversationId: conversation.id, assigneeId: conversation.assigneeId }
    } else {
      target = { assign: assignmentFor(site, staff, readTurns(turnResult), page, now).assignment }
    }

    const commentId = crypto.randomUUID()
    const token = await ownerToken(c.env, commentId)
    let stored
    try {
      stored = await insertVisitorComment(
        c.env.DB,
        {
          page: { siteId: site.id, key: page.key, url: input.url, title: input.title, topic: input.topic },
          visitor: { name: input.name, email: input.email },
          body: { source: input.body, doc },
          idempotency: idempotencyKey ? { key: idempotencyKey, requestHash } : undefined,
          target,
          hold,
          ownerTokenHash: await sha256Hex(token),
          ipHash: ip,
        },
        now,
        commentId,
      )
    } catch (error) {
      // Two retries with one key raced: the other one won, so answer with its comment.
      if (isIdempotencyConflict(error)) return (await replay()) ?? Promise.reject(error)
      throw error
    }
    c.executionCtx.waitUntil(deliverOutbox(c.env, now))
    return c.json(posted(stored.comment, token, hold), 201)
  })

  .post('/v1/sites/:site/verify', jsonBody(EmailRequest, 4096), async (c) => {
    const site = c.var.site
    const input = c.var.body
    pageOnSite(site, input)
    const now = Date.now()
    // The same answer whether or not the address is known; only a known, unconfirmed visitor gets mail.
    if (await hasUnverifiedVisitor(c.env.DB, site.id, input.email)) {
      await verifyEmailNotice(c.env.DB, site.id, input.email, now).run()
      c.executionCtx.waitUntil(deliverOutbox(c.env, now))
    }
    return c.json(accepted('If this address has comments waiting here, a confirmation link is on its way.'), 202)
  })

  .post('/v1/sites/:site/privacy', jsonBody(PrivacyRequest, 4096), async (c) => {
    const site = c.var.site
    const input = c.var.body
    pageOnSite(site, input)
    const now = Date.now()
    if (await queuePrivacyLink(c.env.DB, { siteId: site.id, email: input.email, action: input.action }, now))
      c.executionCtx.waitUntil(deliverOutbox(c.env, now))
    return c.json(accepted('If we hold anything for this address on this site, a confirmation link is on its way.'), 202)
  })

const accepted = (message: string) => ({ accepted: true as const, message })

/** The answer to a post: the comment, its owner token, and why it waits if it does. */
function posted(comment: Comment, ownerToken: string, hold: HoldReason | null): PostedComment {
  return { comment, ownerToken, ...(hold ? { pendingReason: hold } : {}) }
}

/** The site's content rules: how many links, which words. */
function checkContent(settings: SiteRow['settings'], name: string, body: string, doc: Doc) {
  if (countLinks(doc) > settings.maxLinks)
    throw new ApiError('too_many_links', `A comment may carry at most ${settings.maxLinks} links here.`, [
      { path: ['body'], message: `has more than ${settings.maxLinks} links` },
    ])
  const banned = findBannedWord(`${name}\n${body}`, settings.bannedWords)
  if (banned) throw new ApiError('banned_content', 'This comment contains words this site does not accept.', [{ path: ['body'], message: 'contains a word this site does not accept' }])
}

function readIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  const result = IdempotencyKey.safeParse(header)
  if (!result.success) throw invalid(result.error, 'Idempotency-Key header')
  return result.data
}
