import type { Block, Doc, Inline, ListItem } from '../../../schema/api/document'

/*
 * What a thread shows and never changes (a comment's body above all, its byline, a conversation's lines) is built
 * straight into DOM: createElement, setAttribute and text nodes (`append` makes a string a text node), so no string
 * is ever parsed as markup and no comment can create an element. By hand rather than with Lit templates: with a
 * template for every paragraph, link and run of words, 200 comments left 12,000 nodes (parts' markers) for 2,500
 * elements and took 2.5 times as long as the same DOM built by hand (scripts/bench-render.mjs). Links are checked again here
 * although the worker already refuses other schemes: a javascript: href that slipped through renders as plain text.
 * A node type this copy does not know (a newer worker) renders nothing. Each paragraph takes its direction from its
 * own first strong letter, so an Arabic paragraph reads right to left and cannot reorder what surrounds it.
 */

/** What `h` takes as children: nested lists are flattened, and false, '' and the like leave nothing. */
export type Child = Node | string | false | null | undefined | Child[]

/** An element with attributes and children. */
export const h = (tag: string, attributes: Record<string, string | number>, ...children: Child[]) => {
  const e = document.createElement(tag)
  for (const k in attributes) e.setAttribute(k, attributes[k] as string)
  add(e, children)
  return e
}

/** Children into `e` in order, nested lists opened, false and '' left out: no flattened, filtered copy (~20% of h). */
const add = (e: Element, children: Child[]): void => {
  for (const c of children) Array.isArray(c) ? add(e, c) : c && e.append(c)
}

const made = new WeakMap<object, never>()

/**
 * What `make` builds for `key` (a comment, a body, a conversation: each a different object), built once: the thread
 * renders again at every keystroke, and the same nodes are then the same values to Lit, which leaves them where they
 * are, or moves them back into what it rebuilt around them.
 */
export const once = <T>(key: object, make: () => T): T => made.get(key) ?? (made.set(key, make() as never), made.get(key)!)

const SAFE_HREF = /^(https?:|mailto:)/i

const TAGS: Record<string, string> = {
  paragraph: 'p',
  blockquote: 'blockquote',
  list: 'ul',
  list_item: 'li',
  code_block: 'pre',
  link: 'a',
  emphasis: 'em',
  strong: 'strong',
  code: 'code',
  break: 'br',
}

/**
 * `n` built straight into `parent`, children into their element as they come: no array per node, no copy to
 * flatten (a comment's body was a fifth of the widget's render). An unsafe link leaves its words in `parent`.
 */
function into(parent: ParentNode, n: Block | ListItem | Inline): void {
  if (n.type == 'text') return void (n.value && parent.append(n.value))
  const link = n.type == 'link'
  if (link && !SAFE_HREF.test(n.href)) return kids(parent, n.children)
  const tag = n.type == 'list' && n.ordered ? 'ol' : TAGS[n.type]
  if (!tag) return
  const e = h(tag, n.type == 'paragraph' ? { dir: 'auto' } : link ? { href: n.href, rel: 'nofollow ugc noopener noreferrer', target: '_blank' } : {})
  parent.append(e)
  if (n.type == 'code_block') e.append(h('code', {}, n.value))
  else if ('children' in n) kids(e, n.children)
  else (n as { value?: string }).value && e.append((n as { value: string }).value)
}

/** Nodes into `parent`: a body's blocks into a comment this browser did not write, built once with its article. */
export const kids = (parent: ParentNode, children: (Block | ListItem | Inline)[]) => {
  for (const c of children) into(parent, c)
}

/** The body of a comment as DOM nodes, the same ones at every render (Lit moves them back where it rebuilt). */
export const renderDoc = (doc: Doc) =>
  once(doc, () => {
    const f = document.createDocumentFragment()
    kids(f, doc.children)
    return [...f.childNodes]
  })
