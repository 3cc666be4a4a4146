import { digestSlot } from '../mail/schedule'
import { listDigestCandidates } from '../store/notices'
import { commit, type Deps } from './context'

/** Queues the digests due now: one per person per slot, only for people someone is waiting for. */
export async function queueDueDigests(deps: Deps): Promise<number> {
  const due = (await listDigestCandidates(deps.env.DB)).flatMap((s) => {
    const slot = digestSlot(s.digest, s.timeZone, deps.now)
    return slot ? [{ staffId: s.id, slot }] : []
  })
  for (const { staffId, slot } of due)
    await commit(deps, [], { kind: 'digest.due', payload: { staffId, slot }, dedupeKey: `digest:${staffId}:${slot}` })
  return due.length
}

/** A fresh answer link for someone whose link expired; at most one per person and conversation an hour. */
export async function requestAnswerLink(deps: Deps, r: { staffId: string; conversationId: string }): Promise<void> {
  await commit(deps, [], {
    kind: 'answer_link.requested',
    payload: r,
    dedupeKey: `answer_link:${r.staffId}:${r.conversationId}:${Math.floor(deps.now / 3_600_000)}`,
  })
}
