import PostalMime from 'postal-mime'
import { bodyText, COMMENT_MAX_CHARS } from '../../../schema'
import type { Env } from '../env'
import { textToDocument } from '../render/document'
import { sha256Hex } from '../security/compare'
import { insertStaffReply } from '../store/comments'
import { isDuplicateMessage, recordInbound, seenMessage, type InboundOutcome } from '../store/inbound'
import { listStaff } from '../store/staff'
import { getConversation } from '../store/comments'
import { findToken } from '../store/tokens'
import { isAutomatic } from './auto-reply'
import { extractReply } from './reply-text'

/** What the worker's email() handler receives; the subset we use, so tests can build one. */
export type InboundEmail = Pick<ForwardableEmailMessage, 'from' | 'to' | 'raw' | 'setReject'>

const ReplyBody = bodyText(COMMENT_MAX_CHARS)

/**
 * A staff member answered by email. The secret reply address says who and which conversation; the message
 * must come from that person's own address; the new text (quotes and signature stripped) is published under
 * their name. Automatic mail is ignored, a second delivery of one message does nothing, anything else
 * is refused with a reason the sender's server reports back.
 */
export async function receiveEmail(message: InboundEmail, env: Env, now: number): Promise<InboundOutcome> {
  const raw = await new Response(message.raw).arrayBuffer()
  const parsed = await PostalMime.parse(raw)
  // Threading and duplicates go by Message-ID, never authorisation; a message without one is named by its bytes.
  const messageId = parsed.messageId?.trim() || `<sha256-${await sha256Hex(new TextDecoder().decode(raw))}>`
  const from = parsed.from?.address ?? message.from
  const db = env.DB
  const record = (outcome: InboundOutcome, reason: string | null) => recordInbound(db, { messageId, from, outcome, reason }, now).run()

  if (await seenMessage(db, messageId)) return 'ignored'
  const automatic = isAutomatic(parsed.headers, message.from, parsed.subject ?? '')
  if (automatic) {
    // Never bounce an auto-reply: two robots answering each other never stop.
    await record('ignored', `automatic: ${automatic}`)
    return 'ignored'
  }
  const reject = async (reason: string) => {
    message.setReject(reason)
    await record('rejected', reason)
    return 'rejected' as const
  }

  const secret = /^reply\+([a-z2-7]{26})@/i.exec(message.to)?.[1]?.toLowerCase()
  const token = secret ? await findToken(db, secret, 'reply_address', now) : null
  if (!token?.staffId || !token.conversationId) return reject('This reply address is not known.')
  if (token.expired) return reject('This reply address has expired. Answer from the link in your latest Byline digest.')
  const conversation = await getConversation(db, token.conversationId)
  const staff = conversation && (await listStaff(db, conversation.orgId)).find((s) => s.id === token.staffId && s.active)
  if (!conversation || !staff) return reject('This conversation can no longer be answered by email.')
  if (from.toLowerCase() !== staff.email.toLowerCase())
    return reject(`Replies to this address must come from ${staff.name}'s own address.`)

  const body = ReplyBody.safeParse(extractReply(parsed))
  if (!body.success) return reject(`No reply could be published: it ${body.error.issues[0]!.message}. Write above the quoted message.`)

  try {
    await insertStaffReply(
      db,
      { conversationId: conversation.id, staff, body: { source: body.data, doc: textToDocument(body.data) } },
      now,
      (commentId) => [recordInbound(db, { messageId, from, outcome: 'published', reason: null, commentId }, now)],
    )
  } catch (error) {
    if (isDuplicateMessage(error)) return 'ignored'
    throw error
  }
  return 'published'
}
