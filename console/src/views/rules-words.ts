import { html, type TemplateResult } from 'lit'
import type { RoutingRule } from '../../../schema'
import type { RouteDecision } from '../../../worker/src/routing/route'

/*
 * Routing rules and routing decisions said in words, for people: "Pages under /planning/** → Rita Gomes".
 * Names and patterns are the admin's text, so each sits in its own <bdi>.
 */

/** A staff member's name as the working copy spells it (their handle when the copy has no such person). */
export type NameOf = (handle: string) => string | undefined

export type MatchKind = 'path' | 'page' | 'topic' | 'responderAttribute' | 'always'

export const matchKinds: readonly (readonly [MatchKind, string])[] = [
  ['path', 'Pages under a path'],
  ['page', 'One page, by its page id'],
  ['topic', 'Pages on a topic'],
  ['responderAttribute', 'Pages whose embed names its responder'],
  ['always', 'Every page'],
]

export const strategies = [
  ['round_robin', 'Take turns'],
  ['least_open', 'Fewest open conversations'],
] as const

/** Which kind of match a rule's `when` is (a half-edited one may be none: it reads as `path`). */
export function kindOf(when: RoutingRule['when'] | undefined): MatchKind {
  for (const [kind] of matchKinds) if (when && kind in when) return kind
  return 'path'
}

const person = (nameOf: NameOf, handle: string | undefined) => {
  if (!handle) return html`nobody yet`
  const name = nameOf(handle)
  return name === undefined ? html`<bdi>${handle}</bdi> (no such staff member)` : html`<bdi>${name}</bdi>`
}

const list = (parts: TemplateResult[]) =>
  parts.map((p, i) => html`${i === 0 ? '' : i === parts.length - 1 ? ' and ' : ', '}${p}`)

/** What a rule looks at: "Pages under /planning/**". */
export function matchInWords(when: RoutingRule['when'] | undefined): TemplateResult {
  const w = (when ?? {}) as Record<string, unknown>
  const text = (k: string) => html`<bdi>${String(w[k] ?? '')}</bdi>`
  switch (kindOf(when)) {
    case 'path': {
      const p = String(w.path ?? '')
      if (p.endsWith('/**')) return html`Pages under ${text('path')}`
      if (p.includes('*')) return html`Pages matching ${text('path')}`
      return html`The page at ${text('path')}`
    }
    case 'page':
      return html`The page with id ${text('page')}`
    case 'topic':
      return html`Pages on the topic ${text('topic')}`
    case 'responderAttribute':
      return html`Pages whose embed names its responder`
    case 'always':
      return html`Every page`
  }
}

/** Whom a rule assigns: "Rita Gomes", "Sam Ortiz and Lee Chan, taking turns". */
export function assignInWords(rule: RoutingRule, nameOf: NameOf): TemplateResult {
  const a = rule.assign
  if (!a) return html`the person the embed names`
  if ('staff' in a) return person(nameOf, a.staff)
  const members = list((a.pool ?? []).map((h) => person(nameOf, h)))
  const how = a.strategy === 'least_open' ? 'whoever has the fewest open conversations' : 'taking turns'
  return html`${members.length ? members : html`an empty pool`}, ${how}${a.lead ? html` (lead: ${person(nameOf, a.lead)})` : ''}`
}

export const ruleInWords = (rule: RoutingRule, nameOf: NameOf) => html`${matchInWords(rule.when)} → ${assignInWords(rule, nameOf)}`

/** What routing knows of someone at the moment asked about. */
export type Presence = { status(handle: string): 'here' | 'away' | 'gone'; delegateOf(handle: string): string | undefined; openCount(handle: string): number }

/** Why the decision went as it did, in a sentence or two; `rule` is the rule that matched, as numbered on screen. */
export function reasonInWords(d: RouteDecision, nameOf: NameOf, rule: RoutingRule | undefined, at: Presence): TemplateResult {
  const n = d.rule === null ? '' : `Rule ${d.rule + 1}`
  const who = person(nameOf, d.handle)
  const intended = person(nameOf, d.intended ?? undefined)
  const chose = d.rule === null ? html`The site's default responder is ${intended}` : html`${n} matched and chose ${intended}`
  const absent = d.intended && at.status(d.intended) === 'gone' ? 'who is no longer on the staff' : 'who is away at that moment'
  switch (d.reason) {
    case 'explicit':
      return html`The embed names ${who} as its responder, and ${n} lets an embed name its responder.`
    case 'rule':
      return html`${n} matched: ${rule ? ruleInWords(rule, nameOf) : ''}.`
    case 'pool':
      return rule?.assign && 'pool' in rule.assign && rule.assign.strategy === 'least_open'
        ? html`${n} matched and sends it to a pool: ${who} has the fewest open conversations (${at.openCount(d.handle)}).`
        : html`${n} matched and sends it to a pool that takes turns: it is ${who}'s turn.`
    case 'default_responder':
      return html`No rule matched, so the site's default responder takes it.`
    case 'away':
      return d.intended && at.delegateOf(d.intended) === d.handle
        ? html`${chose}, ${absent}: their delegate ${who} takes it.`
        : html`${chose}, ${absent}: ${who} takes it, further along the people who stand in for them.`
    case 'fallback':
      return d.intended === d.handle
        ? html`${chose}, ${absent}, and nobody can stand in for them: it stays with ${who}, the site's default responder.`
        : html`${chose}, ${absent}, and nobody who stands in for them is here: the site's default responder takes it.`
  }
}
