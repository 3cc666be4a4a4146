import {
  answerLinkMail,
  approvedMail,
  digest,
  escalatedMail,
  handedOverMail,
  heldCommentVerification,
  privacyMail,
  releasedMail,
  requestedVerification,
  responderMail,
  visitorsMail,
} from '../mail/reactions'
import type { EventKind, EventPayload } from './kinds'
import type { Reaction } from './reaction'

/**
 * Which reactions each kind of event triggers. Live updates and webhooks add theirs here, beside the mails,
 * without touching them. A kind with no reaction is still recorded: it is the history of the change.
 */
export const reactions: { [K in EventKind]: Reaction<EventPayload<K>>[] } = {
  'comment.posted': [responderMail, heldCommentVerification],
  'comment.edited': [],
  'comment.deleted': [],
  'comment.moderated': [approvedMail],
  'reply.published': [visitorsMail],
  'conversation.handed_over': [handedOverMail],
  'conversation.escalated': [escalatedMail],
  'conversation.closed': [],
  'answer_link.requested': [answerLinkMail],
  'digest.due': [digest],
  'visitor.banned': [],
  'visitor.confirmed': [releasedMail],
  'visitor.discarded': [],
  'visitor.unsubscribed': [],
  'visitor.erased': [],
  'privacy.exported': [],
  'verification.requested': [requestedVerification],
  'privacy.requested': [privacyMail],
  'config.applied': [],
  'admin_token.issued': [],
}
