import { z } from 'zod'
import { emailAddress } from './email'
import { Comment } from './thread'
import { bodyText, httpUrl, lineText, nameText, slug } from './text'
import { pageKey } from './thread'

export const COMMENT_MAX_CHARS = 10_000

export const NewComment = z
  .object({
    page: pageKey.optional().describe("The embed's explicit page id; defaults to the URL's path"),
    url: httpUrl.describe('The URL of the page the comment is posted from'),
    topic: slug.optional(),
    title: lineText(300).optional(),
    conversationId: z.string().min(1).max(64).optional().describe('Reply in this conversation instead of starting one'),
    // Lenient on purpose: a mistyped handle in an embed must not break the page's comments; it is simply ignored.
    responder: z.string().max(100).optional().describe("The embed's responder attribute; honoured when a site rule allows it and the handle is active staff"),
    name: nameText(80).describe('Shown publicly; invisible characters (zero-width, bidi controls…) are removed'),
    email: emailAddress.describe('Never shown; used to tell the visitor when they get a reply'),
    body: bodyText(COMMENT_MAX_CHARS).describe('The comment, as typed; kept byte for byte except that line breaks become LF'),
    turnstileToken: z.string().max(4096).optional().describe('Required when the site uses Turnstile'),
    website: z.string().max(500).optional().describe('Leave empty: a field for robots (honeypot)'),
    visitorCredential: z
      .string()
      .max(1000)
      .optional()
      .describe('What this browser got when it confirmed the address: its comments skip the confirmation hold'),
    // Lenient like `responder`: a page's odd `lang` must not stop a post; what is not supported reads as English.
    locale: z
      .string()
      .max(100)
      .optional()
      .describe("The visitor's language as a BCP 47 tag (the widget's lang): emails to them are written in it when Byline speaks it (en, fr, de, es, ar), else in English"),
  })
  .strict()
  .meta({ id: 'NewComment' })
export type NewComment = z.infer<typeof NewComment>
export type NewCommentInput = z.input<typeof NewComment>

/** Clients send one per comment they mean to post, and reuse it when they retry. */
export const IdempotencyKey = z
  .string()
  .regex(/^[\x21-\x7E]{8,200}$/, 'must be 8-200 visible ASCII characters')

export const PostedComment = z
  .object({
    comment: Comment,
    ownerToken: z
      .string()
      .optional()
      .describe('Only on creation: lets this visitor edit (within the window) and delete the comment; keep it secret'),
    pendingReason: z
      .enum(['moderation', 'unverified'])
      .optional()
      .describe('Why a pending comment waits: a moderator, or the visitor confirming their email'),
  })
  .meta({ id: 'PostedComment' })

/** A visitor's edit of their own comment, with the owner token as `Authorization: Bearer …`. */
export const EditComment = z.object({ body: bodyText(COMMENT_MAX_CHARS) }).strict().meta({ id: 'EditComment' })
export type EditComment = z.infer<typeof EditComment>

/** Ask for a confirmation link (email verification) or for one's data (export or deletion). */
export const EmailRequest = z
  .object({ email: emailAddress, url: httpUrl.describe('The page the visitor is on') })
  .strict()
  .meta({ id: 'EmailRequest' })
export type EmailRequest = z.infer<typeof EmailRequest>

export const PrivacyRequest = EmailRequest.extend({ action: z.enum(['export', 'delete']) })
  .strict()
  .meta({ id: 'PrivacyRequest' })
export type PrivacyRequest = z.infer<typeof PrivacyRequest>

export const Accepted = z
  .object({ accepted: z.literal(true), message: z.string() })
  .meta({ id: 'Accepted', description: 'Always the same answer, whether or not the address is known' })

export const ModerationAction = z
  .object({
    action: z.enum(['approve', 'hide', 'delete']),
    reason: lineText(500).optional().describe('Kept in the moderation log'),
  })
  .strict()
  .meta({ id: 'ModerationAction' })
export type ModerationAction = z.infer<typeof ModerationAction>

export const BanRequest = z
  .object({
    email: emailAddress.optional(),
    ipHash: z.string().regex(/^[0-9a-f]{64}$/).optional().describe('As shown in the moderation queue'),
    reason: lineText(500).optional(),
  })
  .strict()
  .refine((b) => !!b.email !== !!b.ipHash, 'give exactly one of email or ipHash')
  .meta({ id: 'BanRequest' })
export type BanRequest = z.infer<typeof BanRequest>

/** A comment waiting for a moderator, with what a moderator may know (never shown publicly). */
export const QueuedComment = z
  .object({
    comment: Comment,
    pageUrl: z.string(),
    pendingReason: z.enum(['moderation', 'unverified']),
    visitorEmail: z.string(),
    ipHash: z.string().nullable(),
  })
  .meta({ id: 'QueuedComment' })

export const ModerationQueue = z.object({ comments: z.array(QueuedComment) }).meta({ id: 'ModerationQueue' })
export type ModerationQueue = z.infer<typeof ModerationQueue>
export type PostedComment = z.infer<typeof PostedComment>

/** A reply published under a member of staff's name, by a caller holding the admin token. */
export const StaffReply = z
  .object({
    staff: slug.describe('Handle of the member of staff the reply is from'),
    body: bodyText(COMMENT_MAX_CHARS),
  })
  .strict()
  .meta({ id: 'StaffReply' })
export type StaffReply = z.infer<typeof StaffReply>

/** Passing a conversation to a colleague, by a caller holding the admin token. */
export const HandoverRequest = z
  .object({
    to: slug.describe('Handle of the colleague who takes the conversation'),
    note: lineText(500).optional().describe('Shown in the thread with the hand-over'),
  })
  .strict()
  .meta({ id: 'HandoverRequest' })
export type HandoverRequest = z.infer<typeof HandoverRequest>
