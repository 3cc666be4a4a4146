import PostalMime from 'postal-mime'
import { bodyText, COMMENT_MAX_CHARS } from '../../../schema'
import type { Deps } from '../domain/context'
import { conversationAndStaff, publishStaffReply } from '../domain/staff-reply'
import { ApiError } from '../http/errors'
import { sha256Hex } from '../security/compare'
import { recordInbound, seenMessage, type InboundOutcome } from '../store/inbound'
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
export async function receiveEmail(deps: Deps, message: InboundEmail): Promise<InboundOutcome> {
  const { env, now } = deps
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
  const found = await conversationAndStaff(db, { conversationId: token.conversationId, staff: { id: token.staffId } }).catch((error: unknown) => {
    if (error instanceof ApiError) return null
    throw error
  })
  if (!found) return reject('This conversation can no longer be answered by email.')
  const staff = found.person
  if (from.toLowerCase() !== staff.email.toLowerCase())
    return reject(`Replies to this address must come from ${staff.name}'s own address.`)

  const body = ReplyBody.safeParse(extractReply(parsed))
  if (!body.success) return reject(`No reply could be published: it ${body.error.issues[0]!.message}. Write above the quoted message.`)

  const published = await publishStaffReply(deps, {
    conversationId: token.conversationId,
    author: { id: staff.id },
    body: body.data,
    inbound: { messageId, from },
  })
  if (published?.duplicate) {
    // The same words again under a new Message-ID (a client re-sending): the answer is already out.
    await record('ignored', 'the same reply was already published')
    return 'ignored'
  }
  return published ? 'published' : 'ignored'
}
