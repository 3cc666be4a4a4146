import type { Env } from '../env'
import type { NewEvent } from '../events/kinds'
import { eventStatements } from '../events/record'
import type { EventGuard } from '../store/events'

/**
 * What every operation runs with: the bindings (D1, secrets), the moment it happens, and what to do once a
 * change is committed (the entry point starts delivering the events; see `events/after-commit.ts`).
 */
export type Deps = { env: Env; now: number; committed: () => void }

/**
 * Commits one change: its statements and the one event that records it, in a single D1 batch (one
 * transaction, all or nothing). Returns the statements' results, in order.
 */
export async function commit(deps: Deps, statements: D1PreparedStatement[], event: NewEvent, onlyIf?: EventGuard): Promise<D1Result[]> {
  const db = deps.env.DB
  const results = await db.batch([...statements, ...eventStatements(db, event, deps.now, onlyIf)])
  deps.committed()
  return results
}
