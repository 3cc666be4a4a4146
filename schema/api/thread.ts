import { z } from 'zod'
import { Doc } from './document'
import { httpUrl, lineText, slug } from './text'

/** A page is named by the embed's explicit `page` id, else by the path of its URL. */
export const pageKey = z
  .string()
  .min(1)
  .max(512)
  .refine((s) => !/[\u0000-\u001F\u007F]/.test(s), 'must not contain control characters')

export const ThreadQuery = z.object({
  page: pageKey.optional().describe("The embed's explicit page id; defaults to the URL's path"),
  url: httpUrl.describe('The URL of the page the widget is on; its origin must be one of the site\'s'),
  topic: slug.optional().describe('Topic of the page, used by routing rules'),
  title: lineText(300).optional().describe('Title of the page, kept the first time the page is seen'),
})
export type ThreadQuery = z.infer<typeof ThreadQuery>

/** What anyone may know about a member of staff. Never their email. */
export const PublicStaff = z
  .object({
    handle: slug,
    name: z.string(),
    role: z.string(),
    photoUrl: z.string().nullable(),
    bio: z.string(),
    disclaimer: z.string().nullable().describe('A personal line such as "Views are my own"'),
  })
  .meta({ id: 'PublicStaff' })
export type PublicStaff = z.infer<typeof PublicStaff>

export const Author = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('visitor'), name: z.string() }),
    z.object({ kind: z.literal('staff'), staff: PublicStaff }),
  ])
  .meta({ id: 'Author' })
export type Author = z.infer<typeof Author>

export const Comment = z
  .object({
    id: z.string(),
    conversationId: z.string(),
    author: Author,
    body: Doc,
    createdAt: z.iso.datetime(),
    editedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Comment' })
export type Comment = z.infer<typeof Comment>

export const ConversationStatus = z.enum(['awaiting', 'answered', 'closed'])
export type ConversationStatus = z.infer<typeof ConversationStatus>

/** One visitor's comment and the replies under it, oldest first. */
export const Conversation = z
  .object({
    id: z.string(),
    status: ConversationStatus,
    assignee: PublicStaff.describe('Who this conversation is assigned to'),
    comments: z.array(Comment).min(1),
  })
  .meta({ id: 'Conversation' })
export type Conversation = z.infer<typeof Conversation>

export const Thread = z
  .object({
    site: z.object({ id: slug, name: z.string() }),
    page: z.object({ key: z.string(), title: z.string().nullable() }),
    conversations: z.array(Conversation),
    responder: PublicStaff.describe('Who a new comment on this page would go to'),
  })
  .meta({ id: 'Thread' })
export type Thread = z.infer<typeof Thread>
