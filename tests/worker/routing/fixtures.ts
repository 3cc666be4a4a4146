import type { RoutingRule } from '../../../schema'
import type {
  AwayPeriod,
  PageFacts,
  RouteDecision,
  RouteInput,
  StaffState,
} from '../../../worker/src/routing/route'

/** An instant, written as UTC so each case shows exactly which moment it means. */
export const at = (isoUtc: string): number => {
  const ms = Date.parse(isoUtc)
  if (Number.isNaN(ms)) throw new Error(`not an instant: ${isoUtc}`)
  return ms
}

/** The default "now" of a case: a June weekday, no time-zone subtleties. */
export const NOW = at('2026-06-15T10:00:00Z')

/** A leave that covers NOW in every zone. */
export const onLeave: AwayPeriod[] = [{ from: '2026-06-01', to: '2026-06-30' }]

/** A staff member who is active, in UTC, not away, with no delegate and nothing open, unless told otherwise. */
export function staff(handle: string, over: Partial<Omit<StaffState, 'handle'>> = {}): StaffState {
  return { handle, active: true, timeZone: 'UTC', away: [], delegate: null, openCount: 0, ...over }
}

/** The site's default responder in most cases. */
export const FALLBACK = 'fiona'

/** A team in which everyone is present: amira, ben, kamran, priya and the fallback fiona. */
export const team = (): StaffState[] => ['amira', 'ben', 'kamran', 'priya', FALLBACK].map((h) => staff(h))

/** The team with some members replaced (same handle) or added. */
export function teamWith(...members: StaffState[]): StaffState[] {
  const replaced = team().map((s) => members.find((m) => m.handle === s.handle) ?? s)
  const added = members.filter((m) => !replaced.some((s) => s.handle === m.handle))
  return [...replaced, ...added]
}

export function page(over: Partial<PageFacts> = {}): PageFacts {
  const path = over.path ?? '/'
  return { key: path, path, ...over }
}

export function input(over: Partial<RouteInput> = {}): RouteInput {
  return { rules: [], fallback: FALLBACK, staff: team(), page: page(), now: NOW, turns: {}, ...over }
}

/** A whole decision: only who and why are required, everything else defaults to null. */
export function decision(
  over: Pick<RouteDecision, 'handle' | 'reason'> & Partial<RouteDecision>,
): RouteDecision {
  return { rule: null, intended: null, lead: null, turn: null, ...over }
}

/** Rule builders, so a table row reads like the config an admin would write. */
export const when = {
  path: (path: string, assign: RoutingRule['assign']): RoutingRule => ({ when: { path }, assign }),
  page: (key: string, assign: RoutingRule['assign']): RoutingRule => ({ when: { page: key }, assign }),
  topic: (topic: string, assign: RoutingRule['assign']): RoutingRule => ({ when: { topic }, assign }),
  always: (assign: RoutingRule['assign']): RoutingRule => ({ when: { always: true }, assign }),
  responder: (): RoutingRule => ({ when: { responderAttribute: true } }),
}

export const to = {
  staff: (handle: string) => ({ staff: handle }),
  roundRobin: (pool: string[], lead?: string) => ({ pool, strategy: 'round_robin' as const, ...(lead ? { lead } : {}) }),
  leastOpen: (pool: string[], lead?: string) => ({ pool, strategy: 'least_open' as const, ...(lead ? { lead } : {}) }),
}

/** A small deterministic PRNG (mulberry32), so a randomised sweep fails the same way every run. */
export function seeded(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!
  const chance = (p: number) => next() < p
  return { int, pick, chance }
}
