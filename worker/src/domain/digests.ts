import { eventStatements } from '../events/record'
import { digestSlot } from '../mail/schedule'
import { listDigestCandidates } from '../store/notices'
import { commit, type Deps } from './context'

/** People whose digest events go in one batch: a tick with many people due stays a few round trips. */
const DIGESTS_PER_BATCH = 50

/**
 * Queues the digests due now: one per person per slot, only for people someone is waiting for. Each is its own
 * change with its own event; many of them share a batch, since none depends on another.
 */
export async function queueDueDigests(deps: Deps): Promise<number> {
  const db = deps.env.DB
  const due = (await listDigestCandidates(db)).flatMap((s) => {
    const slot = digestSlot(s.digest, s.timeZone, deps.now)
    return slot ? [{ staffId: s.id, slot }] : []
  })
  for (let i = 0; i < due.length; i += DIGESTS_PER_BATCH) {
    const events = due.slice(i, i + DIGESTS_PER_BATCH).flatMap(({ staffId, slot }) =>
      eventStatements(db, { kind: 'digest.due', payload: { staffId, slot }, dedupeKey: `digest:${staffId}:${slot}` }, deps.now),
    )
    await db.batch(events)
    deps.committed()
  }
  return due.length
}

/** One person's digest now, whatever their schedule, under its own slot (once per slot, like the scheduled ones). */
export async function queueDigest(deps: Deps, p: { staffId: string; slot: string }): Promise<void> {
  await commit(deps, [], { kind: 'digest.due', payload: p, dedupeKey: `digest:${p.staffId}:${p.slot}` })
}

/** A fresh answer link for someone whose link expired; at most one per person and conversation an hour. */
export async function requestAnswerLink(deps: Deps, r: { staffId: string; conversationId: string }): Promise<void> {
  await commit(deps, [], {
    kind: 'answer_link.requested',
    payload: r,
    dedupeKey: `answer_link:${r.staffId}:${r.conversationId}:${Math.floor(deps.now / 3_600_000)}`,
  })
}
