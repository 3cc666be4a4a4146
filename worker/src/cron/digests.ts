import { digestSlot } from '../mail/schedule'
import { listDigestCandidates, queueDigests } from '../store/notices'

/** Queues the digests due now: one per person per slot, only for people someone is waiting for. */
export async function queueDueDigests(db: D1Database, now: number) {
  const due = (await listDigestCandidates(db)).flatMap((s) => {
    const slot = digestSlot(s.digest, s.timeZone, now)
    return slot ? [{ staffId: s.id, slot }] : []
  })
  await queueDigests(db, due, now)
  return due.length
}
