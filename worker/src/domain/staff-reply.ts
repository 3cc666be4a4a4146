import type { Comment } from '../../../schema'
import { ApiError } from '../http/errors'
import { textToDocument } from '../render/document'
import { getConversation, staffReplyStatements } from '../store/comments'
import { isDuplicateMessage, recordInbound } from '../store/inbound'
import { listStaff, type StaffRow } from '../store/staff'
import { commit, type Deps } from './context'

/** Who answers: a staff row's id (a reply link or address names it) or a handle (the admin API). */
export type Author = { id: string } | { handle: string }

/** The conversation, and the active member of its organisation's staff who is to act on it; refused otherwise. */
export async function conversationAndStaff(db: D1Database, p: { conversationId: string; staff: Author; orgId?: string | undefined }) {
  const conversation = await getConversation(db, p.conversationId)
  // Another organisation's conversation does not exist for this caller.
  if (!conversation || (p.orgId !== undefined && conversation.orgId !== p.orgId))
    throw new ApiError('conversation_not_found', 'There is no such conversation.')
  const staff = await listStaff(db, conversation.orgId)
  const who = p.staff
  const person = staff.find((s) => s.active && ('id' in who ? s.id === who.id : s.handle === who.handle))
  if (!person)
    throw new ApiError('staff_not_found', 'handle' in who ? `No active member of staff has the handle "${who.handle}".` : 'This is not an active member of staff.')
  return { conversation, staff, person }
}

export type StaffReply = {
  conversationId: string
  author: Author
  body: string
  /** Scope of an admin principal: the conversation must be this organisation's. */
  orgId?: string | undefined
  /** A reply by email: the message it came in, recorded in the same batch (one reply per Message-ID). */
  inbound?: { messageId: string; from: string } | undefined
}

/**
 * A staff member's answer, from whichever channel it came: reply page, email, admin API. Published under the
 * name, role and photo of their staff row, never the caller's say; the conversation is answered and every
 * visitor in it who wants mail hears of it (`reply.published`). A second delivery of one email publishes
 * nothing and answers null.
 */
export async function publishStaffReply(deps: Deps, r: StaffReply): Promise<{ comment: Comment; author: StaffRow } | null> {
  const db = deps.env.DB
  const { conversation, person } = await conversationAndStaff(db, { conversationId: r.conversationId, staff: r.author, orgId: r.orgId })
  const id = crypto.randomUUID()
  const { statements, comment } = staffReplyStatements(
    db,
    { conversationId: conversation.id, staff: person, body: { source: r.body, doc: textToDocument(r.body) } },
    deps.now,
    id,
  )
  if (r.inbound) statements.push(recordInbound(db, { ...r.inbound, outcome: 'published', reason: null, commentId: id }, deps.now))
  try {
    await commit(deps, statements, { kind: 'reply.published', payload: { commentId: id } })
  } catch (error) {
    if (r.inbound && isDuplicateMessage(error)) return null
    throw error
  }
  return { comment, author: person }
}
