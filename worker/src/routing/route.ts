import type { RoutingRule } from '../../../schema'
import { zonedInstant } from '../time/zone'

// Away periods are read with it, so routing's callers find it here too.
export { zonedInstant }

/*
 * Who answers a new conversation. Pure: rules, staff state, page and clock in; a decision and its reason
 * out. No I/O, so every case can be tested exhaustively and the thread read can show, before anyone
 * writes, exactly who a comment would go to.
 */

/** A local date (`2026-12-24`, the whole day) or date-time (`2026-12-24T13:00`) in the staff member's zone. */
export type AwayPeriod = { from: string; to: string }

export type StaffState = {
  handle: string
  active: boolean
  timeZone: string
  away: AwayPeriod[]
  delegate: string | null
  /** Conversations currently awaiting this person's reply, across the organisation. */
  openCount: number
}

export type PageFacts = {
  /** The page key (explicit page id, else the path). */
  key: string
  /** The URL path, percent-encoded as in the URL. */
  path: string
  topic?: string | undefined
  /** The embed's `responder` attribute. */
  responder?: string | undefined
}

export type RouteInput = {
  rules: RoutingRule[]
  /** The site's default responder: takes what no rule claims, and what nobody else can. */
  fallback: string
  staff: StaffState[]
  page: PageFacts
  now: number
  /** Round-robin turn counters by pool key (see poolKey); missing means 0. */
  turns: Record<string, number>
}

export type RouteReason = 'explicit' | 'rule' | 'pool' | 'default_responder' | 'away' | 'fallback'

export type RouteDecision = {
  /** Who gets the conversation. */
  handle: string
  reason: RouteReason
  /** Index of the rule that matched, or null when none did. */
  rule: number | null
  /** Whom the rule chose, when routing had to look past them (away, inactive); may be `handle` itself with `fallback`. */
  intended: string | null
  /** The lead of the pool that matched: receives its escalations. */
  lead: string | null
  /** The pool whose round-robin counter this decision uses up. */
  turn: string | null
}

/** The key a pool's round-robin counter is stored under: its members, in order. */
export const poolKey = (pool: string[]) => pool.join(',')

/** Is this person away at `now`? A date alone covers that whole local day, from 00:00 to 24:00. */
export function isAway(s: Pick<StaffState, 'away' | 'timeZone'>, now: number): boolean {
  return s.away.some((p) => {
    const to = p.to.length === 10 ? `${p.to}T24:00` : p.to
    return zonedInstant(p.from, s.timeZone) <= now && now < zonedInstant(to, s.timeZone)
  })
}

const decode = (s: string) => {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** Paths compare decoded, in NFC, without a trailing slash: `/café/` and `/caf%C3%A9` are one page. */
export function normalisePath(path: string): string {
  const p = decode(path).normalize('NFC')
  return p.length > 1 ? p.replace(/\/+$/, '') : p
}

/**
 * `*` matches within one path segment, `**` across segments; `/policy/**` also matches `/policy` itself.
 * Anything else matches literally.
 */
export function matchesPath(pattern: string, path: string): boolean {
  const p = normalisePath(pattern)
  const source = p
    .split(/(\/\*\*$|\*\*|\*)/)
    .map((part) => {
      if (part === '/**') return '(?:/.*)?'
      if (part === '**') return '.*'
      if (part === '*') return '[^/]*'
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    })
    .join('')
  return new RegExp(`^${source}$`, 'u').test(normalisePath(path))
}

function matches(rule: RoutingRule, page: PageFacts, known: (h: string) => boolean): boolean {
  const w = rule.when
  if ('responderAttribute' in w) return page.responder !== undefined && known(page.responder)
  if ('page' in w) return w.page === page.key
  if ('path' in w) return matchesPath(w.path, page.path)
  if ('topic' in w) return page.topic !== undefined && w.topic === page.topic
  return true
}

/** Who can answer at `now`: active and not away; and, through delegates, who answers for whom. */
function staffAt(staff: StaffState[], now: number) {
  const byHandle = new Map(staff.map((s) => [s.handle, s]))
  const active = (h: string) => byHandle.get(h)?.active === true
  const available = (h: string) => active(h) && !isAway(byHandle.get(h)!, now)
  /** The first available person along the delegate chain from `start`, never one of `skip`; null if it runs out. */
  const reachable = (start: string | null | undefined, skip: string[] = []): string | null => {
    const seen = new Set(skip)
    for (let h = start ?? null; h !== null && !seen.has(h); h = byHandle.get(h)?.delegate ?? null) {
      if (available(h)) return h
      seen.add(h)
    }
    return null
  }
  return { byHandle, active, available, reachable }
}

export function route(input: RouteInput): RouteDecision {
  const { byHandle, active, available, reachable } = staffAt(input.staff, input.now)

  const base = { rule: null, intended: null, lead: null, turn: null } satisfies Partial<RouteDecision>

  /** `intended` should answer: they do if they can, else their delegates, else the fallback. */
  const settle = (
    intended: string,
    reason: RouteReason,
    extra: Pick<RouteDecision, 'rule' | 'lead' | 'turn'>,
  ): RouteDecision => {
    const who = reachable(intended)
    if (who === intended) return { ...base, ...extra, handle: who, reason }
    if (who !== null) return { ...base, ...extra, handle: who, reason: 'away', intended }
    // Nobody along the chain is here: the default responder takes it, even if they are away themselves.
    const fallback = reachable(input.fallback) ?? input.fallback
    return { ...base, ...extra, handle: fallback, reason: 'fallback', intended }
  }

  for (const [index, rule] of input.rules.entries()) {
    if (!matches(rule, input.page, active)) continue
    const assign = rule.assign
    if (!assign) return settle(input.page.responder!, 'explicit', { rule: index, lead: null, turn: null })
    if ('staff' in assign) {
      // A rule naming someone who has left the staff does not claim the page.
      if (!active(assign.staff)) continue
      return settle(assign.staff, 'rule', { rule: index, lead: null, turn: null })
    }
    const members = assign.pool.filter(active)
    if (!members.length) continue
    const lead = assign.lead ?? null
    if (assign.strategy === 'round_robin') {
      const key = poolKey(assign.pool)
      const turn = input.turns[key] ?? 0
      // Turns go round those who are here, so an absence is shared out evenly, not left to the next in line.
      const free = members.filter(available)
      return free.length
        ? { ...base, handle: free[turn % free.length]!, reason: 'pool', rule: index, lead, turn: key }
        : settle(members[turn % members.length]!, 'pool', { rule: index, lead, turn: key })
    }
    const free = members.filter(available)
    if (free.length) {
      const fewest = free.reduce((a, b) => (byHandle.get(b)!.openCount < byHandle.get(a)!.openCount ? b : a))
      return { ...base, handle: fewest, reason: 'pool', rule: index, lead }
    }
    return settle(members[0]!, 'pool', { rule: index, lead, turn: null })
  }
  return settle(input.fallback, 'default_responder', { rule: null, lead: null, turn: null })
}

export type EscalationInput = {
  assignee: string
  lead: string | null
  staff: StaffState[]
  now: number
}

/**
 * Where a conversation waiting past the reply-time target goes: the assignee's delegate, else the pool lead
 * (each through their own delegates if away). Null when there is nobody else to hand it to.
 */
export function escalationTarget(input: EscalationInput): { handle: string; via: 'delegate' | 'lead' } | null {
  const { byHandle, reachable } = staffAt(input.staff, input.now)
  const delegate = reachable(byHandle.get(input.assignee)?.delegate, [input.assignee])
  if (delegate) return { handle: delegate, via: 'delegate' }
  const lead = reachable(input.lead, [input.assignee])
  return lead ? { handle: lead, via: 'lead' } : null
}
