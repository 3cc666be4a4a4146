import type { Doc, Inline } from '../../../schema'
import { markdownToDocument } from './markdown'

/*
 * Source text → document tree. Comments are written in a markdown subset (see markdown.ts); this is the
 * one entry point callers use, so the subset can change without them.
 */
export function textToDocument(source: string): Doc {
  return markdownToDocument(source)
}

/** How many links a document carries, wherever they are (site settings cap it). */
export function countLinks(doc: Doc): number {
  let links = 0
  const inline = (nodes: Inline[]) => {
    for (const n of nodes) {
      if (n.type === 'link') links++
      if ('children' in n) inline(n.children)
    }
  }
  const stack = [...doc.children]
  while (stack.length > 0) {
    const b = stack.pop()!
    if (b.type === 'paragraph') inline(b.children)
    else if (b.type === 'blockquote') stack.push(...b.children)
    else if (b.type === 'list') for (const li of b.children) stack.push(...li.children)
  }
  return links
}
