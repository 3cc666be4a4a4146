import type { Block, Doc, Inline } from '../../../schema'

/*
 * Source text → document tree. For now a comment is plain text: blank lines separate paragraphs and a
 * single newline is a line break. The markdown subset replaces this function, not its callers.
 */
export function textToDocument(source: string): Doc {
  const paragraphs = source
    .split(/\n[\t ]*\n/)
    .map((p) => p.replace(/^\n+|\n+$/g, ''))
    .filter((p) => p.trim() !== '')
  return { type: 'doc', children: paragraphs.map(toParagraph) }
}

function toParagraph(text: string): Block {
  const children: Inline[] = []
  text.split('\n').forEach((line, i) => {
    if (i > 0) children.push({ type: 'break' })
    if (line !== '') children.push({ type: 'text', value: line })
  })
  return { type: 'paragraph', children }
}
