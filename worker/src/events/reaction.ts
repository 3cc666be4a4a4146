import type { Env } from '../env'
import type { Mailer } from '../mail/mailer'

/** What a reaction runs with: the bindings, the moment of delivery, and the mailer (tests pass their own). */
export type ReactionContext = { env: Env; now: number; mailer: Mailer }

/** One delivery as a batched reaction sees it. */
export type DeliveryItem<P> = { payload: P; target: string }

/** What became of one delivery of a batch: null when done, else why it failed (it is retried on its own). */
export type DeliveryOutcome = Error | null

/**
 * Something that happens because of an event, delivered at least once per lease and never twice after it
 * succeeded (Remark42's notify Destination is the model). A reaction with `targets` fans out: its delivery
 * splits into one per target (each visitor, each released comment), retried each on its own.
 */
export type Reaction<P> = {
  /** Stable: delivery rows name it. */
  name: string
  /** Optional: how long after its event a delivery falls due, so that the drains in between gather many into one run. */
  delayMs?: number
  targets?: (env: Env, payload: P) => Promise<string[]>
  run: (ctx: ReactionContext, payload: P, target: string) => Promise<void>
  /**
   * Optional: many deliveries at once, in a number of D1 round trips that does not grow with their number (reads
   * keyed by all their ids). Answers one outcome per item, in order. Without it, the drain calls `run` per item.
   */
  runMany?: (ctx: ReactionContext, items: DeliveryItem<P>[]) => Promise<DeliveryOutcome[]>
  /** Optional: the targets of many fan-outs in one read, one list per payload, in order. */
  targetsMany?: (env: Env, payloads: P[]) => Promise<string[][]>
}
