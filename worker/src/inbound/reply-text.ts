/*
 * The new text of an answer sent by email: what the staff member typed, without the digest they were
 * replying to, their signature or their phone's sign-off. Pure and linear in the size of the message: every
 * rule looks at one line (or a few neighbours) at a time. What each client writes, in each language, is
 * data in languages/; this file only decides what a match means.
 *
 * Top-posting is the common case: text above the first quote header is the answer, and everything from
 * the header on goes, including what follows the quote (a disclaimer a server appended, say). A message
 * that *starts* with an "On … wrote:" line is a bottom-posted or interleaved reply: the header is dropped,
 * the `>` lines are dropped, and what was written between and after them is the answer. Separators whose
 * history is not `>`-quoted (Outlook's "From: / Sent:" block, "-----Original Message-----", forwards,
 * a mailing list's footer) always cut, even on the first line, because nothing marks where that history
 * ends; an empty result is the caller's to reject.
 */
import { htmlToText } from './html-text'
import { attribution, fieldOf, isListFooterLine, isSeparatorLine, isSignOffLine, type Field } from './quote-rules'

/** The bodies of a parsed message, as postal-mime gives them: transfer encoding and charset already decoded. */
export type MessageBodies = { text?: string | undefined; html?: string | undefined }

/** The answer in a reply: `text` if it has any, else `html` converted to text; '' when nothing new is left. */
export function extractReply(parsed: MessageBodies): string {
  if (parsed.text !== undefined && parsed.text.trim() !== '') return stripQuoted(parsed.text)
  if (parsed.html !== undefined) return stripQuoted(htmlToText(parsed.html))
  return ''
}

/** Longer lines are prose (or an attack), never a client's attribution line; skipping them keeps the checks cheap. */
const MAX_HEADER_LENGTH = 600

const isQuoted = (line: string) => /^[ \t]*>/.test(line)
const isBlank = (line: string) => line.trim() === ''
const isSignatureDelimiter = (line: string) => line === '-- ' || line === '--'
/** Outlook on the web's line above its header block, and the rule above a mailing list's footer. */
const isUnderscores = (line: string) => /^_{10,}$/.test(line.trim())
const isRule = (line: string) => isUnderscores(line) || /^-{10,}$/.test(line.trim())

/** The first line after `from` that is not blank, or undefined. */
function nextWritten(lines: string[], from: number): string | undefined {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (!isBlank(line)) return line
  }
  return undefined
}

/** Lines `i` to `i + span - 1` joined as one, or null if a blank or quoted line comes first or it grows too long. */
function joined(lines: string[], i: number, span: number): string | null {
  let s = ''
  for (let j = i; j < i + span; j++) {
    const line = lines[j]
    if (line === undefined || (j > i && (isBlank(line) || isQuoted(line)))) return null
    s += (j > i ? ' ' : '') + line.trim()
    if (s.length > MAX_HEADER_LENGTH) return null
  }
  return s
}

/**
 * Whether lines `i` to `i + span - 1` are a quote header. A rule that needs a quote after it gets one only
 * if the next written line is `>`-quoted, or nothing follows (the HTML converter has already dropped it).
 */
function isAttribution(lines: string[], i: number, span: number): boolean {
  const s = joined(lines, i, span)
  const kind = s === null ? null : attribution(s)
  if (kind !== 'if-quoted') return kind !== null
  const after = nextWritten(lines, i + span)
  return after === undefined || isQuoted(after)
}

/**
 * How many lines (1 to 3: clients wrap long ones) the quote header starting at `i` spans, or 0. When the
 * same header also reads from a later line, it starts there: line `i` is the end of a paragraph the
 * person wrote right above it.
 */
function attributionSpan(lines: string[], i: number): number {
  for (let span = 1; span <= 3; span++) {
    if (joined(lines, i, span) === null) return 0
    if (!isAttribution(lines, i, span)) continue
    for (let later = i + 1; later < i + span; later++) {
      if (isAttribution(lines, later, i + span - later)) return 0
    }
    return span
  }
  return 0
}

/** How far below a header block's first field its last one may be: Outlook wraps long To: and Cc: lines. */
const HEADER_BLOCK_LINES = 8

/**
 * Outlook's header block ("From: / Sent: / To: / Subject:") or a webmail's ("Gesendet: / Von: / An: /
 * Betreff:"), in any language and any order: a From, a Sent (or Date) and a Subject line close together.
 * From and To alone do not count: "From: 10:00 / To: 16:00" is how people write opening hours.
 */
function isHeaderBlock(lines: string[], i: number): boolean {
  if (fieldOf(lines[i] ?? '') === null) return false
  const seen = new Set<Field>()
  for (const line of lines.slice(i, i + HEADER_BLOCK_LINES)) {
    const field = fieldOf(line)
    if (field) seen.add(field)
  }
  return seen.has('from') && seen.has('date') && seen.has('subject')
}

/** Where unquoted history or a list's footer starts: Outlook, forwards, mailing lists. */
function isSeparator(lines: string[], i: number): boolean {
  const line = lines[i] ?? ''
  if (line.length > MAX_HEADER_LENGTH) return false
  if (isSeparatorLine(line) || isHeaderBlock(lines, i) || isListFooterLine(line, false)) return true
  if (!isRule(line)) return false
  const next = lines.slice(i + 1, i + 4).find((l) => !isBlank(l))
  if (next === undefined) return false
  return (isUnderscores(line) && fieldOf(next) === 'from') || isListFooterLine(next, true)
}

function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const kept: string[] = []
  let written = false
  // A quoted block was dropped since the last kept line: it becomes one paragraph break.
  let gap = false

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (isQuoted(line)) {
      gap = true
      continue
    }
    const span = attributionSpan(lines, i)
    if (span > 0) {
      if (written) break
      i += span - 1
      gap = true
      continue
    }
    if (isSignatureDelimiter(line) || isSeparator(lines, i)) break
    if (isBlank(line)) {
      if (!gap) kept.push(line)
      continue
    }
    if (gap) {
      trimTrailingBlanks(kept)
      if (kept.length > 0) kept.push('')
      gap = false
    }
    kept.push(line)
    written = true
  }

  trimTrailingBlanks(kept)
  // An app's "Sent from …" line counts only at the very end: the same words higher up are the person's.
  while (kept.length > 0 && isSignOffLine(kept[kept.length - 1] ?? '')) {
    kept.pop()
    trimTrailingBlanks(kept)
  }
  const first = kept.findIndex((line) => !isBlank(line))
  return first < 0 ? '' : kept.slice(first).join('\n').trimEnd()
}

function trimTrailingBlanks(lines: string[]) {
  while (lines.length > 0 && isBlank(lines[lines.length - 1] ?? '')) lines.pop()
}
