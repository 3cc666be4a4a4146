import { z } from 'zod'
import { Comment } from './thread'
import { bodyText, httpUrl, lineText, slug } from './text'
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
    name: lineText(80).describe('Shown publicly'),
    email: z.email().max(254).describe('Never shown; used to tell the visitor when they get a reply'),
    body: bodyText(COMMENT_MAX_CHARS).describe('The comment, as typed; kept byte for byte'),
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
  .object({ comment: Comment })
  .meta({ id: 'PostedComment' })
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
