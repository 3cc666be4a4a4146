import { z } from 'zod'
import { Doc } from './document'
import { httpUrl, isWellFormed, lineText, slug, wellFormed } from './text'

/** A page is named by the embed's explicit `page` id, else by the path of its URL. */
export const pageKey = z
  .string()
  .min(1)
  .max(512)
  .refine((s) => !/[\u0000-\u001F\u007F]/.test(s), 'must not contain control characters')
  .refine(isWellFormed, wellFormed)

/** Conversations in a thread are ordered by when they were opened; replies under each stay oldest first. */
export const ThreadSort = z.enum(['oldest', 'newest'])
export type ThreadSort = z.infer<typeof ThreadSort>

/**
 * Conversations per thread page: a page holds every comment of each of its conversations. A read that asks no
 * `limit` gets up to THREAD_PAGE_DEFAULT, as many as the read gave before it was paged (1,000 comments then): the
 * widget of today reads one page and has no "show more" yet, so a busy thread must not lose its newest conversations.
 * A reader that pages asks `limit` (at most THREAD_PAGE_MAX) and follows `next`.
 */
export const THREAD_PAGE_DEFAULT = 1000
export const THREAD_PAGE_MAX = 100

export const ThreadQuery = z.object({
  page: pageKey.optional().describe("The embed's explicit page id; defaults to the URL's path"),
  url: httpUrl.describe('The URL of the page the widget is on; its origin must be one of the site\'s'),
  topic: slug.optional().describe('Topic of the page, used by routing rules'),
  title: lineText(300).optional().describe('Title of the page, kept the first time the page is seen'),
  // Lenient on purpose: a mistyped handle in an embed must not break the page's comments; it is simply ignored.
    responder: z.string().max(100).optional().describe("The embed's responder attribute; honoured when a site rule allows it and the handle is active staff"),
  sort: ThreadSort.default('oldest').describe('Conversations by when they were opened: oldest or newest first (replies stay oldest first)'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(THREAD_PAGE_MAX)
    .default(THREAD_PAGE_DEFAULT)
    .describe(`Conversations per page, 1-${THREAD_PAGE_MAX}; left out, up to ${THREAD_PAGE_DEFAULT} (the unpaged read of earlier widgets)`),
  cursor: z
    .string()
    .max(300)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a `next` value of this thread')
    .optional()
    .describe('The previous page\'s `next`: the page after it, in the same sort'),
  comment: z
    .string()
    .max(100)
    .optional()
    .describe("A comment's id: the page starts at that comment's conversation (the first page if the thread does not show it)"),
})
/** What a caller sends: sort and limit may be left out (oldest first, the default page size). */
export type ThreadQuery = z.input<typeof ThreadQuery>

/** A thread's strong ETag as a client sends it back in `If-None-Match`. */
export const ThreadTag = z.string().max(256)

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

/** A person's public record over the last 90 days; null figures until there is enough history to be fair. */
export const ResponderStats = z
  .object({
    windowDays: z.number().int(),
    conversations: z.number().int().describe('Conversations assigned to them in the window'),
    answeredRate: z.number().min(0).max(1).nullable().describe('Share of those they have answered'),
    medianFirstReplySeconds: z.number().int().nullable().describe('Median time to their first reply'),
    // Optional for readers only: every answer carries it; a widget must still work against a worker from before it.
    p90FirstReplySeconds: z.number().int().nullable().optional().describe('90% of their first replies came within this time'),
  })
  .meta({ id: 'ResponderStats' })
export type ResponderStats = z.infer<typeof ResponderStats>

export const Responder = PublicStaff.extend({ stats: ResponderStats }).meta({ id: 'Responder' })
export type Responder = z.infer<typeof Responder>

export const Author = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('visitor'), name: z.string() }),
    z.object({ kind: z.literal('staff'), staff: PublicStaff }),
  ])
  .meta({ id: 'Author' })
export type Author = z.infer<typeof Author>

/**
 * `published` shows; `pending` waits for moderation or the visitor's email confirmation (only its author sees it);
 * `hidden` and `deleted` stay only as placeholders where replies hang under them, with an empty body.
 */
export const CommentState = z.enum(['published', 'pending', 'hidden', 'deleted'])
export type CommentState = z.infer<typeof CommentState>

export const Comment = z
  .object({
    id: z.string(),
    conversationId: z.string(),
    author: Author,
    body: Doc,
    state: CommentState,
    createdAt: z.iso.datetime(),
    editedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Comment' })
export type Comment = z.infer<typeof Comment>

export const ConversationStatus = z.enum(['awaiting', 'answered', 'closed'])
export type ConversationStatus = z.infer<typeof ConversationStatus>

export const HandoverReason = z.enum(['away', 'escalation', 'handover'])
export type HandoverReason = z.infer<typeof HandoverReason>

/** The conversation passed from one person to another, and why. */
export const Handover = z
  .object({
    from: PublicStaff,
    to: PublicStaff,
    reason: HandoverReason.describe('away: the first choice was away; escalation: no reply in time; handover: passed on by hand'),
    note: z.string().nullable(),
    at: z.iso.datetime(),
  })
  .meta({ id: 'Handover' })
export type Handover = z.infer<typeof Handover>

/** One visitor's comment and the replies under it, oldest first. */
export const Conversation = z
  .object({
    id: z.string(),
    status: ConversationStatus,
    assignee: PublicStaff.describe('Who this conversation is assigned to now'),
    handovers: z.array(Handover).describe('Every change of hands, oldest first'),
    comments: z.array(Comment).min(1),
  })
  .meta({ id: 'Conversation' })
export type Conversation = z.infer<typeof Conversation>

/*
 * The public thread names each member of staff once, in `people`, and refers to them by handle everywhere else: a
 * profile copied into every conversation, hand-over and reply was 42% of a 200-comment thread's JSON. It carries
 * only what the widget shows. The embedded forms above stay for single comments and conversations (a post's answer,
 * an edit, the reply page), where nothing repeats.
 */

/** A member of staff as the thread shows them; the handle is their key in `people`. */
export const Person = PublicStaff.omit({ handle: true }).meta({ id: 'Person' })
export type Person = z.infer<typeof Person>

export const ThreadAuthor = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('visitor'), name: z.string() }),
    z.object({ kind: z.literal('staff'), handle: slug.describe('Key in the thread\'s `people`') }),
  ])
  .meta({ id: 'ThreadAuthor' })
export type ThreadAuthor = z.infer<typeof ThreadAuthor>

/** A comment in its conversation: the conversation's id is the one it sits in. */
export const ThreadComment = Comment.omit({ conversationId: true, author: true })
  .extend({ author: ThreadAuthor })
  .meta({ id: 'ThreadComment' })
export type ThreadComment = z.infer<typeof ThreadComment>

export const ThreadHandover = Handover.omit({ at: true })
  .extend({ from: slug.describe('Handle in `people`'), to: slug.describe('Handle in `people`') })
  .meta({ id: 'ThreadHandover' })
export type ThreadHandover = z.infer<typeof ThreadHandover>

export const ThreadConversation = z
  .object({
    id: z.string(),
    status: ConversationStatus,
    assignee: slug.describe('Handle in `people` of who this conversation is assigned to now'),
    handovers: z.array(ThreadHandover).describe('Every change of hands, oldest first'),
    comments: z.array(ThreadComment).min(1),
  })
  .meta({ id: 'ThreadConversation' })
export type ThreadConversation = z.infer<typeof ThreadConversation>

export const Thread = z
  .object({
    site: z.object({
      id: slug,
      name: z.string(),
      editWindowMinutes: z.number().int(),
      turnstileSiteKey: z.string().nullable().describe('Set when posting needs a Turnstile token'),
      requireVerifiedEmail: z.boolean(),
    }),
    page: z.object({ key: z.string(), title: z.string().nullable() }),
    people: z.record(slug, Person).describe('Everyone the thread names: assignees, hand-overs, staff replies, the responder'),
    conversations: z.array(ThreadConversation),
    responder: z
      .object({ handle: slug.describe('Handle in `people`'), stats: ResponderStats })
      .describe('Who a new comment on this page would go to, with their record'),
    // Optional for readers only: every answer carries it; a widget must still work against a worker from before it.
    next: z
      .string()
      .nullable()
      .optional()
      .describe('`cursor` for the page after this one, in the same sort; null on the last page'),
  })
  .meta({ id: 'Thread' })
export type Thread = z.infer<typeof Thread>

export const Responders = z
  .object({ responders: z.array(Responder).describe("The site's active responders, by name") })
  .meta({ id: 'Responders' })
export type Responders = z.infer<typeof Responders>
