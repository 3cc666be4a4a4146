import type { List, Nodes, PhrasingContent, RootContent } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal'
import type { Block, Doc, Inline, ListItem } from '../../../schema'

/*
 * The markdown subset of comment bodies: CommonMark (micromark, through mdast) plus GFM's bare links, mapped
 * node by node onto the document tree. Whatever the tree cannot say comes out as the characters typed: raw
 * HTML, thematic breaks and links to other schemes are text; images are links to their picture; headings
 * are a paragraph in bold. The source itself is never changed: callers store it, we only read it.
 *
 * Bare links come from mdast-util-gfm-autolink-literal's tree transform alone. Its micromark syntax
 * extension (micromark-extension-gfm-autolink-literal 2.1.0) walks back over every token of the paragraph
 * for each letter that could start a link while a `[` is open, so one unclosed `[` makes a 10,000-character
 * comment take seconds; the transform finds the same links in text nodes in linear time.
 *
 * micromark itself is not linear either: some constructs cost in proportion to how often they occur
 * times the length of what precedes them (emphasis delimiters, brackets, `<`, code-span backticks,
 * heading underlines, lazy continuation lines) and container markers nest by recursion (5,000 `>` overflow
 * the stack). So a pre-scan (`prescan`) reads the excess occurrences of those as plain text and stops
 * the parse after a number of lines by which the node budget is spent anyway; the tree built afterwards
 * is capped in depth and size. Nothing is refused: a pathological input renders as text.
 */

/** Block containers (blockquote, list) kept nested; deeper ones become a paragraph of their text. */
export const MAX_BLOCK_DEPTH = 8
/** Emphasis, strong and link kept nested; deeper ones become their text. */
export const MAX_INLINE_DEPTH = 8
/** Document nodes built; beyond, the rest of the comment becomes one text node. */
export const MAX_NODES = 2000

/** What the pre-scan lets the parser see as syntax; the excess is read as text. */
export const SYNTAX_LIMITS = {
  /** `>` and list markers opened on one line, counting two columns of indentation as a level. */
  lineNesting: 12,
  /** Runs of `*` or `_` that may open or close emphasis. */
  delimiterRuns: 400,
  /** Characters of one such run: `***` is bold italic, two dozen is nothing a person means. */
  runLength: 24,
  /** `[` and `]`: links, images, references (a site allows at most 50 links). */
  brackets: 300,
  /** `<` that may start raw HTML or an autolink: each may scan to the end of its paragraph. */
  angles: 50,
  /** Backtick runs that may open a code span. */
  backtickRuns: 400,
  /** Lines of only `=` or `-` that may underline a heading. */
  underlines: 100,
  /** Lines after a blockquote or list marker that might continue its paragraph lazily, until all are closed. */
  lazyLines: 300,
  /** Lines with content that are parsed at all: by then the node budget is spent (each makes at least two). */
  contentLines: 700,
  /** Lines, blank or not, that are parsed at all. */
  lines: 2000,
} as const

/** The longest href the schema accepts. */
const MAX_HREF = 2048
const SCHEMES = new Set(['http:', 'https:', 'mailto:'])
// Besides tab and newline (which the URL parser would silently drop), no control character may be in a link.
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/

/**
 * A link target the tree may carry: http, https or mailto as the URL parser reads it, normalised to its
 * `href`; anything else (relative, protocol-relative, other schemes, look-alikes, control characters,
 * user:password@ prefixes) is null.
 */
export function safeHref(raw: string): string | null {
  const value = raw.trim()
  if (value === '' || CONTROL.test(value)) return null
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return null
  }
  if (!SCHEMES.has(url.protocol)) return null
  // `https://bank.example@evil.example` reads as the bank but goes elsewhere: no credentials in links.
  if (url.username || url.password) return null
  return url.href.length <= MAX_HREF ? url.href : null
}

/** The document tree of a comment written in the markdown subset. */
export function markdownToDocument(source: string): Doc {
  const { parse, tail } = prescan(source)
  let tree
  try {
    tree = fromMarkdown(parse, { mdastExtensions: [gfmAutolinkLiteralFromMarkdown()] })
  } catch {
    // The pre-scan is meant to make this unreachable; if some input still breaks the parser, the comment
    // is shown as plain text rather than refused.
    return plainDocument(source)
  }
  const ctx: Ctx = { source, definitions: definitionsOf(tree), left: MAX_NODES, rest: null }
  const children: Block[] = []
  for (const node of tree.children) block(ctx, node, 0, children)
  if (tail !== '') spill(ctx, { type: 'text', value: tail }, true)
  const rest = ctx.rest?.join('').trim()
  if (rest) children.push({ type: 'paragraph', children: [{ type: 'text', value: rest }] })
  const tidy = tidyBlocks(children)
  // Only definitions, or a link with nothing to show: rather than an empty comment, what was typed.
  return tidy.length === 0 && source.trim() !== '' ? plainDocument(source) : { type: 'doc', children: tidy }
}

/* ------------------------------------------------------------------------------------------------------
 * Pre-scan. Characters beyond a limit are swapped for placeholders of the same length (so source offsets
 * stay valid), which micromark reads as ordinary text; every string taken from the tree is restored.
 * The placeholders are C0 control characters: `clean` first replaces any the input carries (comment
 * bodies refuse them upstream; other callers may not), so a placeholder always means what we put there.
 */

const DEFUSABLE = '*_[]<`>-+.)='
const HIDE = new Map([...DEFUSABLE].map((ch, i) => [ch, String.fromCharCode(i < 8 ? i + 1 : i + 6)]))
const SHOW = new Map([...HIDE].map(([ch, placeholder]) => [placeholder, ch]))
const PLACEHOLDER = /[\u0001-\u0008\u000E-\u0011]/
const PLACEHOLDERS = new RegExp(PLACEHOLDER.source, 'g')

const hide = (ch: string) => HIDE.get(ch) ?? ch
const restore = (s: string) => (PLACEHOLDER.test(s) ? s.replace(PLACEHOLDERS, (p) => SHOW.get(p) ?? p) : s)
const clean = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, '\uFFFD')

type Seen = { delimiterRuns: number; brackets: number; angles: number; backtickRuns: number; underlines: number }

/** Container markers seen since every container was last certainly closed, and what followed them. */
type Context = { markers: number[]; lines: number; flat: boolean }

/**
 * What micromark parses: the first `SYNTAX_LIMITS.lines` lines that have content, with every occurrence of
 * syntax beyond the other limits neutralised; and the tail after those lines, which stays text.
 */
export function prescan(source: string): { parse: string; tail: string } {
  const cleaned = clean(source)
  const c = cleaned.split('')
  const seen: Seen = { delimiterRuns: 0, brackets: 0, angles: 0, backtickRuns: 0, underlines: 0 }
  let context: Context = { markers: [], lines: 0, flat: false }
  let afterBlank = true
  let lines = 0
  let contentLines = 0
  let start = 0
  for (;;) {
    let end = start
    while (end < c.length && c[end] !== '\n' && c[end] !== '\r') end++
    let first = start
    while (first < end && isSpace(c[first])) first++
    const blank = first === end
    if (++lines > SYNTAX_LIMITS.lines || (!blank && ++contentLines > SYNTAX_LIMITS.contentLines)) {
      return { parse: c.slice(0, start).join(''), tail: cleaned.slice(start) }
    }
    if (!blank) {
      underline(c, first, end, seen)
      const markers: number[] = []
      const body = containers(c, start, end, markers)
      if (body > first) underline(c, body, end, seen)
      if (markers.length > 0) {
        if (context.flat) for (const m of markers) c[m] = hide(c[m]!)
        else context.markers.push(...markers)
      } else if (afterBlank && first === start) {
        // After a blank line, a line at the margin that opens nothing has closed every blockquote and list.
        context = { markers: [], lines: 0, flat: false }
      } else if (context.markers.length > 0 && !context.flat && ++context.lines > SYNTAX_LIMITS.lazyLines) {
        // Perhaps a lazy continuation line: each one rescans its paragraph. Past the limit, the blockquotes and
        // lists that could hold them are read as text, so there are no lazy lines left.
        for (const m of context.markers) c[m] = hide(c[m]!)
        context = { markers: [], lines: 0, flat: true }
      }
      if (!thematicBreak(c, body, end)) inline(c, body, end, seen)
    }
    afterBlank = blank
    if (end >= c.length) return { parse: c.join(''), tail: '' }
    start = end + (c[end] === '\r' && c[end + 1] === '\n' ? 2 : 1)
  }
}

const isSpace = (ch: string | undefined) => ch === ' ' || ch === '\t'
const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch)

/**
 * Skips the line's blockquote and list markers, noting where each is in `markers`; the one that would nest
 * too deep is text, and so is the rest of the line.
 */
function containers(c: string[], i: number, end: number, markers: number[]): number {
  let extra = 0
  for (;;) {
    let columns = 0
    while (i < end && isSpace(c[i])) columns += c[i++] === '\t' ? 4 - (columns % 4) : 1
    // Leading indentation all counts towards nesting; after a marker, its one separating space does not.
    extra += markers.length === 0 ? columns : Math.max(0, columns - 1)
    const last = markerAt(c, i, end)
    if (last < 0) return i
    if (markers.length + 1 + (extra >> 1) > SYNTAX_LIMITS.lineNesting) {
      c[last] = hide(c[last]!)
      return i
    }
    markers.push(last)
    i = last + 1
  }
}

/** The index of the last character of a container marker at `i` (`>`, `-`, `+`, `*`, `1.`, `1)`), or -1. */
function markerAt(c: string[], i: number, end: number): number {
  const ch = c[i]
  if (ch === '>') return i
  const separated = (k: number) => k >= end || isSpace(c[k])
  if ((ch === '-' || ch === '+' || ch === '*') && separated(i + 1)) {
    if (ch === '+') return i
    // Three or more of `-` or `*` and nothing else is a thematic break, not a list.
    let k = i
    let count = 0
    for (; k < end && (c[k] === ch || isSpace(c[k])); k++) if (c[k] === ch) count++
    return k === end && count >= 3 ? -1 : i
  }
  let k = i
  while (k < end && k - i < 9 && c[k]! >= '0' && c[k]! <= '9') k++
  return k > i && (c[k] === '.' || c[k] === ')') && separated(k + 1) ? k : -1
}

/** Three or more of one of `*`, `-`, `_` and nothing else: a block of its own, with no inline syntax to scan. */
function thematicBreak(c: string[], i: number, end: number): boolean {
  const ch = c[i]
  if (ch !== '*' && ch !== '-' && ch !== '_') return false
  let count = 0
  for (let k = i; k < end; k++) {
    if (c[k] === ch) count++
    else if (!isSpace(c[k])) return false
  }
  return count >= 3
}

/** A line of only `=` or only `-` may turn the paragraph above into a heading: each one rescans the document so far. */
function underline(c: string[], i: number, end: number, seen: Seen) {
  const ch = c[i]
  if (ch !== '=' && ch !== '-') return
  let k = i
  while (k < end && c[k] === ch) k++
  while (k < end && isSpace(c[k])) k++
  if (k === end && ++seen.underlines > SYNTAX_LIMITS.underlines) c[i] = hide(ch)
}

function inline(c: string[], from: number, end: number, seen: Seen) {
  let k = from
  while (k < end) {
    const ch = c[k]!
    if (ch === '\\') {
      // An escaped character is never syntax (and inside code, where `\` is literal, it is not an opener either).
      k += 2
    } else if (ch === '*' || ch === '_') {
      let r = k
      while (r < end && c[r] === ch) r++
      // `_` between letters or digits can neither open nor close emphasis.
      if (!(ch === '_' && isWordChar(c[k - 1]) && isWordChar(c[r]))) {
        const keep = ++seen.delimiterRuns > SYNTAX_LIMITS.delimiterRuns ? 0 : SYNTAX_LIMITS.runLength
        for (let j = k + keep; j < r; j++) c[j] = hide(ch)
      }
      k = r
    } else if (ch === '`') {
      let r = k
      while (r < end && c[r] === '`') r++
      // A fence (three or more at the start of the line, no backtick after) is a block, not a code span.
      const fence = k === from && r - k >= 3 && !c.slice(r, end).includes('`')
      if (!fence && ++seen.backtickRuns > SYNTAX_LIMITS.backtickRuns) for (let j = k; j < r; j++) c[j] = hide('`')
      k = r
    } else if (ch === '[' || ch === ']') {
      if (++seen.brackets > SYNTAX_LIMITS.brackets) c[k] = hide(ch)
      k++
    } else if (ch === '<') {
      // `< b` or `<3` cannot start HTML or an autolink; `<a`, `</`, `<!`, `<?` can.
      if (/[A-Za-z/!?]/.test(c[k + 1] ?? '') && ++seen.angles > SYNTAX_LIMITS.angles) c[k] = hide(ch)
      k++
    } else {
      k++
    }
  }
}

/* ------------------------------------------------------------------------------------------------------
 * mdast → document tree.
 */

type Ctx = {
  source: string
  /** Link reference definitions, first one wins (CommonMark). */
  definitions: Map<string, string>
  /** Nodes still allowed. */
  left: number
  /** Once the budget is spent: the text of everything not yet converted. */
  rest: string[] | null
}

function definitionsOf(tree: Nodes): Map<string, string> {
  const found = new Map<string, string>()
  const stack: Nodes[] = [tree]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node.type === 'definition') {
      if (!found.has(node.identifier)) found.set(node.identifier, node.url)
    } else if ('children' in node && BLOCK_PARENTS.has(node.type)) {
      // Reversed, so that they come off the stack in document order.
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!)
    }
  }
  return found
}

const BLOCK_PARENTS = new Set<string>(['root', 'blockquote', 'list', 'listItem'])

/** Spends one node of the budget; once it is spent, everything after is collected as text. */
function take(ctx: Ctx): boolean {
  if (ctx.rest === null && ctx.left > 0) {
    ctx.left--
    return true
  }
  ctx.rest ??= []
  return false
}

const BLOCK_TYPES = new Set<string>(['paragraph', 'code_block', 'blockquote', 'list', 'list_item'])

/** Adds `node` to `out` if the budget allows; otherwise `from` goes to the rest as text. */
function add<T extends Block | Inline | ListItem>(ctx: Ctx, out: T[], node: T, from: Nodes): boolean {
  if (take(ctx)) {
    out.push(node)
    return true
  }
  spill(ctx, from, BLOCK_TYPES.has(node.type))
  return false
}

type Paragraph = Extract<Block, { type: 'paragraph' }>
type Span = Extract<Inline, { type: 'emphasis' | 'strong' }>
type Link = Extract<Inline, { type: 'link' }>
const paragraph = (children: Inline[] = []): Paragraph => ({ type: 'paragraph', children })

function spill(ctx: Ctx, node: Nodes, isBlock: boolean, prefix = '') {
  ctx.rest ??= []
  if (isBlock && ctx.rest.length > 0) ctx.rest.push('\n')
  ctx.rest.push(prefix + plain(ctx, node))
}

function block(ctx: Ctx, node: RootContent, depth: number, out: Block[]) {
  if (ctx.rest) return spill(ctx, node, true)
  switch (node.type) {
    case 'paragraph': {
      const p = paragraph()
      if (add(ctx, out, p, node)) inlines(ctx, node.children, 0, false, p.children)
      return
    }
    case 'heading': {
      const strong: Span = { type: 'strong', children: [] }
      const p = paragraph()
      if (add(ctx, out, p, node) && add(ctx, p.children, strong, node))
        inlines(ctx, node.children, 1, false, strong.children)
      return
    }
    case 'code':
      add(ctx, out, { type: 'code_block', value: restore(node.value) }, node)
      return
    case 'blockquote': {
      if (depth >= MAX_BLOCK_DEPTH) return flatten(ctx, node, out)
      const quote: Block & { type: 'blockquote' } = { type: 'blockquote', children: [] }
      if (add(ctx, out, quote, node)) for (const child of node.children) block(ctx, child, depth + 1, quote.children)
      return
    }
    case 'list': {
      if (depth >= MAX_BLOCK_DEPTH) return flatten(ctx, node, out)
      if (node.ordered && node.start != null && node.start !== 1) return numbered(ctx, node, depth, out)
      const list: Block & { type: 'list' } = { type: 'list', ordered: node.ordered === true, children: [] }
      if (!add(ctx, out, list, node)) return
      for (const item of node.children) {
        const li: ListItem = { type: 'list_item', children: [] }
        if (add(ctx, list.children, li, item)) for (const child of item.children) block(ctx, child, depth + 1, li.children)
      }
      return
    }
    case 'definition':
      return
    case 'html':
    case 'thematicBreak':
    default:
      // Raw HTML, a thematic break, anything else: the characters as typed.
      return flatten(ctx, node, out)
  }
}

/** The tree has no list start, and "3. Also…" must not read "1. Also…": such a list keeps its numbers as text. */
function numbered(ctx: Ctx, list: List, depth: number, out: Block[]) {
  list.children.forEach((item, i) => {
    const at = item.position?.start.offset
    const typed = at === undefined ? undefined : /^\s*(\d{1,9}[.)])/.exec(ctx.source.slice(at, at + 16))?.[1]
    const marker = `${typed ?? `${(list.start ?? 1) + i}.`} `
    // Room for the marker and, if the item does not start with a paragraph, one to hold it.
    if (ctx.rest || ctx.left < 2) return spill(ctx, item, true, marker)
    ctx.left -= 2
    const blocks: Block[] = []
    for (const child of item.children) block(ctx, child, depth + 1, blocks)
    const first = blocks[0]
    if (first?.type === 'paragraph') {
      first.children.unshift({ type: 'text', value: marker })
      ctx.left++
    } else {
      out.push(paragraph([{ type: 'text', value: marker.trim() }]))
    }
    out.push(...blocks)
  })
}

/** A block that cannot be kept (too deep, or not in the tree's vocabulary) as a paragraph of its text. */
function flatten(ctx: Ctx, node: Nodes, out: Block[]) {
  const value = plain(ctx, node).trim()
  if (value === '') return
  const p = paragraph()
  if (add(ctx, out, p, node)) text(ctx, value, p.children)
}

function inlines(ctx: Ctx, nodes: PhrasingContent[], depth: number, inLink: boolean, out: Inline[]) {
  for (const node of nodes) inlineNode(ctx, node, depth, inLink, out)
}

function inlineNode(ctx: Ctx, node: PhrasingContent, depth: number, inLink: boolean, out: Inline[]) {
  if (ctx.rest) return spill(ctx, node, false)
  switch (node.type) {
    case 'text':
    case 'html':
      return text(ctx, restore(node.value), out)
    case 'break':
      add(ctx, out, { type: 'break' }, node)
      return
    case 'inlineCode':
      add(ctx, out, { type: 'code', value: restore(node.value) }, node)
      return
    case 'emphasis':
    case 'strong': {
      if (depth >= MAX_INLINE_DEPTH) return text(ctx, plain(ctx, node), out)
      const span: Span = { type: node.type, children: [] }
      if (add(ctx, out, span, node)) inlines(ctx, node.children, depth + 1, inLink, span.children)
      return
    }
    case 'link':
      return link(ctx, node.url, node, depth, inLink, out)
    case 'linkReference':
      return link(ctx, ctx.definitions.get(node.identifier), node, depth, inLink, out)
    case 'image':
      return image(ctx, node.url, node.alt, node, depth, inLink, out)
    case 'imageReference':
      return image(ctx, ctx.definitions.get(node.identifier), node.alt, node, depth, inLink, out)
    default:
      return text(ctx, plain(ctx, node), out)
  }
}

type LinkLike = Extract<PhrasingContent, { type: 'link' | 'linkReference' }>

/** A link whose target is allowed, not inside another link and not too deep; otherwise its label. */
function link(ctx: Ctx, url: string | undefined, node: LinkLike, depth: number, inLink: boolean, out: Inline[]) {
  const href = url === undefined || inLink || depth >= MAX_INLINE_DEPTH ? null : safeHref(restore(url))
  if (!href) return inlines(ctx, node.children, depth, inLink, out)
  const a: Link = { type: 'link', href, children: [] }
  if (!add(ctx, out, a, node)) return
  inlines(ctx, node.children, depth + 1, true, a.children)
  // A link nobody can see is a trap: an empty label shows where it goes.
  if (inlineText(a.children).trim() === '') {
    a.children = []
    if (!add(ctx, a.children, { type: 'text', value: href }, node)) out.pop()
  }
}

/** Never an image: a link to the picture labelled with its alt text, or just the alt text. */
function image(
  ctx: Ctx,
  url: string | undefined,
  alt: string | null | undefined,
  node: Nodes,
  depth: number,
  inLink: boolean,
  out: Inline[],
) {
  const label = restore(alt ?? '')
  const href = url === undefined || inLink || depth >= MAX_INLINE_DEPTH ? null : safeHref(restore(url))
  if (!href) return text(ctx, label, out)
  const a: Link = { type: 'link', href, children: [] }
  if (add(ctx, out, a, node)) text(ctx, label.trim() === '' ? href : label, a.children)
}

/** Text, with each line ending (a soft line break) as a `break`: comments are written like messages. */
function text(ctx: Ctx, value: string, out: Inline[]) {
  const lines = value.split(/\r\n?|\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (i > 0) {
      if (!take(ctx)) return void ctx.rest!.push('\n' + lines.slice(i).join('\n'))
      out.push({ type: 'break' })
    }
    if (line !== '') {
      if (!take(ctx)) return void ctx.rest!.push(lines.slice(i).join('\n'))
      out.push({ type: 'text', value: line })
    }
  }
}

/** The characters a subtree shows, blocks on their own lines. Iterative: the subtree may be thousands deep. */
function plain(ctx: Ctx, root: Nodes): string {
  const parts: string[] = []
  const stack: (Nodes | string)[] = [root]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (typeof node === 'string') {
      parts.push(node)
      continue
    }
    switch (node.type) {
      case 'text':
      case 'inlineCode':
      case 'code':
      case 'html':
        parts.push(node.value)
        break
      case 'break':
        parts.push('\n')
        break
      case 'image':
      case 'imageReference':
        parts.push(node.alt ?? '')
        break
      case 'thematicBreak': {
        const { start, end } = node.position ?? {}
        parts.push(start && end ? ctx.source.slice(start.offset, end.offset).trim() : '---')
        break
      }
      case 'definition':
        break
      default:
        if ('children' in node) {
          const separate = BLOCK_PARENTS.has(node.type)
          for (let i = node.children.length - 1; i >= 0; i--) {
            stack.push(node.children[i]!)
            if (separate && i > 0) stack.push('\n')
          }
        }
    }
  }
  return restore(parts.join(''))
}

function inlineText(nodes: Inline[]): string {
  return nodes.map((n) => ('value' in n ? n.value : 'children' in n ? inlineText(n.children) : '\n')).join('')
}

/* ------------------------------------------------------------------------------------------------------
 * Tidying: adjacent text merged; empty text, spans and paragraphs gone. Depth is capped, so recursion is safe.
 */

function tidyBlocks(blocks: Block[]): Block[] {
  const out: Block[] = []
  for (const b of blocks) {
    switch (b.type) {
      case 'paragraph': {
        const children = tidyInlines(b.children)
        if (children.length > 0) out.push({ type: 'paragraph', children })
        break
      }
      case 'blockquote':
        out.push({ type: 'blockquote', children: tidyBlocks(b.children) })
        break
      case 'list':
        out.push({
          type: 'list',
          ordered: b.ordered,
          children: b.children.map((li) => ({ type: 'list_item', children: tidyBlocks(li.children) })),
        })
        break
      case 'code_block':
        out.push(b)
    }
  }
  return out
}

function tidyInlines(nodes: Inline[]): Inline[] {
  const out: Inline[] = []
  for (const n of nodes) {
    if (n.type === 'text') {
      if (n.value === '') continue
      const last = out[out.length - 1]
      if (last?.type === 'text') out[out.length - 1] = { type: 'text', value: last.value + n.value }
      else out.push(n)
    } else if (n.type === 'emphasis' || n.type === 'strong') {
      // An empty heading (`#`) would otherwise leave an empty <strong>.
      const children = tidyInlines(n.children)
      if (children.length > 0) out.push({ type: n.type, children })
    } else if (n.type === 'link') {
      out.push({ ...n, children: tidyInlines(n.children) })
    } else {
      out.push(n)
    }
  }
  return out
}

/** Plain text as paragraphs and line breaks: only for a parser failure. Still capped. */
function plainDocument(source: string): Doc {
  const ctx: Ctx = { source, definitions: new Map(), left: MAX_NODES, rest: null }
  const children: Block[] = []
  for (const para of clean(source).split(/(?:\r\n?|\n)[\t ]*(?:\r\n?|\n)/)) {
    if (para.trim() === '') continue
    const p = paragraph()
    if (add(ctx, children, p, { type: 'text', value: para.trim() })) text(ctx, para.trim(), p.children)
  }
  if (ctx.rest) children.push({ type: 'paragraph', children: [{ type: 'text', value: ctx.rest.join('').trim() }] })
  return { type: 'doc', children: tidyBlocks(children) }
}
