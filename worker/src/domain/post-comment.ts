import type { Comment, NewComment, PostedComment } from '../../../schema'
import { ApiError } from '../http/errors'
import { toLocale } from '../i18n'
import { route, type PageFacts } from '../routing/route'
import { ownerToken } from '../security/abuse'
import { sha256Hex } from '../security/compare'
import { checkSite, type SitePage } from '../security/site'
import { canonicalEmail } from '../security/email'
import { provesAddress } from '../security/visitor-credential'
import {
  conversationOnPageStatement,
  findByIdempotencyKey,
  idempotencyStatement,
  isIdempotencyConflict,
  readConversationOnPage,
  readIdempotent,
  visitorCommentStatements,
  type FirstAssignment,
  type HoldReason,
  type Idempotent,
} from '../store/comments'
import { readStanding, visitorStandingStatement } from '../store/moderation'
import { activeSiteStatement, type SiteRow } from '../store/sites'
import { listStaffStatement, listTurnsStatement, readStaff, readTurns, type StaffRow } from '../store/staff'
import { visitorLocaleStatement } from '../store/visitors'
import { commit, type Deps } from './context'
import { checkContent, checkVisitorName, holdFor } from './rules'

/** A visitor's comment as the post carries it (the fields that make the request: its Idempotency-Key hashes them). */
export type CommentFields = Omit<NewComment, 'turnstileToken' | 'website' | 'visitorCredential'>

export type CommentPost = {
  site: SiteRow
  page: SitePage
  comment: CommentFields
  idempotencyKey: string | undefined
  ipHash: string
  /** The browser's proof of a confirmed address, handed to it when it confirmed (see domain/visitor.ts). */
  visitorCredential?: string | undefined
}

export type PostOutcome = { posted: PostedComment; replayed: boolean }

/** Routing's decision for a new conversation on this page, as the assignment the store writes. */
export function assignmentFor(site: SiteRow, staff: StaffRow[], turns: Record<string, number>, page: PageFacts, now: number) {
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

/** The answer to a post: the comment, its owner token, and why it waits if it does. */
function posted(comment: Comment, token: string, hold: HoldReason | null): PostedComment {
  return { comment, ownerToken: token, ...(hold ? { pendingReason: hold } : {}) }
}

/**
 * A visitor's comment: a new conversation routed to a named member of staff, or a reply in one. A retry with
 * the same Idempotency-Key answers with the first comment; `protect` (the channel's own checks: honeypot,
 * rate limit, Turnstile) runs only for a post that is not a retry. Two round trips: one batch reads everything
 * the checks need, and the comment, its conversation and assignment, and the `comment.posted` event are one
 * batch. `p.site` may be the isolate's last copy of the site: the read batch checks it (`checkSite`).
 */
export async function postComment(deps: Deps, p: CommentPost, protect: () => Promise<void>): Promise<PostOutcome> {
  const { env, now } = deps
  const db = env.DB
  const { site, comment: input } = p
  const requestHash = await sha256Hex(JSON.stringify(input))
  const email = canonicalEmail(input.email)
  const replayOf = async (earlier: Idempotent | null): Promise<PostOutcome | null> => {
    if (!earlier) return null
    if (earlier.requestHash !== requestHash)
      throw new ApiError('idempotency_key_reused', 'This Idempotency-Key was already used for a different comment.')
    return { posted: posted(earlier.comment, await ownerToken(env, earlier.comment.id), earlier.hold), replayed: true }
  }

  const reads = [
    activeSiteStatement(db, site.id),
    listStaffStatement(db, site.orgId),
    listTurnsStatement(db, site.id),
    visitorStandingStatement(db, { siteId: site.id, email, ipHash: p.ipHash }),
  ]
  const replayAt = p.idempotencyKey ? reads.push(idempotencyStatement(db, site.id, p.idempotencyKey)) - 1 : -1
  const conversationAt = input.conversationId
    ? reads.push(conversationOnPageStatement(db, { siteId: site.id, pageKey: p.page.key, conversationId: input.conversationId })) - 1
    : -1
  const results = await db.batch(reads)
  checkSite(site, results[0])
  const replayed = replayAt < 0 ? null : await replayOf(readIdempotent(results[replayAt]))
  if (replayed) return replayed
  await protect()

  const staff = readStaff(results[1])
  checkVisitorName(input.name, staff)
  const doc = checkContent(site.settings, input.name, input.body)
  const standing = readStanding(results[3])
  if (standing.banned) throw new ApiError('banned', 'Comments from you are not accepted on this site.')
  const verified = await provesAddress(env, p.visitorCredential, { siteId: site.id, email }, now)
  const hold = holdFor(site.settings, { verified, approvedBefore: standing.approvedBefore })

  let target: { conversationId: string; assigneeId: string } | { assign: FirstAssignment }
  if (conversationAt >= 0) {
    const conversation = readConversationOnPage(results[conversationAt])
    if (!conversation) throw new ApiError('conversation_not_found', 'There is no such conversation on this page.')
    target = { conversationId: conversation.id, assigneeId: conversation.assigneeId }
  } else {
    target = { assign: assignmentFor(site, staff, readTurns(results[2]), p.page, now).assignment }
  }

  const commentId = crypto.randomUUID()
  const token = await ownerToken(env, commentId)
  const { statements, comment } = visitorCommentStatements(
    db,
    {
      page: { siteId: site.id, key: p.page.key, url: p.page.canonicalUrl, title: input.title, topic: input.topic },
      visitor: { name: input.name, email, address: input.email },
      body: { source: input.body, doc },
      idempotency: p.idempotencyKey ? { key: p.idempotencyKey, requestHash } : undefined,
      target,
      hold,
      ownerTokenHash: await sha256Hex(token),
      ipHash: p.ipHash,
    },
    now,
    commentId,
  )
  // The language their emails are written in: the one they post in, when the post says (a widget that does not keeps the last).
  if (input.locale !== undefined) statements.push(visitorLocaleStatement(db, { siteId: site.id, email, locale: toLocale(input.locale) }))
  try {
    await commit(deps, statements, { kind: 'comment.posted', payload: { commentId } })
  } catch (error) {
    // Two retries with one key raced: the other one won, so answer with its comment.
    if (isIdempotencyConflict(error) && p.idempotencyKey)
      return (await replayOf(await findByIdempotencyKey(db, site.id, p.idempotencyKey))) ?? Promise.reject(error)
    throw error
  }
  return { posted: posted(comment, token, hold), replayed: false }
}
