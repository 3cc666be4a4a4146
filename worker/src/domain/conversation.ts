import { ApiError } from '../http/errors'
import { handedOver, handOverStatements } from '../store/assignments'
import { closeConversationStatement } from '../store/comments'
import type { StaffRow } from '../store/staff'
import { commit, type Deps } from './context'
import { conversationAndStaff, type Author } from './staff-reply'

/**
 * Hands a conversation to a named colleague, with a note the thread shows; the colleague is told. Refused
 * when it is already theirs, or when someone else moved it first (the view it was based on is stale).
 */
export async function handOver(
  deps: Deps,
  h: { conversationId: string; to: Author; note: string | null; orgId?: string | undefined },
): Promise<{ conversationId: string; assignee: StaffRow }> {
  const db = deps.env.DB
  const { conversation, person: to } = await conversationAndStaff(db, { conversationId: h.conversationId, staff: h.to, orgId: h.orgId })
  if (to.id === conversation.assigneeId) throw new ApiError('already_assigned', `The conversation is already with ${to.name}.`)
  const assignmentId = crypto.randomUUID()
  const [inserted] = await commit(
    deps,
    handOverStatements(db, { conversationId: conversation.id, assignmentId, fromId: conversation.assigneeId, toId: to.id, note: h.note }, deps.now),
    { kind: 'conversation.handed_over', payload: { assignmentId } },
    handedOver(assignmentId),
  )
  if (!inserted?.meta.changes) throw new ApiError('already_assigned', 'Someone else handed this conversation on first. Reload and try again.')
  return { conversationId: conversation.id, assignee: to }
}

/** "No reply needed": the conversation stops waiting; it stays visible, closed. */
export async function closeConversation(deps: Deps, conversationId: string): Promise<void> {
  await commit(deps, [closeConversationStatement(deps.env.DB, conversationId, deps.now)], {
    kind: 'conversation.closed',
    payload: { conversationId },
  })
}
