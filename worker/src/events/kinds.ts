import { z } from 'zod'

/*
 * Every kind of event a change can record, with the shape of its payload. Payloads name rows, not copies of
 * them: reactions read the state of things when they run. A payload is checked when written and when read.
 */

const id = z.string().min(1).max(64)

export const eventKinds = {
  'comment.posted': z.object({ commentId: id }),
  'comment.edited': z.object({ commentId: id }),
  'comment.deleted': z.object({ commentId: id }),
  'comment.moderated': z.object({ commentId: id, action: z.enum(['approve', 'hide', 'delete']), actor: z.string().max(200) }),
  'reply.published': z.object({ commentId: id }),
  'conversation.handed_over': z.object({ assignmentId: id }),
  'conversation.escalated': z.object({ conversationId: id, assignmentId: id.nullable() }),
  'conversation.closed': z.object({ conversationId: id }),
  'answer_link.requested': z.object({ staffId: id, conversationId: id }),
  'digest.due': z.object({ staffId: id, slot: z.string().max(64) }),
  'visitor.banned': z.object({ siteId: id, kind: z.enum(['email', 'ip']) }),
  'visitor.confirmed': z.object({ visitorId: id, released: z.array(id) }),
  'visitor.discarded': z.object({ visitorId: id, discarded: z.array(id) }),
  'visitor.unsubscribed': z.object({ visitorId: id, scope: z.enum(['conversation', 'site']) }),
  'visitor.erased': z.object({ visitorId: id }),
  'privacy.exported': z.object({ visitorId: id }),
  'verification.requested': z.object({ siteId: id, email: z.string().max(254) }),
  'privacy.requested': z.object({ visitorId: id, action: z.enum(['export', 'delete']) }),
  'config.applied': z.object({ orgId: id }),
  'admin_token.issued': z.object({ orgId: id, label: z.string().max(100) }),
  'console.sign_in_requested': z.object({ orgId: id, email: z.string().max(254) }),
  'console.signed_in': z.object({ orgId: id }),
  'console.signed_out': z.object({ orgId: id }),
  'staff.profile_updated': z.object({ staffId: id, fields: z.array(z.string().max(32)).max(16) }),
  'staff.self_link_requested': z.object({ staffId: id }),
} satisfies Record<string, z.ZodType>

export type EventKind = keyof typeof eventKinds
export type EventPayload<K extends EventKind> = z.infer<(typeof eventKinds)[K]>

/** One event as a change records it: the kind, its payload, and optionally a key that makes it happen once. */
export type NewEvent = { [K in EventKind]: { kind: K; payload: EventPayload<K>; dedupeKey?: string } }[EventKind]
