import type { Comment, Conversation, ConversationStatus, Doc } from '../../../schema'
import { getPageStatement, insertPageIfNew, type PageRef, type PageRow } from './pages'
import { listStaffStatement, toPublicStaff, toStaff, type RawStaff, type StaffRow } from './staff'

/** How many comments one thread read returns at most; older pages of a huge thread are a later feature. */
export const THREAD_COMMENT_LIMIT = 1000

type RawThreadComment = {
  id: string
  conversation_id: string
  author_kind: 'visitor' | 'staff'
  author_name: string
  staff_id: string | null
  body_doc: string
  created_at: number
  edited_at: number | null
  conversation_status: ConversationStatus
  assigned_staff_id: string
}

export type ThreadData = { page: PageRow; conversations: Conversation[]; staff: StaffRow[] }

/**
 * A page's published conversations, oldest first, with the org's staff (for bylines and routing).
 * One round trip for a known page; the first sighting of a page adds one insert.
 */
export async function readThread(db: D1Database, p: PageRef & { orgId: string }, now: number): Promise<ThreadData> {
  const read = () =>
    db.batch([
      getPageStatement(db, p.siteId, p.key),
      db
        .prepare(
          `SELECT c.id, c.conversation_id, c.author_kind, c.author_name, c.staff_id, c.body_doc, c.created_at, c.edited_at,
                  v.status AS conversation_status, v.assigned_staff_id
             FROM comments c JOIN conversations v ON v.id = c.conversation_id
            WHERE c.page_id = (SELECT id FROM pages WHERE site_id = ?1 AND key = ?2) AND c.status = 'published'
            ORDER BY v.created_at, v.id, c.created_at, c.id
            LIMIT ?3`,
        )
        .bind(p.siteId, p.key, THREAD_COMMENT_LIMIT),
      listStaffStatement(db, p.orgId),
    ])
  let [pageResult, commentResult, staffResult] = await read()
  if (!pageResult?.results.length) {
    await insertPageIfNew(db, p, now).run()
    ;[pageResult, commentResult, staffResult] = await read()
  }
  const page = pageResult!.results[0] as PageRow
  const staff = (staffResult!.results as RawStaff[]).map(toStaff)
  return { page, staff, conversations: groupConversations(commentResult!.results as RawThreadComment[], staff) }
}

function groupConversations(rows: RawThreadComment[], staff: StaffRow[]): Conversation[] {
  const byId = new Map(staff.map((s) => [s.id, s]))
  const conversations = new Map<string, Conversation>()
  for (const row of rows) {
    const assignee = byId.get(row.assigned_staff_id)
    if (!assignee) continue
    let conversation = conversations.get(row.conversation_id)
    if (!conversation) {
      // A conversation is shown only when its opening comment is; replies never stand alone.
      if (row.author_kind !== 'visitor') continue
      conversation = { id: row.conversation_id, status: row.conversation_status, assignee: toPublicStaff(assignee), comments: [] }
      conversations.set(row.conversation_id, conversation)
    }
    conversation.comments.push(toComment(row, byId))
  }
  return [...conversations.values()]
}

type RawComment = Pick<
  RawThreadComment,
  'id' | 'conversation_id' | 'author_kind' | 'author_name' | 'staff_id' | 'body_doc' | 'created_at' | 'edited_at'
>

/** A stored comment as the public API shows it: staff identity only from the staff row, never from the comment. */
export function toComment(row: RawComment, staffById: Map<string, StaffRow>): Comment {
  const staff = row.author_kind === 'staff' && row.staff_id ? staffById.get(row.staff_id) : undefined
  return {
    id: row.id,
    conversationId: row.conversation_id,
    author: staff ? { kind: 'staff', staff: toPublicStaff(staff) } : { kind: 'visitor', name: row.author_name },
    body: JSON.parse(row.body_doc) as Doc,
    createdAt: new Date(row.created_at).toISOString(),
    editedAt: row.edited_at === null ? null : new Date(row.edited_at).toISOString(),
  }
}
