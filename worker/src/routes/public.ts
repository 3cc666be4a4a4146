import { Hono } from 'hono'
import { Accepted, Counts, CountsQuery, CountsTag, EmailRequest, IdempotencyKey, NewComment, PostedComment, PrivacyRequest, Responders, Thread, ThreadQuery, ThreadTag } from '../../../schema'
import { answerCounts } from '../domain/counts'
import { postComment } from '../domain/post-comment'
import { publicResponders } from '../domain/thread'
import { requestPrivacyLink, requestVerification } from '../domain/visitor'
import type { AppEnv } from '../env'
import { depsFor } from '../events/after-commit'
import { contract } from '../http/contract'
import { answerThread } from '../http/thread-cache'
import { ApiError, invalid } from '../http/errors'
import { jsonBody, validate } from '../http/validate'
import { enforceRateLimit, ipHash, verifyTurnstile } from '../security/abuse'
import { knownSiteContext, pageOnSite, siteContext, withCurrentSite } from '../security/site'

/** A comment body is at most 10,000 characters; its JSON envelope with multi-byte text fits in this. */
const COMMENT_MAX_BYTES = 64 * 1024

/** What visitors' browsers call, on behalf of one site; mounted at /v1/sites/:site. */
export const publicRoutes = new Hono<AppEnv>()
  // A thread read, counts and a post read the site again in their own first batch, so they start from the last copy of it.
  .use('/thread', knownSiteContext)
  .use('/counts', knownSiteContext)
  .use('/comments', knownSiteContext)
  .use(siteContext)

  .get(
    '/thread',
    contract({
      summary: "A page of a page's published conversations (follow `next` for the rest) and who a new comment would go to",
      headers: {
        'If-None-Match': { schema: ThreadTag, description: 'The ETag of a thread this client holds; answered 304 while it is still the answer' },
      },
      ok: { status: 200, schema: Thread, description: 'The thread, with a strong ETag' },
      notModified: 'The thread named by If-None-Match is still the answer',
      errors: ['site_not_found', 'origin_not_allowed'],
    }),
    validate('query', ThreadQuery),
    async (c) => {
      const q = c.req.valid('query')
      const answer = await withCurrentSite(c, (site) =>
        answerThread(
          c.env.DB,
          c.executionCtx,
          { site, page: pageOnSite(site, q), title: q.title, ask: { sort: q.sort, limit: q.limit, cursor: q.cursor, comment: q.comment } },
          c.req.header('If-None-Match'),
          Date.now(),
        ),
      )
      c.header('ETag', answer.tag)
      // Browsers keep the answer but ask each time; an unchanged thread costs them a 304.
      c.header('Cache-Control', 'no-cache')
      if (answer.body === null) return c.body(null, 304)
      c.header('Content-Type', 'application/json')
      return c.body(answer.body)
    },
  )

  .get(
    '/counts',
    contract({
      summary: "Published comment counts of up to 50 pages (an index page's links), each as its thread shows it",
      headers: {
        'If-None-Match': { schema: CountsTag, description: 'The ETag of counts this client holds; answered 304 while they are still the answer' },
      },
      ok: { status: 200, schema: Counts, description: 'One count per page asked, in the order asked, with a strong ETag' },
      notModified: 'The counts named by If-None-Match are still the answer',
      errors: ['site_not_found', 'origin_not_allowed'],
    }),
    validate('query', CountsQuery),
    async (c) => {
      const { page } = c.req.valid('query')
      const answer = await withCurrentSite(c, (site) => answerCounts(c.env.DB, { site, pages: page }, c.req.header('If-None-Match')))
      c.header('ETag', answer.tag)
      // As a thread: browsers keep the answer but ask each time; unchanged counts cost them a 304.
      c.header('Cache-Control', 'no-cache')
      if (answer.counts === null) return c.body(null, 304)
      return c.json(answer.counts)
    },
  )

  .get(
    '/responders',
    contract({
      summary: "The site's responders with their public record: answered rate and median first-reply time (90 days)",
      ok: { status: 200, schema: Responders, description: 'The responders, by name' },
      errors: ['site_not_found', 'origin_not_allowed'],
    }),
    async (c) => {
      c.header('Cache-Control', 'public, max-age=300')
      return c.json(await publicResponders(c.env.DB, c.var.site))
    },
  )

  .post(
    '/comments',
    contract({
      summary: 'Post a comment: a new conversation, or a reply in one',
      headers: {
        'Idempotency-Key': {
          schema: IdempotencyKey,
          description: 'Retries with the same key return the first comment instead of creating another',
        },
      },
      ok: { status: 201, schema: PostedComment, description: 'The stored comment (200 when replayed by Idempotency-Key)' },
      errors: [
        'invalid_request',
        'site_not_found',
        'conversation_not_found',
        'origin_not_allowed',
        'idempotency_key_reused',
        'reserved_name',
        'spam_detected',
        'banned_content',
        'too_many_links',
        'turnstile_failed',
        'banned',
        'rate_limited',
      ],
    }),
    jsonBody(NewComment, COMMENT_MAX_BYTES),
    async (c) => {
      const { turnstileToken, website, visitorCredential, ...comment } = c.var.body
      const deps = depsFor(c.env, c.executionCtx)
      const ip = await ipHash(c.env, c.req.raw, deps.now)
      const outcome = await withCurrentSite(c, (site) =>
        postComment(
          deps,
          {
            site,
            page: pageOnSite(site, comment),
            comment,
            idempotencyKey: readIdempotencyKey(c.req.header('Idempotency-Key')),
            ipHash: ip,
            visitorCredential,
          },
          // Cheapest refusals first; each is a clear 4xx and writes nothing.
          async () => {
            if (website) throw new ApiError('spam_detected', 'This comment looks automated and was not accepted.')
            await enforceRateLimit(c.env, `${site.id}:${ip}`)
            if (site.settings.turnstileSiteKey) await verifyTurnstile(c.env, turnstileToken, c.req.raw)
          },
        ),
      )
      if (outcome.replayed) c.header('Idempotent-Replayed', 'true')
      return c.json(outcome.posted, outcome.replayed ? 200 : 201)
    },
  )

  .post(
    '/verify',
    contract({
      summary: 'Send a confirmation link to an address whose comments wait for it; the same answer for any address',
      ok: { status: 202, schema: Accepted, description: 'Accepted' },
      errors: ['site_not_found', 'origin_not_allowed'],
    }),
    jsonBody(EmailRequest, 4096),
    async (c) => {
      const input = c.var.body
      pageOnSite(c.var.site, input)
      // The same answer whether or not the address is known; only a known, unconfirmed visitor gets mail.
      await requestVerification(depsFor(c.env, c.executionCtx), { siteId: c.var.site.id, email: input.email })
      return c.json(accepted('If this address has comments waiting here, a confirmation link is on its way.'), 202)
    },
  )

  .post(
    '/privacy',
    contract({
      summary: "Ask for an export or deletion of one's data on a site, confirmed by an emailed link; the same answer for any address",
      ok: { status: 202, schema: Accepted, description: 'Accepted' },
      errors: ['site_not_found', 'origin_not_allowed'],
    }),
    jsonBody(PrivacyRequest, 4096),
    async (c) => {
      const input = c.var.body
      pageOnSite(c.var.site, input)
      await requestPrivacyLink(depsFor(c.env, c.executionCtx), { siteId: c.var.site.id, email: input.email, action: input.action })
      return c.json(accepted('If we hold anything for this address on this site, a confirmation link is on its way.'), 202)
    },
  )

const accepted = (message: string) => ({ accepted: true as const, message })

function readIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  const result = IdempotencyKey.safeParse(header)
  if (!result.success) throw invalid(result.error, 'Idempotency-Key header')
  return result.data
}
