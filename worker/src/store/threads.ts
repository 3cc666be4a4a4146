import type { Comment, CommentState, Conversation, ConversationStatus, Doc, Handover, HandoverReason } from '../../../schema'
import type { AssignmentReason } from './comments'
import { getPageStatement, pageIdOf, type PageRef, type PageRow } from './pages'
import { listStaffStatement, listTurnsStatement, readStaff, readTurns, toPublicStaff, type StaffRow } from './staff'

/** How many comments one thread read returns at most; older pages of a huge thread are a later feature. */
export const THREAD_COMMENT_LIMIT = 1000

type RawThreadComment = {
  id: string
  conversation_id: string
  author_kind: 'visitor' | 'staff'
  author_name: string
  staff_id: string | null
  body_doc: string
  status: CommentState
  created_at: number
  edited_at: number | null
  conversation_status: ConversationStatus
  assigned_staff_id: string
}

type RawHandover = {
  conversation_id: string
  from_staff_id: string
  to_staff_id: string
  reason: AssignmentReason
  note: string | null
  created_at: number
}

export type ThreadData = { page: PageRow; conversations: Conversation[]; staff: StaffRow[]; turns: Record<string, number> }

/**
 * A page's published conversations, oldest first, with their hand-overs, and the org's staff and the site's
 * round-robin turns (for bylines and routing): one round trip, which never writes. A page nobody has commented on
 * yet is not stored (its first comment stores it): it is answered as the request names it, with no conversations.
 */
export async function readThread(db: D1Database, p: PageRef & { orgId: string }, _now: number): Promise<ThreadData> {
  const results = await db.batch([
    getPageStatement(db, p.siteId, p.key),
    db
      .prepare(
        `SELECT c.id, c.conversation_id, c.author_kind, c.author_name, c.staff_id, c.body_doc, c.status, c.created_at,
                c.edited_at, v.status AS conversation_status, v.assigned_staff_id
           FROM comments c JOIN conversations v ON v.id = c.conversation_id
          WHERE c.page_id = ${pageIdOf('?1', '?2')} AND c.status IN ('published', 'hidden', 'deleted')
          ORDER BY v.created_at, v.id, c.created_at, c.id
          LIMIT ?3`,
      )
      .bind(p.siteId, p.key, THREAD_COMMENT_LIMIT),
    db
      .prepare(
        `SELECT a.conversation_id, a.from_staff_id, a.to_staff_id, a.reason, a.note, a.created_at
           FROM assignments a JOIN conversations v ON v.id = a.conversation_id
          WHERE v.page_id = ${pageIdOf('?1', '?2')} AND a.from_staff_id IS NOT NULL
          ORDER BY a.created_at, a.id`,
      )
      .bind(p.siteId, p.key),
    listStaffStatement(db, p.orgId),
    listTurnsStatement(db, p.siteId),
  ])
  const [pageResult, commentResult, handoverResult, staffResult, turnResult] = results
  const staff = readStaff(staffResult)
  const stored = pageResult!.results[0] as PageRow | undefined
  return {
    page: stored ?? { id: '', key: p.key, url: p.url, title: p.title ?? null, topic: p.topic ?? null },
    staff,
    turns: readTurns(turnResult),
    conversations: groupConversations(
      commentResult!.results as RawThreadComment[],
      handoverResult!.results as RawHandover[],
      staff,
    ),
  }
}

/**
 * Comments grouped into conversations. For the public, a hidden or deleted comment stays only as a placeholder
 * where a published comment follows it, and a conversation with nothing published is not shown; staff see all.
 */
function groupConversations(rows: RawThreadComment[], handovers: RawHandover[], staff: StaffRow[], forStaff = false): Conversation[] {
  const byId = new Map(staff.map((s) => [s.id, s]))
  const handoversOf = new Map<string, Handover[]>()
  for (const h of handovers) {
    const from = byId.get(h.from_staff_id)
    const to = byId.get(h.to_staff_id)
    // Routing reasons (rule, pool…) are not hand-overs; `away` and `fallback` both mean the first choice was away.
    const reason: HandoverReason | undefined =
      h.reason === 'fallback' ? 'away' : h.reason === 'away' || h.reason === 'escalation' || h.reason === 'handover' ? h.reason : undefined
    if (!from || !to || !reason) continue
    const list = handoversOf.get(h.conversation_id) ?? []
    list.push({ from: toPublicStaff(from), to: toPublicStaff(to), reason, note: h.note, at: new Date(h.created_at).toISOString() })
    handoversOf.set(h.conversation_id, list)
  }
  const conversations = new Map<string, Conversation>()
  for (const row of rows) {
    const assignee = byId.get(row.assigned_staff_id)
    if (!assignee) continue
    let conversation = conversations.get(row.conversation_id)
    if (!conversation) {
      // A conversation is shown only when its opening comment is; replies never stand alone.
      if (row.author_kind !== 'visitor') continue
      conversation = {
        id: row.conversation_id,
        status: row.conversation_status,
        assignee: toPublicStaff(assignee),
        handovers: handoversOf.get(row.conversation_id) ?? [],
        comments: [],
      }
      conversations.set(row.conversation_id, conversation)
    }
    conversation.comments.push(toComment(row, byId))
  }
  const shown = [...conversations.values()]
  if (forStaff) return shown
  return shown.flatMap((c) => {
    const lastPublished = c.comments.findLastIndex((m) => m.state === 'published')
    const comments = c.comments.filter((m, i) => m.state === 'published' || i < lastPublished)
    return lastPublished < 0 ? [] : [{ ...c, comments }]
  })
}

export type RawComment = Pick<
  RawThreadComment,
  'id' | 'conversation_id' | 'author_kind' | 'author_name' | 'staff_id' | 'body_doc' | 'status' | 'created_at' | 'edited_at'
>

export const commentColumns = 'id, conversation_id, author_kind, author_name, staff_id, body_doc, status, created_at, edited_at'

const EMPTY: Doc = { type: 'doc', children: [] }

/**
 * A stored comment as the API shows it: staff identity only from the staff row, never from the comment; a hidden
 * or deleted comment keeps its place but not its words (nor, deleted, its author's name).
 */
export function toComment(row: RawComment, staffById: Map<string, StaffRow>): Comment {
  const staff = row.author_kind === 'staff' && row.staff_id ? staffById.get(row.staff_id) : undefined
  const gone = row.status === 'hidden' || row.status === 'deleted'
  return {
    id: row.id,
    conversationId: row.conversation_id,
    author: staff
      ? { kind: 'staff', staff: toPublicStaff(staff) }
      : { kind: 'visitor', name: row.status === 'deleted' ? '' : row.author_name },
    body: gone ? EMPTY : (JSON.parse(row.body_doc) as Doc),
    state: row.status,
    createdAt: new Date(row.created_at).toISOString(),
    editedAt: row.edited_at === null ? null : new Date(row.edited_at).toISOString(),
  }
}

export type ConversationView = {
  conversation: Conversation
  orgId: string
  site: { id: string; name: string }
  page: { url: string; title: string | null }
  staff: StaffRow[]
}

/** One conversation with everything a reply page shows: its comments (any state a responder may see), hand-overs, page and site. */
export async function readConversation(db: D1Database, conversationId: string): Promise<ConversationView | null> {
  const head = await db
    .prepare(
      `SELECT s.id AS siteId, s.name AS siteName, s.org_id AS orgId, p.url, p.title
         FROM conversations v JOIN sites s ON s.id = v.site_id JOIN pages p ON p.id = v.page_id WHERE v.id = ?1`,
    )
    .bind(conversationId)
    .first<{ siteId: string; siteName: string; orgId: string; url: string; title: string | null }>()
  if (!head) return null
  const [comments, handovers, staff] = await db.batch([
    db
      .prepare(
        `SELECT c.id, c.conversation_id, c.author_kind, c.author_name, c.staff_id, c.body_doc, c.status, c.created_at,
                c.edited_at, v.status AS conversation_status, v.assigned_staff_id
           FROM comments c JOIN conversations v ON v.id = c.conversation_id
          WHERE c.conversation_id = ?1 ORDER BY c.created_at, c.id`,
      )
      .bind(conversationId),
    db
      .prepare(
        `SELECT conversation_id, from_staff_id, to_staff_id, reason, note, created_at FROM assignments
          WHERE conversation_id = ?1 AND from_staff_id IS NOT NULL ORDER BY created_at, id`,
      )
      .bind(conversationId),
    listStaffStatement(db, head.orgId),
  ])
  const people = readStaff(staff)
  const [conversation] = groupConversations(comments!.results as RawThreadComment[], handovers!.results as RawHandover[], people, true)
  if (!conversation) return null
  return {
    conversation,
    orgId: head.orgId,
    site: { id: head.siteId, name: head.siteName },
    page: { url: head.url, title: head.title },
    staff: people,
  }
}
