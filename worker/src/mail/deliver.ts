import type { Env } from '../env'
import { claimDueOutbox, markOutboxFailed, markOutboxSent, type ClaimedRow } from '../store/outbox'
import {
  getAssignment,
  getCommentConversation,
  getMailbox,
  getVisitorReplyNotice,
  getWaitingItem,
  listWaitingFor,
  type Mailbox,
  type WaitingItem,
} from '../store/notices'
import { issueToken } from '../store/tokens'
import { mailerFor, type Mailer, type OutgoingMail } from './mailer'
import { findVisitor, getVisitor } from '../store/visitors'
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

const BATCH = 50

/** Fresh answer link and reply address for one person and one conversation; stored (hashed) before sending. */
async function answerLinks(env: Env, staffId: string, conversationId: string, now: number, stored: D1PreparedStatement[]): Promise<AnswerLinks> {
  const link = await issueToken(env.DB, 'answer_link', { staffId, conversationId }, now)
  const address = await issueToken(env.DB, 'reply_address', { staffId, conversationId }, now)
  stored.push(link.statement, address.statement)
  const replyUrl = `${env.PUBLIC_URL}/answer/${link.token}`
  return { replyUrl, handoverUrl: `${replyUrl}#hand-over`, replyAddress: `reply+${address.token}@${env.INBOUND_DOMAIN}` }
}

async function visitorLinks(env: Env, visitorId: string, conversationId: string, commentId: string, pageUrl: string, now: number, stored: D1PreparedStatement[]) {
  const unsubscribe = await issueToken(env.DB, 'unsubscribe', { visitorId, conversationId }, now)
  stored.push(unsubscribe.statement)
  const url = new URL(pageUrl)
  url.hash = `comment-${commentId}`
  const unsubscribeUrl = `${env.PUBLIC_URL}/unsubscribe/${unsubscribe.token}`
  return { commentUrl: url.href, unsubscribeUrl, unsubscribeAllUrl: `${unsubscribeUrl}?scope=site` }
}

const siteName = async (db: D1Database, siteId: string) =>
  (await db.prepare(`SELECT name FROM sites WHERE id = ?1`).bind(siteId).first<{ name: string }>())?.name ?? 'the site'

/** Someone who can be written to about a conversation that still waits for them. */
async function waitingFor(db: D1Database, staffId: string, conversationId: string): Promise<[Mailbox, WaitingItem] | null> {
  const [to, item] = await Promise.all([getMailbox(db, staffId), getWaitingItem(db, conversationId)])
  return to?.active && item ? [to, item] : null
}

/**
 * Turns one claimed outbox row into the message it stands for, as things are now; null when there is
 * nothing to say any more (answered meanwhile, waiting for a digest, unsubscribed, nobody waiting).
 */
async function compose(env: Env, row: ClaimedRow, now: number): Promise<OutgoingMail | null> {
  const db = env.DB
  const stored: D1PreparedStatement[] = []
  const payload = JSON.parse(row.payload) as Record<string, string>
  let mail: OutgoingMail | null = null
  switch (row.kind) {
    case 'new_comment': {
      const c = await getCommentConversation(db, payload.commentId!)
      if (!c || c.status !== 'awaiting' || c.commentStatus !== 'published') break
      const found = await waitingFor(db, c.assigneeId, c.conversationId)
      // People on hourly or daily digests hear about it there instead.
      if (!found || found[0].digest.frequency !== 'immediate') break
      mail = newCommentMail(found[0], found[1], await answerLinks(env, c.assigneeId, c.conversationId, now, stored), now)
      break
    }
    case 'assigned': {
      const a = await getAssignment(db, payload.assignmentId!)
      const found = a && (await waitingFor(db, a.toId, a.conversationId))
      if (!a || !found) break
      mail = assignedMail(found[0], found[1], await answerLinks(env, a.toId, a.conversationId, now, stored), a, now)
      break
    }
    case 'fresh_link': {
      const found = await waitingFor(db, payload.staffId!, payload.conversationId!)
      if (!found) break
      mail = freshLinkMail(found[0], found[1], await answerLinks(env, payload.staffId!, payload.conversationId!, now, stored), now)
      break
    }
    case 'digest': {
      const to = await getMailbox(db, payload.staffId!)
      const items = to?.active ? await listWaitingFor(db, to.id) : []
      // An empty digest is not sent.
      if (!to || !items.length) break
      const withLinks = []
      for (const item of items) withLinks.push({ item, links: await answerLinks(env, to.id, item.conversationId, now, stored) })
      mail = digestMail(to, withLinks, now)
      break
    }
    case 'verify_email': {
      const visitor = await findVisitor(db, payload.siteId!, payload.email!)
      if (!visitor || visitor.verifiedAt !== null) break
      const token = await issueToken(db, 'verify_email', { visitorId: visitor.id }, now)
      stored.push(token.statement)
      mail = verifyEmailMail(visitor, await siteName(db, visitor.siteId), `${env.PUBLIC_URL}/verify/${token.token}`)
      break
    }
    case 'privacy_link': {
      const visitor = await getVisitor(db, payload.visitorId!)
      const action = payload.action === 'delete' ? 'delete' : 'export'
      if (!visitor || visitor.email.startsWith('deleted:')) break
      const token = await issueToken(db, action === 'delete' ? 'privacy_delete' : 'privacy_export', { visitorId: visitor.id }, now)
      stored.push(token.statement)
      mail = privacyLinkMail(visitor, await siteName(db, visitor.siteId), action, `${env.PUBLIC_URL}/privacy/confirm/${token.token}`)
      break
    }
    case 'visitor_reply': {
      const n = await getVisitorReplyNotice(db, payload.commentId!, payload.visitorId!)
      if (!n || !n.wanted) break
      mail = visitorReplyMail(n, await visitorLinks(env, n.visitorId, n.conversationId, n.commentId, n.pageUrl, now, stored))
      break
    }
  }
  if (stored.length) await db.batch(stored)
  return mail
}

/**
 * Sends what is due in the outbox. Each row is claimed before sending, marked sent after; a failure
 * stays in the outbox with its error and is retried later, so an outage of the mail provider loses nothing.
 */
export async function deliverOutbox(env: Env, now: number, mailer: Mailer = mailerFor(env)) {
  const rows = await claimDueOutbox(env.DB, now, BATCH)
  let sent = 0
  let failed = 0
  for (const row of rows) {
    try {
      const mail = await compose(env, row, now)
      if (mail) await mailer.send(mail, now)
      await markOutboxSent(env.DB, row.id, now)
      sent++
    } catch (error) {
      failed++
      await markOutboxFailed(env.DB, row, error instanceof Error ? error.message : String(error), now)
    }
  }
  return { claimed: rows.length, sent, failed }
}
