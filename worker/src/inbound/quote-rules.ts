/*
 * The language tables, compiled once into lookups the line scanner asks one line at a time. A rule is
 * checked with prefix, suffix and substring searches on a normalised line, not compiled into a pattern,
 * so a line costs time linear in its length for each rule, and adding a language only adds rules.
 */
import { LANGUAGES, type Language } from './languages'

// Marks that set the direction of Hebrew and Arabic text; Gmail wraps names and addresses in them.
const DIRECTION_MARKS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** A line as the rules compare it: no direction marks, single spaces, no space before a colon, lower case. */
export function normalize(line: string): string {
  return line
    .replace(DIRECTION_MARKS, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?[:：]/g, ':')
    .trim()
    .toLowerCase()
}

/** A rule's literal parts, split where it has `…`. */
type Template = readonly string[]

const template = (rule: string): Template => normalize(rule).split('…')

/** Whether `s` reads as the template, each `…` standing for at least one character. */
function fits(pieces: Template, s: string): boolean {
  const first = pieces[0] ?? ''
  if (pieces.length === 1) return s === first
  const last = pieces[pieces.length - 1] ?? ''
  const end = s.length - last.length
  if (end < first.length + 1 || !s.startsWith(first) || !s.endsWith(last)) return false
  // The earliest place for each middle part leaves the most room for the rest, so one pass decides.
  let at = first.length
  for (const piece of pieces.slice(1, -1)) {
    const found = s.indexOf(piece, at + 1)
    if (found < 0) return false
    at = found + piece.length
  }
  return at < end
}

const all = (pick: (language: Language) => readonly string[]) => Object.values(LANGUAGES).flatMap(pick)
const led = (t: Template) => t[0] !== ''

const ATTRIBUTIONS = all((l) => l.attributions).map(template)
const LED_ATTRIBUTIONS = ATTRIBUTIONS.filter(led)
const UNLED_ATTRIBUTIONS = ATTRIBUTIONS.filter((t) => !led(t))
const DIGIT = /\p{Nd}/u
const TIME_OR_DATE = /\p{Nd}{1,2}[:.]\p{Nd}{2}/u

/**
 * Whether `s` (a line, or a wrapped one joined) is the line above a quote. One with a rule's opening words
 * and a time is `certain`. Without the time (Alpine writes "On Tue, 24 Nov 2026, Jo wrote:"), or without
 * opening words ("… kirjoitti:", which needs the time too), it could be the person's own sentence before a
 * quotation, so it counts only `if-quoted`: when a quote comes right after it.
 */
export function attribution(s: string): 'certain' | 'if-quoted' | null {
  const t = normalize(s)
  if (!t.endsWith(':') || !DIGIT.test(t)) return null
  const timed = TIME_OR_DATE.test(t)
  if (LED_ATTRIBUTIONS.some((rule) => fits(rule, t))) return timed ? 'certain' : 'if-quoted'
  if (timed && UNLED_ATTRIBUTIONS.some((rule) => fits(rule, t))) return 'if-quoted'
  return null
}

const SEPARATORS = new Set(all((l) => l.separators).map(normalize))
const FORWARDS = new Set(all((l) => l.forwards).map(normalize))

// Proton once drew its "‐‐‐‐‐‐‐ Original Message ‐‐‐‐‐‐‐" with U+2010 hyphens.
const isDash = (c: string) => c === '-' || c === '\u2010'

/** The words between at least two dashes on each side, or null. */
function betweenDashes(t: string): string | null {
  let start = 0
  while (isDash(t.charAt(start))) start++
  let end = t.length
  while (end > start && isDash(t.charAt(end - 1))) end--
  return start >= 2 && t.length - end >= 2 && end > start ? t.slice(start, end).trim() : null
}

/** "-----Original Message-----", "-------- Message d'origine --------", "Begin forwarded message:". */
export function isSeparatorLine(line: string): boolean {
  const t = normalize(line)
  const words = betweenDashes(t)
  return words !== null ? SEPARATORS.has(words) : FORWARDS.has(t)
}

export type Field = keyof Language['fields']

const FIELDS = new Map<string, Field>()
for (const language of Object.values(LANGUAGES)) {
  for (const [field, names] of Object.entries(language.fields) as [Field, readonly string[]][]) {
    for (const name of names) FIELDS.set(normalize(name), field)
  }
}
const LONGEST_FIELD = Math.max(...[...FIELDS.keys()].map((name) => name.length))

/** The header field a line starts with ("From: …", "*Von:* …", "De : …"), or null. */
export function fieldOf(line: string): Field | null {
  const t = normalize(line.slice(0, LONGEST_FIELD + 8))
  const colon = t.indexOf(':')
  if (colon < 0) return null
  return FIELDS.get(t.slice(0, colon).replace(/^\*|\*$/g, '').trim()) ?? null
}

const SIGN_OFFS = all((l) => l.signOffs).map(template)
/** Longer lines are something the person wrote: an app's line is a few words. */
const MAX_SIGN_OFF_LENGTH = 80

/**
 * "Sent from my iPhone", "Get Outlook for Android<https://aka.ms/…>", "Sent with [Proton Mail](https://…)
 * secure email.": the app's line, links reduced to their text. A rule that starts with the app's name
 * ("…から送信") must not end like a sentence, since any sentence could end the way it does.
 */
export function isSignOffLine(line: string): boolean {
  if (line.length > MAX_SIGN_OFF_LENGTH * 4) return false
  const text = line.replace(/<[^<>\s]*>/g, ' ').replace(/\[([^[\]]*)\]\([^()\s]*\)/g, '$1')
  const t = normalize(text)
  if (t.length === 0 || t.length > MAX_SIGN_OFF_LENGTH) return false
  const sentence = /[.!?。！？]$/.test(t)
  // "Von meinem Samsung Galaxy Smartphone gesendet.": some apps end theirs with a full stop.
  const bare = t.replace(/[.。]$/, '')
  return SIGN_OFFS.some((rule) => (led(rule) ? fits(rule, bare) : !sentence && fits(rule, t)))
}

const LIST_FOOTERS = all((l) => l.listFooters).map(template)
const LED_LIST_FOOTERS = LIST_FOOTERS.filter(led)

/**
 * The first line of a mailing list's footer. Google Groups' sentences are specific enough anywhere;
 * "Users mailing list" is not, so `afterRule` says whether a line of `_` or `-` came just before.
 */
export function isListFooterLine(line: string, afterRule: boolean): boolean {
  const t = normalize(line)
  if (t.length > MAX_SIGN_OFF_LENGTH * 4) return false
  return (afterRule ? LIST_FOOTERS : LED_LIST_FOOTERS).some((rule) => fits(rule, t))
}
