import {
  answerLinkMail,
  approvedMail,
  consoleSignInMail,
  digest,
  escalatedMail,
  handedOverMail,
  heldCommentVerification,
  privacyMail,
  releasedMail,
  requestedVerification,
  responderMail,
  selfServiceMail,
  visitorsMail,
} from '../mail/reactions'
import type { EventKind, EventPayload } from './kinds'
import type { Reaction } from './reaction'
import { statsOfComment, statsOfConversation, statsOfDiscarded, statsOfEscalation, statsOfHandover, statsOfReleased } from './stats-reaction'

/**
 * Which reactions each kind of event triggers. Live updates and webhooks add theirs here, beside the mails,
 * without touching them. A kind with no reaction is still recorded: it is the history of the change.
 * `stats.responders` rolls up the responders' public record after the kinds that can move it (an edit, a ban or an
 * erasure changes no comment's state, so none of them can).
 */
export const reactions: { [K in EventKind]: Reaction<EventPayload<K>>[] } = {
  'comment.posted': [responderMail, heldCommentVerification, statsOfComment],
  'comment.edited': [],
  'comment.deleted': [statsOfComment],
  'comment.moderated': [approvedMail, statsOfComment],
  'reply.published': [visitorsMail, statsOfComment],
  'conversation.handed_over': [handedOverMail, statsOfHandover],
  'conversation.escalated': [escalatedMail, statsOfEscalation],
  'conversation.closed': [statsOfConversation],
  'answer_link.requested': [answerLinkMail],
  'digest.due': [digest],
  'visitor.banned': [],
  'visitor.confirmed': [releasedMail, statsOfReleased],
  'visitor.discarded': [statsOfDiscarded],
  'visitor.unsubscribed': [],
  'visitor.erased': [],
  'privacy.exported': [],
  'verification.requested': [requestedVerification],
  'privacy.requested': [privacyMail],
  'config.applied': [],
  'admin_token.issued': [],
  'console.sign_in_requested': [consoleSignInMail],
  'console.signed_in': [],
  'console.signed_out': [],
  'staff.profile_updated': [],
  'staff.self_link_requested': [selfServiceMail],
}
