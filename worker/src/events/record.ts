import { insertEventStatements, type EventGuard } from '../store/events'
import { eventKinds, type NewEvent } from './kinds'
import { reactions } from './registry'

/**
 * The statements that record one event, for the batch of the change it describes: the payload is checked
 * against its kind's schema here (a malformed event never reaches the outbox), and every reaction the
 * registry names for the kind is queued with it.
 */
export function eventStatements(db: D1Database, event: NewEvent, now: number, onlyIf?: EventGuard): D1PreparedStatement[] {
  const payload = eventKinds[event.kind].parse(event.payload)
  return insertEventStatements(
    db,
    {
      id: crypto.randomUUID(),
      kind: event.kind,
      payload,
      dedupeKey: event.dedupeKey ?? null,
      reactions: reactions[event.kind].map((r) => ({ name: r.name, delayMs: r.delayMs ?? 0 })),
      onlyIf,
    },
    now,
  )
}
