import type { Comment } from '../../../schema'
import { ApiError } from '../http/errors'
import { textToDocument } from '../render/document'
import { sha256Hex } from '../security/compare'
import {
  findStaffReplyBySubmission,
  getConversation,
  isIdempotencyConflict,
  listRecentStaffReplies,
  staffReplyStatements,
} from '../store/comments'
import { toComment } from '../store/threads'
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
  /** The reply page's one-time form token: the same form sent twice (double click, back button) publishes once. */
  formToken?: string | undefined
}

/** How long the same words from the same person in the same conversation count as one answer sent again. */
export const REPEAT_WINDOW_MS = 24 * 3_600_000

/** The words of a reply, as a repeat is recognised: line endings, spacing and letter forms aside. */
const wordsOf = (text: string) => text.normalize('NFKC').replace(/\s+/g, ' ').trim()

/**
 * A staff member's answer, from whichever channel it came: reply page, email, admin API. Published under the
 * name, role and photo of their staff row, never the caller's say; the conversation is answered and every
 * visitor in it who wants mail hears of it (`reply.published`). Exactly one answer: the same form sent again,
 * or the same words sent again by the same person within a day (a mail client re-sending with a new Message-ID,
 * two tabs), answer with the reply already published (`duplicate`). A second delivery of one email answers null.
 */
export async function publishStaffReply(
  deps: Deps,
  r: StaffReply,
): Promise<{ comment: Comment; author: StaffRow; duplicate: boolean } | null> {
  const db = deps.env.DB
  const { conversation, staff, person } = await conversationAndStaff(db, { conversationId: r.conversationId, staff: r.author, orgId: r.orgId })
  const words = wordsOf(r.body)
  const byId = new Map(staff.map((s) => [s.id, s]))
  const earlier = async () => {
    const recent = await listRecentStaffReplies(db, { conversationId: conversation.id, staffId: person.id, since: deps.now - REPEAT_WINDOW_MS })
    const same = recent.find((c) => wordsOf(c.body) === words)
    return same && { comment: toComment(same, byId), author: person, duplicate: true }
  }
  // One key per form, else per words and day: two identical submissions racing each other meet at the unique index.
  const submissionKey = r.formToken
    ? `reply-form:${r.formToken}`
    : `reply:${await sha256Hex(`${conversation.id}:${person.id}:${words}`)}:${Math.floor(deps.now / REPEAT_WINDOW_MS)}`
  const again = async () => {
    const row = await findStaffReplyBySubmission(db, { conversationId: conversation.id, submissionKey })
    return row ? { comment: toComment(row, byId), author: person, duplicate: true } : null
  }
  const repeated = (r.formToken ? await again() : null) ?? (await earlier())
  if (repeated) return repeated

  const id = crypto.randomUUID()
  const { statements, comment } = staffReplyStatements(
    db,
    { conversationId: conversation.id, staff: person, body: { source: r.body, doc: textToDocument(r.body) }, submissionKey },
    deps.now,
    id,
  )
  if (r.inbound) statements.push(recordInbound(db, { ...r.inbound, outcome: 'published', reason: null, commentId: id }, deps.now))
  try {
    await commit(deps, statements, { kind: 'reply.published', payload: { commentId: id } })
  } catch (error) {
    if (r.inbound && isDuplicateMessage(error)) return null
    if (isIdempotencyConflict(error)) {
      const raced = await again()
      if (raced) return raced
    }
    throw error
  }
  return { comment, author: person, duplicate: false }
}
