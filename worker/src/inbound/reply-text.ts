/*
 * The new text of an answer sent by email: what the staff member typed, without the digest they were
 * replying to, their signature or their phone's sign-off. Pure and linear in the size of the message: every
 * rule looks at one line (or a few neighbours) at a time, and the HTML converter moves forward through the
 * markup without going back, so a long quoted history or hostile markup cannot make it slow.
 *
 * Top-posting is the common case: text above the first quote header is the answer, and everything from
 * the header on goes, including what follows the quote (a disclaimer a server appended, say). A message
 * that *starts* with an "On … wrote:" line is a bottom-posted or interleaved reply: the header is dropped,
 * the `>` lines are dropped, and what was written between and after them is the answer. Separators whose
 * history is not `>`-quoted (Outlook's "From: / Sent:" block, "-----Original Message-----", forwards)
 * always cut, even on the first line, because nothing marks where that history ends; an empty result is
 * the caller's to reject.
 */

/** The bodies of a parsed message, as postal-mime gives them. */
export type MessageBodies = { text?: string | undefined; html?: string | undefined }

/** The answer in a reply: `text` if it has any, else `html` converted to text; '' when nothing new is left. */
export function extractReply(parsed: MessageBodies): string {
  if (parsed.text !== undefined && parsed.text.trim() !== '') return stripQuoted(parsed.text)
  if (parsed.html !== undefined) return stripQuoted(htmlToText(parsed.html))
  return ''
}

// ---------------------------------------------------------------------------------------------------------
// Plain text

/** Longer lines are prose (or an attack), never a client's attribution line; skipping them keeps the checks cheap. */
const MAX_HEADER_LENGTH = 600

const isQuoted = (line: string) => /^[ \t]*>/.test(line)
const isBlank = (line: string) => line.trim() === ''
const isSignatureDelimiter = (line: string) => line === '-- ' || line === '--'

const ATTRIBUTION_LEAD = /^(?:On|Le|Am|El|Op|Il|Em)\s/
const ATTRIBUTION_END = /(?:^|\s)(?:wrote|a\s+écrit|escribió|ha\s+scritto|escreveu)\s*:$/
// German and Dutch put the verb before the name: "Am 24.11.2026 um 10:03 schrieb Byline <…>:".
const ATTRIBUTION_VERB_FIRST = /^(?:Am|Op)\s/
const VERB_FIRST = /\s(?:schrieb|schreef)\s/

/** "On Tue, 24 Nov 2026 at 10:03, Byline <…> wrote:", with a date (a digit) so that prose ending in "wrote:" is kept. */
function isAttribution(s: string): boolean {
  if (!s.endsWith(':') || !/\d/.test(s)) return false
  return ATTRIBUTION_END.test(s) || (ATTRIBUTION_VERB_FIRST.test(s) && VERB_FIRST.test(s))
}

/** How many lines (1 to 3: clients wrap long ones) the attribution starting at `i` spans, or 0. */
function attributionSpan(lines: string[], i: number): number {
  let s = (lines[i] ?? '').trim()
  if (!ATTRIBUTION_LEAD.test(s)) return 0
  for (let span = 1; span <= 3; span++) {
    if (span > 1) {
      const next = lines[i + span - 1]
      if (next === undefined || isBlank(next) || isQuoted(next)) return 0
      s += ' ' + next.trim()
    }
    if (s.length > MAX_HEADER_LENGTH) return 0
    if (isAttribution(s)) return span
  }
  return 0
}

const ORIGINAL_MESSAGE =
  /^-{2,}\s*(?:original message|forwarded message|ursprüngliche nachricht|weitergeleitete nachricht|message d'origine|message transféré|mensaje original|mensaje reenviado|messaggio originale|oorspronkelijk bericht|mensagem original)\s*-{2,}$/i
const FORWARDED = /^(?:begin forwarded message|anfang der weitergeleiteten nachricht|début du message réexpédié)\s*:$/i
const FROM_FIELD = /^\*?(?:from|de|von|van|da|från|fra)\s*:/i
const SENT_FIELD = /^\*?(?:sent|date|envoyé|gesendet|datum|enviado|fecha|verzonden|inviato|data|skickat|sendt)\s*:/i
const SUBJECT_FIELD = /^\*?(?:subject|objet|betreff|asunto|onderwerp|oggetto|assunto|ämne|emne)\s*:/i
const UNDERSCORES = /^_{10,}$/

/** Outlook's header block: a From line with Sent (or Date) and Subject lines right after it, in any order. */
function isHeaderBlock(lines: string[], i: number): boolean {
  if (!FROM_FIELD.test((lines[i] ?? '').trim())) return false
  let sent = false
  let subject = false
  for (const line of lines.slice(i + 1, i + 8)) {
    const t = line.trim()
    sent ||= SENT_FIELD.test(t)
    subject ||= SUBJECT_FIELD.test(t)
  }
  return sent && subject
}

/** Where unquoted history starts: Outlook, forwards. */
function isSeparator(lines: string[], i: number): boolean {
  const t = (lines[i] ?? '').trim()
  if (t.length > MAX_HEADER_LENGTH) return false
  if (ORIGINAL_MESSAGE.test(t) || FORWARDED.test(t) || isHeaderBlock(lines, i)) return true
  if (!UNDERSCORES.test(t)) return false
  const next = lines.slice(i + 1, i + 4).find((line) => !isBlank(line))
  return next !== undefined && FROM_FIELD.test(next.trim())
}

const SIGN_OFF =
  /^(?:sent from (?:my|yahoo mail|mail|outlook|proton mail|gmail)\b.*|get outlook for .+|envoyé (?:de|depuis) (?:mon|l'application) .+|von meinem .+ gesendet\.?|enviado desde mi .+|inviato da .+)$/i

/** "Sent from my iPhone", "Get Outlook for Android<https://aka.ms/…>": short lines a client adds after the text. */
function isSignOff(line: string): boolean {
  const t = line.replace(/<[^<>\s]*>/g, ' ').replace(/\s+/g, ' ').trim()
  return t.length <= 60 && SIGN_OFF.test(t)
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
  while (kept.length > 0 && isSignOff(kept[kept.length - 1] ?? '')) {
    kept.pop()
    trimTrailingBlanks(kept)
  }
  const first = kept.findIndex((line) => !isBlank(line))
  return first < 0 ? '' : kept.slice(first).join('\n').trimEnd()
}

function trimTrailingBlanks(lines: string[]) {
  while (lines.length > 0 && isBlank(lines[lines.length - 1] ?? '')) lines.pop()
}

// ---------------------------------------------------------------------------------------------------------
// HTML

const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption',
  'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol',
  'pre', 'section', 'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul',
])
/** Elements whose content is never text: skipped up to their closing tag, or to the end if it never comes. */
const HIDDEN = new Set(['script', 'style', 'title', 'template', 'head'])
const HIDDEN_END: Record<string, RegExp> = Object.fromEntries(
  [...HIDDEN].map((name) => [name, new RegExp(`</${name}(?=[\\s/>])`, 'gi')]),
)

/** The reply ends where these begin: Outlook (web, desktop, new) puts the quoted message after them. */
const HISTORY_IDS = /^(?:x_)?(?:appendonsend|divRplyFwdMsg|mail-editor-reference-message-container)$/
/** Containers of quoted history (Gmail, Yahoo) or of its attribution line (Thunderbird). */
const QUOTE_CLASSES = new Set(['gmail_quote', 'gmail_quote_container', 'yahoo_quoted', 'moz-cite-prefix'])

const TAG_NAME = /\/?([A-Za-z][\w:.-]*)/y
const ATTRIBUTE = /(?:^|\s)(class|id)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi

type Token =
  | { kind: 'tag'; name: string; closing: boolean; selfClosing: boolean; attrs: string; end: number }
  | { kind: 'other'; end: number }
  | { kind: 'text' }
  | { kind: 'eof' }

/** The markup starting at `lt` (a `<`): a tag, a comment or declaration, a literal `<`, or an unterminated rest. */
function readToken(html: string, lt: number): Token {
  if (html.startsWith('<!--', lt)) {
    const close = html.indexOf('-->', lt + 4)
    return close < 0 ? { kind: 'eof' } : { kind: 'other', end: close + 3 }
  }
  const next = html.charAt(lt + 1)
  if (next === '!' || next === '?') {
    const close = html.indexOf('>', lt + 2)
    return close < 0 ? { kind: 'eof' } : { kind: 'other', end: close + 1 }
  }
  TAG_NAME.lastIndex = lt + 1
  const m = TAG_NAME.exec(html)
  if (!m) return { kind: 'text' }
  // Find the `>` that ends the tag; one inside a quoted attribute value does not. A quote opens a value
  // only right after `=`, as in browsers, so `<a title=it's>` does not swallow the rest of the document.
  let quote = ''
  let afterEquals = false
  for (let p = TAG_NAME.lastIndex; p < html.length; p++) {
    const c = html.charAt(p)
    if (quote) {
      if (c === quote) quote = ''
    } else if (c === '>') {
      const attrs = html.slice(TAG_NAME.lastIndex, p)
      const name = (m[1] ?? '').toLowerCase()
      return { kind: 'tag', name, closing: m[0].startsWith('/'), selfClosing: attrs.endsWith('/'), attrs, end: p + 1 }
    } else if ((c === '"' || c === "'") && afterEquals) {
      quote = c
    } else if (c === '=') {
      afterEquals = true
    } else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r' && c !== '\f') {
      afterEquals = false
    }
  }
  return { kind: 'eof' }
}

function attributes(attrs: string): { id: string; classes: string[] } {
  let id = ''
  let classes: string[] = []
  for (const m of attrs.slice(0, 4096).matchAll(ATTRIBUTE)) {
    const value = m[2] ?? m[3] ?? m[4] ?? ''
    if (m[1]?.toLowerCase() === 'id') id = value.trim()
    else classes = value.split(/\s+/).filter(Boolean)
  }
  return { id, classes }
}

/**
 * Accumulates lines the way a browser lays out text: collapsible spaces, block boundaries, `<br>`. The
 * current line is kept as pieces with a few flags, never re-read as a whole, so a line built from
 * thousands of fragments costs no more than one built from a single one.
 */
class TextLayout {
  lines: string[] = []
  private pieces: string[] = []
  private endsWithSpace = false
  /** Something other than collapsible spaces: Outlook's empty paragraph `<p>&nbsp;</p>` is a visible blank line. */
  private visible = false
  /** The line holds only a list marker, which the item's first block must not push onto a line of its own. */
  private markerOnly = false

  text(raw: string, preformatted: boolean) {
    if (preformatted) {
      decodeEntities(raw)
        .split(/\r\n?|\n/)
        .forEach((part, index) => {
          if (index > 0) this.lineBreak()
          this.append(part)
        })
      return
    }
    let collapsed = raw.replace(/[ \t\n\r\f]+/g, ' ')
    if (this.pieces.length === 0 || this.endsWithSpace) collapsed = collapsed.replace(/^ /, '')
    this.append(decodeEntities(collapsed))
  }

  private append(piece: string) {
    if (piece === '') return
    this.pieces.push(piece)
    this.endsWithSpace = piece.endsWith(' ')
    this.visible ||= /[^ ]/.test(piece)
    this.markerOnly = false
  }

  /** `<br>`: always a new line, so `<div><br></div>` is an empty one. */
  lineBreak() {
    this.lines.push(this.pieces.join(''))
    this.pieces = []
    this.endsWithSpace = false
    this.visible = false
    this.markerOnly = false
  }

  /** A block starts or ends: a new line unless we are already at the start of one. */
  block() {
    if (this.markerOnly) return
    if (this.visible) this.lineBreak()
    else this.pieces = []
  }

  /** The end of a paragraph with margins: a blank line after it. */
  paragraph() {
    this.block()
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('')
  }

  /** A list item's marker, at the start of its line. */
  marker(marker: string) {
    if (this.markerOnly) this.lineBreak()
    else this.block()
    this.append(marker)
    this.markerOnly = true
  }

  done(): string {
    this.markerOnly = false
    this.block()
    const out: string[] = []
    for (const line of this.lines) {
      const clean = line.replace(/\u00a0/g, ' ').trimEnd()
      if (clean === '' && (out.length === 0 || out[out.length - 1] === '')) continue
      out.push(clean)
    }
    return out.join('\n').trim()
  }
}

/**
 * Plain text from an HTML body, for replies sent without a text part. Scripts, styles and the head are
 * dropped, quoted history (blockquotes, Gmail's quote, everything after Outlook's reply marker) is
 * dropped, and entities are decoded, so the result is text to be rendered as text, never markup.
 * Non-breaking spaces become plain spaces: editors insert them to keep spacing, not to mean anything.
 */
export function htmlToText(html: string): string {
  const out = new TextLayout()
  const lists: { ordered: boolean; count: number }[] = []
  let skipping: { name: string; depth: number } | null = null
  // Word's paragraphs (Outlook desktop) have no margins: it spaces them with empty ones instead.
  let paragraphMargins = true
  let preformatted = 0
  // Text runs from `pos` to the next tag; a `<` that starts no tag is part of it, so the search goes on from `from`.
  let pos = 0
  let from = 0

  while (pos < html.length) {
    const lt = html.indexOf('<', from)
    const token: Token = lt < 0 ? { kind: 'eof' } : readToken(html, lt)
    if (token.kind === 'text') {
      from = lt + 1
      continue
    }
    const textEnd = lt < 0 ? html.length : lt
    if (textEnd > pos && !skipping) out.text(html.slice(pos, textEnd), preformatted > 0)
    if (token.kind === 'eof') break
    pos = from = token.end
    if (token.kind === 'other') continue

    const { name, closing, selfClosing } = token
    if (skipping) {
      if (name === skipping.name && !selfClosing) skipping.depth += closing ? -1 : 1
      if (skipping.depth === 0) {
        skipping = null
        out.block()
      }
      continue
    }

    if (!closing && HIDDEN.has(name)) {
      const end = HIDDEN_END[name]
      if (!end) continue
      end.lastIndex = pos
      const found = end.exec(html)
      // An unclosed <head> is ignored rather than taking the body with it; any other unclosed hidden
      // element hides everything after it, so script text can never leak into an answer.
      if (!found) {
        if (name === 'head') continue
        break
      }
      const close = html.indexOf('>', found.index)
      if (close < 0) break
      pos = from = close + 1
      continue
    }

    if (!closing && name === 'div') {
      const { id, classes } = attributes(token.attrs)
      if (HISTORY_IDS.test(id)) break
      if (classes.some((c) => QUOTE_CLASSES.has(c))) {
        if (!selfClosing) skipping = { name, depth: 1 }
        continue
      }
    }
    if (name === 'p') {
      if (closing) {
        if (paragraphMargins) out.paragraph()
        else out.block()
      } else {
        paragraphMargins = !attributes(token.attrs).classes.includes('MsoNormal')
        out.block()
      }
      continue
    }
    if (!closing && name === 'blockquote') {
      if (!selfClosing) skipping = { name, depth: 1 }
      continue
    }

    switch (name) {
      case 'br':
        out.lineBreak()
        continue
      case 'pre':
        preformatted = Math.max(0, preformatted + (closing ? -1 : selfClosing ? 0 : 1))
        break
      case 'ul':
      case 'ol':
        if (closing) lists.pop()
        else if (!selfClosing) lists.push({ ordered: name === 'ol', count: 0 })
        break
      case 'li': {
        const list = lists[lists.length - 1]
        if (!closing) {
          const indent = '  '.repeat(Math.max(0, lists.length - 1))
          if (list?.ordered) out.marker(`${indent}${++list.count}. `)
          else out.marker(`${indent}- `)
          continue
        }
        break
      }
      case 'td':
      case 'th':
        if (closing) out.text(' ', false)
        continue
    }
    if (BLOCKS.has(name)) out.block()
  }
  return out.done()
}

// ---------------------------------------------------------------------------------------------------------
// Entities

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ensp: ' ', emsp: ' ', thinsp: ' ',
  shy: '', zwnj: '', zwj: '', lrm: '', rlm: '', copy: '©', reg: '®', trade: '™', hellip: '…',
  mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„',
  laquo: '«', raquo: '»', lsaquo: '‹', rsaquo: '›', bull: '•', middot: '·', deg: '°', euro: '€',
  pound: '£', yen: '¥', cent: '¢', sect: '§', para: '¶', times: '×', divide: '÷', plusmn: '±',
  frac12: '½', frac14: '¼', frac34: '¾', iexcl: '¡', iquest: '¿', szlig: 'ß',
}
// Accented letters in both cases: `eacute` é, `Eacute` É, and so on.
for (const [suffix, bases, letters] of [
  ['acute', 'aeiouy', 'áéíóúý'],
  ['grave', 'aeiou', 'àèìòù'],
  ['circ', 'aeiou', 'âêîôû'],
  ['uml', 'aeiouy', 'äëïöüÿ'],
  ['tilde', 'ano', 'ãñõ'],
  ['cedil', 'c', 'ç'],
  ['ring', 'a', 'å'],
  ['slash', 'o', 'ø'],
] as const) {
  for (let i = 0; i < bases.length; i++) {
    const letter = letters.charAt(i)
    NAMED[bases.charAt(i) + suffix] = letter
    NAMED[bases.charAt(i).toUpperCase() + suffix] = letter.toUpperCase()
  }
}
Object.assign(NAMED, { aelig: 'æ', AElig: 'Æ', oelig: 'œ', OElig: 'Œ', eth: 'ð', ETH: 'Ð', thorn: 'þ', THORN: 'Þ' })

const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s
  return s.replace(ENTITY, (match, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED[name] ?? match
    const code = dec !== undefined ? parseInt(dec, 10) : parseInt(hex ?? '', 16)
    const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
    return valid ? String.fromCodePoint(code) : '\ufffd'
  })
}
