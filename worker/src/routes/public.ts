import { Hono } from 'hono'
import { IdempotencyKey, NewComment, ThreadQuery, type Thread } from '../../../schema'
import type { AppEnv } from '../env'
import { ApiError, invalid } from '../http/errors'
import { jsonBody, validate } from '../http/validate'
import { deliverOutbox } from '../mail/deliver'
import { textToDocument } from '../render/document'
import { chooseResponder } from '../routing/default-responder'
import { sha256Hex } from '../security/compare'
import { pageKeyOnSite, siteContext } from '../security/site'
import {
  findByIdempotencyKey,
  findConversation,
  insertVisitorComment,
  isIdempotencyConflict,
} from '../store/comments'
import { listStaff, toPublicStaff } from '../store/staff'
import { readThread } from '../store/threads'

/** A comment body is at most 10,000 characters; its JSON envelope with multi-byte text fits in this. */
const COMMENT_MAX_BYTES = 64 * 1024

/** What visitors' browsers call, on behalf of one site. */
export const publicRoutes = new Hono<AppEnv>()
  .use('/v1/sites/:site/*', siteContext)

  .get('/v1/sites/:site/thread', validate('query', ThreadQuery), async (c) => {
    const site = c.var.site
    const q = c.req.valid('query')
    const key = pageKeyOnSite(site, q)
    const { page, conversations, staff } = await readThread(
      c.env.DB,
      { siteId: site.id, orgId: site.orgId, key, url: q.url, title: q.title, topic: q.topic },
      Date.now(),
    )
    const thread: Thread = {
      site: { id: site.id, name: site.name },
      page: { key: page.key, title: page.title },
      conversations,
      responder: toPublicStaff(chooseResponder(site.settings, staff).staff),
    }
    c.header('Cache-Control', 'no-store')
    return c.json(thread)
  })

  .post('/v1/sites/:site/comments', jsonBody(NewComment, COMMENT_MAX_BYTES), async (c) => {
    const site = c.var.site
    const input = c.var.body
    const idempotencyKey = readIdempotencyKey(c.req.header('Idempotency-Key'))
    const key = pageKeyOnSite(site, input)

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

    let target: Parameters<typeof insertVisitorComment>[1]['target']
    if (input.conversationId) {
      const conversation = await findConversation(c.env.DB, { siteId: site.id, pageKey: key, conversationId: input.conversationId })
      if (!conversation) throw new ApiError('conversation_not_found', 'There is no such conversation on this page.')
      target = { conversationId: conversation.id, assigneeId: conversation.assigneeId }
    } else {
      const decision = chooseResponder(site.settings, await listStaff(c.env.DB, site.orgId))
      target = { assignTo: decision.staff, reason: decision.reason }
    }

    const now = Date.now()
    let stored
    try {
      stored = await insertVisitorComment(
        c.env.DB,
        {
          page: { siteId: site.id, key, url: input.url, title: input.title, topic: input.topic },
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
