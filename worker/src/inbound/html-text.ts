/*
 * HTML to text, for replies sent without a text part. The converter moves forward through the markup
 * without going back, so a long quoted history or hostile markup cannot make it slow.
 */
import { decodeHTML } from 'entities/decode'

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

/**
 * The reply ends where these begin: Outlook (web, desktop, new, mobile) puts the quoted message after
 * them, old Hotmail after `<hr id="stopSpelling">`, Zimbra after `<hr id="zwchr">`.
 */
const HISTORY_IDS = /^(?:x_)?(?:appendonsend|divRplyFwdMsg|mail-editor-reference-message-container|stopSpelling|zwchr)$/
/**
 * Containers of quoted history (Gmail, Yahoo, Proton, Zoho, a Thunderbird forward) or of its attribution
 * line (Thunderbird).
 */
const QUOTE_CLASSES = new Set([
  'gmail_quote', 'gmail_quote_container', 'yahoo_quoted', 'protonmail_quote', 'zmail_extra', 'moz-cite-prefix',
  'moz-forward-container',
])

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
      decodeHTML(raw)
        .split(/\r\n?|\n/)
        .forEach((part, index) => {
          if (index > 0) this.lineBreak()
          this.append(part)
        })
      return
    }
    let collapsed = raw.replace(/[ \t\n\r\f]+/g, ' ')
    if (this.pieces.length === 0 || this.endsWithSpace) collapsed = collapsed.replace(/^ /, '')
    this.append(decodeHTML(collapsed))
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
 * dropped, and every HTML entity is decoded (all 2,231 names, as a browser reads them), so the result is
 * text to be rendered as text, never markup.
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

    if (!closing && (name === 'div' || name === 'hr')) {
      const { id, classes } = attributes(token.attrs)
      if (HISTORY_IDS.test(id)) break
      if (name === 'div' && classes.some((c) => QUOTE_CLASSES.has(c))) {
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

