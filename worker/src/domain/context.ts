import type { Env } from '../env'
import type { NewEvent } from '../events/kinds'
import { eventStatements } from '../events/record'
import { insertActivityStatement } from '../store/console'
import type { EventGuard } from '../store/events'

/** An organisation's admin acting through the console: every change they make is logged under their address. */
/** Who made a change: an admin's or staff member's address, or an organisation's API token by its label. */
export type Actor = { orgId: string; email: string }

/**
 * What every operation runs with: the bindings (D1, secrets), the moment it happens, and what to do once a
 * change is committed (the entry point starts delivering the events; see `events/after-commit.ts`). `actor`, when
 * a console admin acts: the change's batch then also writes its activity-log entry.
 */
export type Deps = { env: Env; now: number; committed: () => void; actor?: Actor }

/** What a change's event names it was done to, for the activity log: the most specific id its payload carries. */
const targetKeys = ['commentId', 'conversationId', 'assignmentId', 'staffId', 'visitorId', 'siteId', 'orgId'] as const

function targetOf(event: NewEvent): string | null {
  const payload: Record<string, unknown> = event.payload
  for (const key of targetKeys) if (typeof payload[key] === 'string') return payload[key]
  return null
}

/** The statements that record a change: its event, and its activity-log entry when an admin made it. */
export function recordStatements(deps: Deps, event: NewEvent, onlyIf?: EventGuard): D1PreparedStatement[] {
  const db = deps.env.DB
  const recorded = eventStatements(db, event, deps.now, onlyIf)
  if (!deps.actor) return recorded
  const entry = { orgId: deps.actor.orgId, email: deps.actor.email, kind: event.kind, target: targetOf(event) }
  return [...recorded, insertActivityStatement(db, entry, deps.now, onlyIf)]
}

/**
 * Commits one change: its statements and the one event that records it, in a single D1 batch (one
 * transaction, all or nothing). Returns the statements' results, in order.
 */
export async function commit(deps: Deps, statements: D1PreparedStatement[], event: NewEvent, onlyIf?: EventGuard): Promise<D1Result[]> {
  const results = await deps.env.DB.batch([...statements, ...recordStatements(deps, event, onlyIf)])
  deps.committed()
  return results
}
