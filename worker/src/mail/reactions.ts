import type { Env } from '../env'
import type { EventPayload } from '../events/kinds'
import type { Reaction } from '../events/reaction'
import {
  getAssignment,
  getCommentConversation,
  getMailbox,
  getVisitorReplyNotice,
  getWaitingItem,
  listVisitorsToNotify,
  listWaitingFor,
  type Mailbox,
  type WaitingItem,
} from '../store/notices'
import { getSiteName } from '../store/sites'
import { issueToken, recentlyIssued } from '../store/tokens'
import { findVisitor, getVisitor, listHeldForConfirmation, type VisitorRow } from '../store/visitors'
import type { OutgoingMail } from './mailer'
import {
  assignedMail,
  digestMail,
  freshLinkMail,
  newCommentMail,
  privacyLinkMail,
  verifyEmailMail,
  visitorReplyMail,
  type AnswerLinks,
} from './messages'

/*
 * The mails events cause. Each reaction composes its message from the state of things when it runs, and
 * sends nothing when there is nothing to say any more (answered meanwhile, on a digest, unsubscribed).
 * Tokens a message carries are stored (hashed) before it is sent.
 */

/** A confirmation link goes out at most once every ten minutes per address. */
const VERIFY_EVERY_MS = 600_000

/** Fresh answer link and reply address for one person and one conversation. */
async function answerLinks(env: Env, staffId: string, conversationId: string, now: number, stored: D1PreparedStatement[]): Promise<AnswerLinks> {
  const link = await issueToken(env.DB, 'answer_link', { staffId, conversationId }, now)
  const address = await issueToken(env.DB, 'reply_address', { staffId, conversationId }, now)
  stored.push(link.statement, address.statement)
  const replyUrl = `${env.PUBLIC_URL}/answer/${link.token}`
  return { replyUrl, handoverUrl: `${replyUrl}#hand-over`, replyAddress: `reply+${address.token}@${env.INBOUND_DOMAIN}` }
}

async function visitorLinks(env: Env, n: { visitorId: string; conversationId: string; commentId: string; pageUrl: string }, now: number, stored: D1PreparedStatement[]) {
  const unsubscribe = await issueToken(env.DB, 'unsubscribe', { visitorId: n.visitorId, conversationId: n.conversationId }, now)
  stored.push(unsubscribe.statement)
  const url = new URL(n.pageUrl)
  url.hash = `comment-${n.commentId}`
  const unsubscribeUrl = `${env.PUBLIC_URL}/unsubscribe/${unsubscribe.token}`
  return { commentUrl: url.href, unsubscribeUrl, unsubscribeAllUrl: `${unsubscribeUrl}?scope=site` }
}

/** Someone who can be written to about a conversation that still waits for them. */
async function waitingFor(db: D1Database, staffId: string, conversationId: string): Promise<[Mailbox, WaitingItem] | null> {
  const [to, item] = await Promise.all([getMailbox(db, staffId), getWaitingItem(db, conversationId)])
  return to?.active && item ? [to, item] : null
}

/** A mail reaction: compose with the tokens it needs, store them, send. */
function mailReaction<P>(
  name: string,
  compose: (env: Env, payload: P, now: number, stored: D1PreparedStatement[], target: string) => Promise<OutgoingMail | null>,
  targets?: (env: Env, payload: P) => Promise<string[]>,
): Reaction<P> {
  return {
    name,
    ...(targets ? { targets } : {}),
    async run({ env, now, mailer }, payload, target) {
      const stored: D1PreparedStatement[] = []
      const mail = await compose(env, payload, now, stored, target)
      if (stored.length) await env.DB.batch(stored)
      if (mail) await mailer.send(mail, now)
    },
  }
}

/** The responder hears of a comment that is (now) published and waits for them, unless they get digests. */
async function responderNotice(env: Env, commentId: string, now: number, stored: D1PreparedStatement[]) {
  const c = await getCommentConversation(env.DB, commentId)
  if (!c || c.status !== 'awaiting' || c.commentStatus !== 'published') return null
  const found = await waitingFor(env.DB, c.assigneeId, c.conversationId)
  if (!found || found[0].digest.frequency !== 'immediate') return null
  return newCommentMail(found[0], found[1], await answerLinks(env, c.assigneeId, c.conversationId, now, stored), now)
}

/**
 * A visitor's confirmation link, while something of theirs waits for it. (An address confirmed before is no
 * reason not to send: trust belongs to the browser that confirmed, and this comment came from another.)
 */
async function verificationMail(env: Env, visitor: VisitorRow | null, now: number, stored: D1PreparedStatement[]) {
  if (!visitor || !(await listHeldForConfirmation(env.DB, visitor.id)).length) return null
  if (await recentlyIssued(env.DB, { purpose: 'verify_email', visitorId: visitor.id, since: now - VERIFY_EVERY_MS })) return null
  const token = await issueToken(env.DB, 'verify_email', { visitorId: visitor.id }, now)
  stored.push(token.statement)
  return verifyEmailMail({ name: visitor.name, email: visitor.address }, await getSiteName(env.DB, visitor.siteId), `${env.PUBLIC_URL}/verify/${token.token}`)
}

export const responderMail = mailReaction<EventPayload<'comment.posted'>>('mail.responder', (env, p, now, stored) =>
  responderNotice(env, p.commentId, now, stored),
)

export const approvedMail = mailReaction<EventPayload<'comment.moderated'>>('mail.responder', async (env, p, now, stored) =>
  p.action === 'approve' ? responderNotice(env, p.commentId, now, stored) : null,
)

/** A confirmed visitor's released comments, each its own notice. */
export const releasedMail = mailReaction<EventPayload<'visitor.confirmed'>>(
  'mail.responder',
  (env, _p, now, stored, commentId) => responderNotice(env, commentId, now, stored),
  async (_env, p) => p.released,
)

/** A comment held until its author confirms their address sends them the link. */
export const heldCommentVerification = mailReaction<EventPayload<'comment.posted'>>('mail.verification', async (env, p, now, stored) => {
  const c = await getCommentConversation(env.DB, p.commentId)
  if (c?.commentStatus !== 'pending' || c.holdReason !== 'unverified' || !c.visitorId) return null
  return verificationMail(env, await getVisitor(env.DB, c.visitorId), now, stored)
})

export const requestedVerification = mailReaction<EventPayload<'verification.requested'>>('mail.verification', async (env, p, now, stored) =>
  verificationMail(env, await findVisitor(env.DB, p.siteId, p.email), now, stored),
)

/** The new assignee of a hand-over or an escalation, while the conversation still waits for them. */
async function assignmentNotice(env: Env, assignmentId: string, now: number, stored: D1PreparedStatement[]) {
  const a = await getAssignment(env.DB, assignmentId)
  const found = a && (await waitingFor(env.DB, a.toId, a.conversationId))
  if (!a || !found) return null
  return assignedMail(found[0], found[1], await answerLinks(env, a.toId, a.conversationId, now, stored), a, now)
}

export const handedOverMail = mailReaction<EventPayload<'conversation.handed_over'>>('mail.assignee', (env, p, now, stored) =>
  assignmentNotice(env, p.assignmentId, now, stored),
)

export const escalatedMail = mailReaction<EventPayload<'conversation.escalated'>>('mail.assignee', async (env, p, now, stored) =>
  p.assignmentId ? assignmentNotice(env, p.assignmentId, now, stored) : null,
)

export const answerLinkMail = mailReaction<EventPayload<'answer_link.requested'>>('mail.answer_link', async (env, p, now, stored) => {
  const found = await waitingFor(env.DB, p.staffId, p.conversationId)
  if (!found) return null
  return freshLinkMail(found[0], found[1], await answerLinks(env, p.staffId, p.conversationId, now, stored), now)
})

export const digest = mailReaction<EventPayload<'digest.due'>>('mail.digest', async (env, p, now, stored) => {
  const to = await getMailbox(env.DB, p.staffId)
  const items = to?.active ? await listWaitingFor(env.DB, to.id) : []
  // An empty digest is not sent.
  if (!to || !items.length) return null
  const withLinks = []
  for (const item of items) withLinks.push({ item, links: await answerLinks(env, to.id, item.conversationId, now, stored) })
  return digestMail(to, withLinks, now)
})

export const privacyMail = mailReaction<EventPayload<'privacy.requested'>>('mail.privacy', async (env, p, now, stored) => {
  const visitor = await getVisitor(env.DB, p.visitorId)
  if (!visitor || visitor.email.startsWith('deleted:')) return null
  const token = await issueToken(env.DB, p.action === 'delete' ? 'privacy_delete' : 'privacy_export', { visitorId: visitor.id }, now)
  stored.push(token.statement)
  return privacyLinkMail({ name: visitor.name, email: visitor.address }, await getSiteName(env.DB, visitor.siteId), p.action, `${env.PUBLIC_URL}/privacy/confirm/${token.token}`)
})

/** Every visitor of the conversation who still wants mail hears of a staff reply, each on their own. */
export const visitorsMail = mailReaction<EventPayload<'reply.published'>>(
  'mail.visitors',
  async (env, p, now, stored, visitorId) => {
    const n = await getVisitorReplyNotice(env.DB, p.commentId, visitorId)
    if (!n || !n.wanted) return null
    return visitorReplyMail(n, await visitorLinks(env, n, now, stored))
  },
  (env, p) => listVisitorsToNotify(env.DB, p.commentId),
)
