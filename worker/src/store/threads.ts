import { THREAD_PAGE_DEFAULT, type Comment, type CommentState, type Conversation, type ConversationStatus, type Doc, type Handover, type HandoverReason } from '../../../schema'
import type { AssignmentReason } from './comments'
import { getPageStatement, pageIdOf, type PageRef, type PageRow } from './pages'
import { listStaffStatement, listTurnsStatement, readStaff, readTurns, toPublicStaff, type StaffRow } from './staff'

/**
 * Where a page of a thread starts, in its sort: after a conversation (a cursor: the last one of the page before), at
 * the conversation of a comment (a link to it; from the start when the page does not hold it), or at the start.
 */
export type ThreadPageStart = { after: { createdAt: number; id: string } } | { atComment: string } | null

export type ThreadPage = { sort: 'oldest' | 'newest'; limit: number; start: ThreadPageStart }

/** The last conversation of a page, as the next page's cursor starts after it. */
export type ThreadPageEnd = { createdAt: number; id: string }

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

export type ThreadData = {
  page: PageRow
  conversations: Conversation[]
  staff: StaffRow[]
  turns: Record<string, number>
  /** Where the page ended, when more conversations follow it; null on the last page. */
  end: ThreadPageEnd | null
}

/** Beyond any epoch-ms time: the start of a newest-first thread. */
const END_OF_TIME = Number.MAX_SAFE_INTEGER

/**
 * One page of a page's conversations, as SQL every statement of the read repeats (a batch cannot pass rows on): the
 * page's conversations with a published comment (the rest would show nothing), from the page's start in its sort
 * order, one more than the page holds (whether a next page exists). Keyset, on conversations_by_page, so a page
 * deep in the thread reads what a first page reads. Binds: ?1 site, ?2 key, ?3 limit + 1, ?4 start time, ?5 start
 * id, ?6 a comment to start at (or null).
 */
function pageConversations(sort: ThreadPage['sort'], inclusive: boolean): string {
  const [cmp, dir] = sort === 'oldest' ? ['>', 'ASC'] : ['<', 'DESC']
  const op = inclusive ? `${cmp}=` : cmp
  // A comment's conversation, when the page's public thread has the comment (not one still held); else the start in ?4, ?5.
  const anchor = (column: string, fallback: string) =>
    `COALESCE((SELECT a.${column} FROM comments m JOIN conversations a ON a.id = m.conversation_id
                WHERE m.id = ?6 AND m.page_id = ${pageIdOf('?1', '?2')} AND m.status IN ('published', 'hidden', 'deleted')), ${fallback})`
  return `SELECT v.id AS shown_id, v.created_at AS shown_at, v.status AS shown_status, v.assigned_staff_id AS shown_assignee
            FROM conversations v
           WHERE v.page_id = ${pageIdOf('?1', '?2')}
             AND (v.created_at, v.id) ${op} (${anchor('created_at', '?4')}, ${anchor('id', '?5')})
             AND EXISTS (SELECT 1 FROM comments p WHERE p.conversation_id = v.id AND p.status = 'published')
           ORDER BY v.created_at ${dir}, v.id ${dir}
           LIMIT ?3`
}

/** The binds of `pageConversations` from ?3, for a page's start. */
function pageBinds(page: ThreadPage): [number, number, string, string | null] {
  const start = page.start
  if (start && 'after' in start) return [page.limit + 1, start.after.createdAt, start.after.id, null]
  const origin = page.sort === 'oldest' ? -1 : END_OF_TIME
  return [page.limit + 1, origin, '', start ? start.atComment : null]
}

/**
 * One page of a page's published conversations (in the page's sort; replies under each oldest first), with their
 * hand-overs, and the org's staff and the site's round-robin turns (for bylines and routing): one round trip, which
 * never writes. A page nobody has commented on yet is not stored (its first comment stores it): it is answered as the
 * request names it, with no conversations.
 */
export async function readThread(
  db: D1Database,
  p: PageRef & { orgId: string },
  _now: number,
  page: ThreadPage = { sort: 'oldest', limit: THREAD_PAGE_DEFAULT, start: null },
): Promise<ThreadData> {
  const inclusive = page.start === null || 'atComment' in page.start
  const conversations = pageConversations(page.sort, inclusive)
  const binds = [p.siteId, p.key, ...pageBinds(page)]
  const dir = page.sort === 'oldest' ? 'ASC' : 'DESC'
  const results = await db.batch([
    getPageStatement(db, p.siteId, p.key),
    db
      .prepare(
        `SELECT c.id, c.conversation_id, c.author_kind, c.author_name, c.staff_id, c.body_doc, c.status, c.created_at,
                c.edited_at, shown_status AS conversation_status, shown_assignee AS assigned_staff_id, shown_at
           FROM (${conversations}) JOIN comments c ON c.conversation_id = shown_id
          WHERE c.status IN ('published', 'hidden', 'deleted')
          ORDER BY shown_at ${dir}, shown_id ${dir}, c.created_at, c.id`,
      )
      .bind(...binds),
    db
      .prepare(
        `SELECT a.conversation_id, a.from_staff_id, a.to_staff_id, a.reason, a.note, a.created_at
           FROM (${conversations}) JOIN assignments a ON a.conversation_id = shown_id
          WHERE a.from_staff_id IS NOT NULL
          ORDER BY a.created_at, a.id`,
      )
      .bind(...binds),
    listStaffStatement(db, p.orgId),
    listTurnsStatement(db, p.siteId),
  ])
  const [pageResult, commentResult, handoverResult, staffResult, turnResult] = results
  const staff = readStaff(staffResult)
  const stored = pageResult!.results[0] as PageRow | undefined
  // The conversation past the page's limit only says that another page follows; it is not shown.
  const rows = commentResult!.results as (RawThreadComment & { shown_at: number })[]
  const ids: string[] = []
  for (const row of rows) if (ids.at(-1) !== row.conversation_id) ids.push(row.conversation_id)
  const more = ids.length > page.limit
  const kept = more ? rows.filter((r) => r.conversation_id !== ids[page.limit]) : rows
  const last = more ? kept.at(-1) : undefined
  return {
    page: stored ?? { id: '', key: p.key, url: p.url, title: p.title ?? null, topic: p.topic ?? null },
    staff,
    turns: readTurns(turnResult),
    conversations: groupConversations(kept, handoverResult!.results as RawHandover[], staff),
    end: last ? { createdAt: last.shown_at, id: last.conversation_id } : null,
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
