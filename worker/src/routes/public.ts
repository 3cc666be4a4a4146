import { Hono } from 'hono'
import { IdempotencyKey, NewComment, ThreadQuery, type Responders, type Thread } from '../../../schema'
import type { AppEnv } from '../env'
import { ApiError, invalid } from '../http/errors'
import { jsonBody, validate } from '../http/validate'
import { deliverOutbox } from '../mail/deliver'
import { textToDocument } from '../render/document'
import { route, type PageFacts } from '../routing/route'
import { sha256Hex } from '../security/compare'
import { findImpersonated } from '../security/confusables'
import { pageOnSite, siteContext } from '../security/site'
import {
  findByIdempotencyKey,
  findConversation,
  insertVisitorComment,
  isIdempotencyConflict,
  type FirstAssignment,
} from '../store/comments'
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
      site: { id: site.id, name: site.name },
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
    const input = c.var.body
    const idempotencyKey = readIdempotencyKey(c.req.header('Idempotency-Key'))
    const page = pageOnSite(site, input)

    const requestHash = await sha256Hex(JSON.stringify(input))
    const replay = async () => {
      if (!idempotencyKey) return null
      const earlier = await findByIdempotencyKey(c.env.DB, site.id, idempotencyKey)
      if (!earlier) return null
      if (earlier.requestHash !== requestHash)
        throw new ApiError('idempotency_key_reused', 'This Idempotency-Key was already used for a different comment.')
      c.header('Idempotent-Replayed', 'true')
      return c.json({ comment: earlier.comment }, 200)
    }
    const replayed = await replay()
    if (replayed) return replayed

    const now = Date.now()
    const [staffResult, turnResult] = await c.env.DB.batch([
      listStaffStatement(c.env.DB, site.orgId),
      listTurnsStatement(c.env.DB, site.id),
    ])
    const staff = readStaff(staffResult)
    const impersonated = findImpersonated(input.name, staff.map((s) => s.name))
    if (impersonated)
      throw new ApiError('reserved_name', `"${input.name}" is too close to the name of a member of staff. Please use your own name.`, [
        { path: ['name'], message: 'is the name of a member of staff' },
      ])

    let target: Parameters<typeof insertVisitorComment>[1]['target']
    if (input.conversationId) {
      const conversation = await findConversation(c.env.DB, { siteId: site.id, pageKey: page.key, conversationId: input.conversationId })
      if (!conversation) throw new ApiError('conversation_not_found', 'There is no such conversation on this page.')
      target = { conversationId: conversation.id, assigneeId: conversation.assigneeId }
    } else {
      target = { assign: assignmentFor(site, staff, readTurns(turnResult), page, now).assignment }
    }

    let stored
    try {
      stored = await insertVisitorComment(
        c.env.DB,
        {
          page: { siteId: site.id, key: page.key, url: input.url, title: input.title, topic: input.topic },
          visitor: { name: input.name, email: input.email },
          body: { source: input.body, doc: textToDocument(input.body) },
          idempotency: idempotencyKey ? { key: idempotencyKey, requestHash } : undefined,
          target,
        },
        now,
      )
    } catch (error) {
      // Two retries with one key raced: the other one won, so answer with its comment.
      if (isIdempotencyConflict(error)) return (await replay()) ?? Promise.reject(error)
      throw error
    }
    c.executionCtx.waitUntil(deliverOutbox(c.env, now))
    return c.json({ comment: stored.comment }, 201)
  })

function readIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  const result = IdempotencyKey.safeParse(header)
  if (!result.success) throw invalid(result.error, 'Idempotency-Key header')
  return result.data
}
