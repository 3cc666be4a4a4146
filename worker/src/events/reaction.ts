import type { Env } from '../env'
import type { Mailer } from '../mail/mailer'

/** What a reaction runs with: the bindings, the moment of delivery, and the mailer (tests pass their own). */
export type ReactionContext = { env: Env; now: number; mailer: Mailer }

/**
 * Something that happens because of an event, delivered at least once per lease and never twice after it
 * succeeded (Remark42's notify Destination is the model). A reaction with `targets` fans out: its delivery
 * splits into one per target (each visitor, each released comment), retried each on its own.
 */
export type Reaction<P> = {
  /** Stable: delivery rows name it. */
  name: string
  targets?: (env: Env, payload: P) => Promise<string[]>
  run: (ctx: ReactionContext, payload: P, target: string) => Promise<void>
}
