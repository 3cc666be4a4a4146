import type { Env } from '../env'
import { toLocale } from '../i18n'
import type { EventPayload } from '../events/kinds'
import type { DeliveryItem, DeliveryOutcome, Reaction, ReactionContext } from '../events/reaction'
import {
  findVisitorMailboxes,
  getAssignments,
  getCommentConversations,
  getMailboxes,
  getVisitorMailboxes,
  getVisitorReplyNotices,
  getWaitingItems,
  listVisitorsToNotify,
  listWaitingFor,
  replyNoticeKey,
  visitorAddressKey,
  type Mailbox,
  type VisitorMailbox,
  type WaitingItem,
} from '../store/notices'
import { adminKey, findOrgAdmins, insertSignInTokensStatement, type SignInTokenRow } from '../store/console'
import { sha256Hex } from '../security/compare'
import { insertTokensStatement, newIssuedToken, newToken, type IssuedToken, type TokenPurpose, type TokenScope } from '../store/tokens'
import { sendAll, type OutgoingMail } from './mailer'
import {
  assignedMail,
  consoleSignInMail as signInLinkMail,
  digestMail,
  freshLinkMail,
  newCommentMail,
  privacyLinkMail,
  selfServiceLinkMail,
  verifyEmailMail,
  visitorReplyMail,
  type AnswerLinks,
  type StaffRecipient,
} from './messages'
import { getOwnProfile } from '../store/self-service'
import { getStaffLocales } from '../store/staff'

/*
 * The mails events cause. Each reaction composes its messages from the state of things when it runs, and
 * sends nothing when there is nothing to say any more (answered meanwhile, on a digest, unsubscribed).
 * A drain hands a reaction all its due deliveries at once: what they need is read in a few queries keyed by all
 * their ids, the tokens they carry are stored (hashed) in one statement before any is sent, then they are sent.
 */

/** A confirmation link goes out at most once every ten minutes per address. */
const VERIFY_EVERY_MS = 600_000
/** A digest lists the people who have waited longest, and says how many more wait. */
export const DIGEST_ITEMS = 50

/** The tokens a batch of messages carries, collected while composing and stored together. */
function tokenBag(now: number) {
  const rows: IssuedToken['row'][] = []
  return {
    rows,
    async issue(purpose: TokenPurpose, scope: TokenScope): Promise<string> {
      const issued = await newIssuedToken(purpose, scope, now)
      rows.push(issued.row)
      return issued.token
    },
  }
}
type Tokens = ReturnType<typeof tokenBag>

/** One item's message, nothing to say (null), or why it could not be composed. */
type Composed = OutgoingMail | null | Error

/** Composes each item on its own, so one that cannot be built fails only its own delivery. */
async function eachItem<T>(items: T[], compose: (item: T) => Promise<OutgoingMail | null>): Promise<Composed[]> {
  const out: Composed[] = []
  for (const item of items) {
    try {
      out.push(await compose(item))
    } catch (e) {
      out.push(e instanceof Error ? e : new Error(String(e)))
    }
  }
  return out
}

/** Fresh answer link and reply address for one person and one conversation. */
async function answerLinks(env: Env, tokens: Tokens, staffId: string, conversationId: string): Promise<AnswerLinks> {
  const scope = { staffId, conversationId }
  const [link, address] = await Promise.all([tokens.issue('answer_link', scope), tokens.issue('reply_address', scope)])
  const replyUrl = `${env.PUBLIC_URL}/answer/${link}`
  return { replyUrl, handoverUrl: `${replyUrl}#hand-over`, replyAddress: `reply+${address}@${env.INBOUND_DOMAIN}` }
}

/**
 * The person's own page (profile, digest, away), linked from every staff email: a fresh 14-day link in each. (The
 * mailbox carries the language of their profile.)
 */
async function withSelfService(env: Env, tokens: Tokens, to: Mailbox): Promise<StaffRecipient> {
  return { ...to, selfServiceUrl: `${env.PUBLIC_URL}/me/${await tokens.issue('self_service', { staffId: to.id })}` }
}

async function visitorLinks(env: Env, tokens: Tokens, n: { visitorId: string; conversationId: string; commentId: string; pageUrl: string }) {
  const unsubscribe = await tokens.issue('unsubscribe', { visitorId: n.visitorId, conversationId: n.conversationId })
  const url = new URL(n.pageUrl)
  url.hash = `comment-${n.commentId}`
  const unsubscribeUrl = `${env.PUBLIC_URL}/unsubscribe/${unsubscribe}`
  return { commentUrl: url.href, unsubscribeUrl, unsubscribeAllUrl: `${unsubscribeUrl}?scope=site` }
}

/** The mailboxes and waiting conversations a batch of notices names, in two queries run side by side. */
async function waitingFor(db: D1Database, pairs: { staffId: string; conversationId: string }[]) {
  if (!pairs.length) return () => null
  const [mailboxes, waiting] = await Promise.all([getMailboxes(db, pairs.map((p) => p.staffId)), getWaitingItems(db, pairs.map((p) => p.conversationId))])
  /** Someone who can be written to about a conversation that still waits for them. */
  return (staffId: string, conversationId: string): [Mailbox, WaitingItem] | null => {
    const to = mailboxes.get(staffId)
    const item = waiting.get(conversationId)
    return to?.active && item ? [to, item] : null
  }
}

type ComposeMany<P> = (env: Env, items: DeliveryItem<P>[], now: number, tokens: Tokens) => Promise<Composed[]>

/** A mail reaction: compose the batch with the tokens it needs, store them, send. */
function mailReaction<P>(name: string, compose: ComposeMany<P>, targets?: (env: Env, payloads: P[]) => Promise<string[][]>): Reaction<P> {
  async function runMany({ env, now, mailer }: ReactionContext, items: DeliveryItem<P>[]): Promise<DeliveryOutcome[]> {
    const tokens = tokenBag(now)
    const composed = await compose(env, items, now, tokens)
    if (tokens.rows.length) await insertTokensStatement(env.DB, tokens.rows, now).run()
    const sent = await sendAll(mailer, composed.map((c) => (c instanceof Error ? null : c)), now)
    return composed.map((c, i) => (c instanceof Error ? c : sent[i]!))
  }
  return {
    name,
    ...(targets ? { targetsMany: targets, targets: async (env: Env, p: P) => (await targets(env, [p]))[0] ?? [] } : {}),
    runMany,
    async run(ctx, payload, target) {
      const [outcome] = await runMany(ctx, [{ payload, target }])
      if (outcome) throw outcome
    },
  }
}

/** Each responder hears of a comment that is (now) published and waits for them, unless they get digests. */
async function responderNotices(env: Env, commentIds: (string | null)[], now: number, tokens: Tokens): Promise<Composed[]> {
  const comments = await getCommentConversations(env.DB, commentIds.filter((id) => id !== null))
  const live = [...comments.values()].filter((c) => c.status === 'awaiting' && c.commentStatus === 'published')
  const found = await waitingFor(env.DB, live.map((c) => ({ staffId: c.assigneeId, conversationId: c.conversationId })))
  return eachItem(commentIds, async (id) => {
    const c = id === null ? undefined : comments.get(id)
    if (!c || c.status !== 'awaiting' || c.commentStatus !== 'published') return null
    const pair = found(c.assigneeId, c.conversationId)
    if (!pair || pair[0].digest.frequency !== 'immediate') return null
    return newCommentMail(await withSelfService(env, tokens, pair[0]), pair[1], await answerLinks(env, tokens, c.assigneeId, c.conversationId), now)
  })
}

/**
 * A visitor's confirmation link, while something of theirs waits for it; once per visitor in a batch and ten
 * minutes. (An address confirmed before is no reason not to send: trust belongs to the browser that confirmed,
 * and this comment came from another.)
 */
async function verificationMails(env: Env, visitors: (VisitorMailbox | undefined)[], now: number, tokens: Tokens): Promise<Composed[]> {
  const linked = new Set<string>()
  return eachItem(visitors, async (v) => {
    if (!v || !v.heldForConfirmation || linked.has(v.id)) return null
    if (v.lastConfirmationLinkAt !== null && v.lastConfirmationLinkAt >= now - VERIFY_EVERY_MS) return null
    linked.add(v.id)
    const token = await tokens.issue('verify_email', { visitorId: v.id })
    return verifyEmailMail({ name: v.name, email: v.address, locale: toLocale(v.locale) }, v.siteName, `${env.PUBLIC_URL}/verify/${token}`)
  })
}

export const responderMail = mailReaction<EventPayload<'comment.posted'>>('mail.responder', (env, items, now, tokens) =>
  responderNotices(env, items.map((i) => i.payload.commentId), now, tokens),
)

export const approvedMail = mailReaction<EventPayload<'comment.moderated'>>('mail.responder', (env, items, now, tokens) =>
  responderNotices(env, items.map((i) => (i.payload.action === 'approve' ? i.payload.commentId : null)), now, tokens),
)

/** A confirmed visitor's released comments, each its own notice. */
export const releasedMail = mailReaction<EventPayload<'visitor.confirmed'>>(
  'mail.responder',
  (env, items, now, tokens) => responderNotices(env, items.map((i) => i.target), now, tokens),
  async (_env, payloads) => payloads.map((p) => p.released),
)

/** A comment held until its author confirms their address sends them the link. */
export const heldCommentVerification = mailReaction<EventPayload<'comment.posted'>>('mail.verification', async (env, items, now, tokens) => {
  const comments = await getCommentConversations(env.DB, items.map((i) => i.payload.commentId))
  const held = items.map(({ payload }) => {
    const c = comments.get(payload.commentId)
    return c?.commentStatus === 'pending' && c.holdReason === 'unverified' && c.visitorId ? c.visitorId : null
  })
  const waiting = held.filter((id) => id !== null)
  const visitors = waiting.length ? await getVisitorMailboxes(env.DB, waiting) : new Map<string, VisitorMailbox>()
  return verificationMails(env, held.map((id) => (id === null ? undefined : visitors.get(id))), now, tokens)
})

export const requestedVerification = mailReaction<EventPayload<'verification.requested'>>('mail.verification', async (env, items, now, tokens) => {
  const visitors = await findVisitorMailboxes(env.DB, items.map((i) => i.payload))
  return verificationMails(env, items.map((i) => visitors.get(visitorAddressKey(i.payload.siteId, i.payload.email))), now, tokens)
})

/** The new assignee of each hand-over or escalation, while the conversation still waits for them. */
async function assignmentNotices(env: Env, assignmentIds: (string | null)[], now: number, tokens: Tokens): Promise<Composed[]> {
  const assignments = await getAssignments(env.DB, assignmentIds.filter((id) => id !== null))
  const found = await waitingFor(env.DB, [...assignments.values()].map((a) => ({ staffId: a.toId, conversationId: a.conversationId })))
  return eachItem(assignmentIds, async (id) => {
    const a = id === null ? undefined : assignments.get(id)
    const pair = a && found(a.toId, a.conversationId)
    if (!a || !pair) return null
    return assignedMail(await withSelfService(env, tokens, pair[0]), pair[1], await answerLinks(env, tokens, a.toId, a.conversationId), a, now)
  })
}

export const handedOverMail = mailReaction<EventPayload<'conversation.handed_over'>>('mail.assignee', (env, items, now, tokens) =>
  assignmentNotices(env, items.map((i) => i.payload.assignmentId), now, tokens),
)

export const escalatedMail = mailReaction<EventPayload<'conversation.escalated'>>('mail.assignee', (env, items, now, tokens) =>
  assignmentNotices(env, items.map((i) => i.payload.assignmentId), now, tokens),
)

export const answerLinkMail = mailReaction<EventPayload<'answer_link.requested'>>('mail.answer_link', async (env, items, now, tokens) => {
  const found = await waitingFor(env.DB, items.map((i) => i.payload))
  return eachItem(items, async ({ payload: p }) => {
    const pair = found(p.staffId, p.conversationId)
    if (!pair) return null
    return freshLinkMail(await withSelfService(env, tokens, pair[0]), pair[1], await answerLinks(env, tokens, p.staffId, p.conversationId), now)
  })
})

export const digest = mailReaction<EventPayload<'digest.due'>>('mail.digest', async (env, items, now, tokens) => {
  const mailboxes = await getMailboxes(env.DB, items.map((i) => i.payload.staffId))
  const active = [...mailboxes.values()].filter((m) => m.active).map((m) => m.id)
  const lists = active.length ? await listWaitingFor(env.DB, active, DIGEST_ITEMS) : new Map<string, never>()
  return eachItem(items, async ({ payload }) => {
    const to = mailboxes.get(payload.staffId)
    const list = to?.active ? lists.get(to.id) : undefined
    // An empty digest is not sent.
    if (!to || !list?.items.length) return null
    const withLinks = []
    for (const item of list.items) withLinks.push({ item, links: await answerLinks(env, tokens, to.id, item.conversationId) })
    return digestMail(await withSelfService(env, tokens, to), withLinks, now, list.total)
  })
})

export const privacyMail = mailReaction<EventPayload<'privacy.requested'>>('mail.privacy', async (env, items, now, tokens) => {
  const visitors = await getVisitorMailboxes(env.DB, items.map((i) => i.payload.visitorId))
  return eachItem(items, async ({ payload: p }) => {
    const visitor = visitors.get(p.visitorId)
    if (!visitor || visitor.email.startsWith('deleted:')) return null
    const token = await tokens.issue(p.action === 'delete' ? 'privacy_delete' : 'privacy_export', { visitorId: visitor.id })
    return privacyLinkMail({ name: visitor.name, email: visitor.address, locale: toLocale(visitor.locale) }, visitor.siteName, p.action, `${env.PUBLIC_URL}/privacy/confirm/${token}`)
  })
})

/** Every visitor of the conversation who still wants mail hears of a staff reply, each on their own. */
export const visitorsMail = mailReaction<EventPayload<'reply.published'>>(
  'mail.visitors',
  async (env, items, now, tokens) => {
    const notices = await getVisitorReplyNotices(env.DB, items.map((i) => ({ commentId: i.payload.commentId, visitorId: i.target })))
    return eachItem(items, async ({ payload, target }) => {
      const n = notices.get(replyNoticeKey(payload.commentId, target))
      if (!n || !n.wanted) return null
      return visitorReplyMail(n, await visitorLinks(env, tokens, n), toLocale(n.visitorLocale))
    })
  },
  async (env, payloads) => {
    const lists = await listVisitorsToNotify(env.DB, payloads.map((p) => p.commentId))
    return payloads.map((p) => lists.get(p.commentId) ?? [])
  },
)

/** How long a console sign-in link works. */
export const SIGN_IN_LINK_TTL_MS = 15 * 60_000

/**
 * A console sign-in link, to an address that is (still) one of the organisation's admins. The link is single use and
 * short lived; its hash is stored before the mail goes.
 */
export const consoleSignInMail = mailReaction<EventPayload<'console.sign_in_requested'>>('mail.console_sign_in', async (env, items, now) => {
  const admins = await findOrgAdmins(env.DB, items.map((i) => i.payload))
  const rows: SignInTokenRow[] = []
  const composed = await eachItem(items, async ({ payload: p }) => {
    const admin = admins.get(adminKey(p.orgId, p.email))
    if (!admin) return null
    const token = newToken()
    rows.push({ hash: await sha256Hex(token), orgId: admin.orgId, email: admin.email, expiresAt: now + SIGN_IN_LINK_TTL_MS })
    return signInLinkMail(admin, `${env.PUBLIC_URL}/console/sign-in?token=${token}`, SIGN_IN_LINK_TTL_MS / 60_000)
  })
  if (rows.length) await insertSignInTokensStatement(env.DB, rows, now).run()
  return composed
})

/** A fresh link to the personal page, to the person's own address, while they are still active staff. */
export const selfServiceMail = mailReaction<EventPayload<'staff.self_link_requested'>>('mail.self_service', async (env, items, _now, tokens) =>
  eachItem(items, async ({ payload: p }) => {
    const [me, locales] = await Promise.all([getOwnProfile(env.DB, p.staffId), getStaffLocales(env.DB, [p.staffId])])
    if (!me?.active) return null
    const token = await tokens.issue('self_service', { staffId: me.id })
    return selfServiceLinkMail({ ...me, locale: locales.get(me.id) }, `${env.PUBLIC_URL}/me/${token}`)
  }),
)
