import { escalationTarget } from '../routing/route'
import { escalatedNow, escalationStatements, listOverdue } from '../store/assignments'
import { listStaff, type StaffRow } from '../store/staff'
import { commit, type Deps } from './context'

/**
 * Hands every conversation waiting past its site's reply-time target to the assignee's delegate, else the
 * pool lead; once per wait, with the reason recorded for the thread to show and the new assignee told.
 */
export async function escalateOverdue(deps: Deps) {
  const { now } = deps
  const db = deps.env.DB
  const overdue = await listOverdue(db, now)
  const staffByOrg = new Map<string, StaffRow[]>()
  let handed = 0
  for (const c of overdue) {
    const staff = staffByOrg.get(c.orgId) ?? (await listStaff(db, c.orgId))
    staffByOrg.set(c.orgId, staff)
    const byId = new Map(staff.map((s) => [s.id, s]))
    const assignee = byId.get(c.assigneeId)
    const lead = c.leadId ? byId.get(c.leadId) : undefined
    const target = assignee && escalationTarget({ assignee: assignee.handle, lead: lead?.handle ?? null, staff, now })
    const to = target ? staff.find((s) => s.handle === target.handle)! : null
    const waited = `No reply within ${c.targetHours} ${c.targetHours === 1 ? 'hour' : 'hours'}`
    const note = to ? `${waited}; passed to ${target!.via === 'delegate' ? 'their delegate' : 'the team lead'}.` : `${waited}; nobody else to pass it to.`
    const assignmentId = crypto.randomUUID()
    await commit(
      deps,
      escalationStatements(db, { conversationId: c.id, assignmentId, toId: to?.id ?? null, note }, now),
      { kind: 'conversation.escalated', payload: { conversationId: c.id, assignmentId: to ? assignmentId : null } },
      escalatedNow(c.id),
    )
    if (to) handed++
  }
  return { overdue: overdue.length, handed }
}
