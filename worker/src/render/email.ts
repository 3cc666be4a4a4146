import type { Block, Doc, Inline } from '../../../schema'

/*
 * A comment's document tree as email text and as escaped HTML. Links are shown with their target in
 * words: an email never hides where a link goes. No images, nothing remote.
 */

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}

export function documentToText(doc: Doc): string {
  return doc.children.map((b) => blockText(b, '')).join('\n\n')
}

function blockText(block: Block, indent: string): string {
  switch (block.type) {
    case 'paragraph':
      return indent + inlineText(block.children).replace(/\n/g, '\n' + indent)
    case 'code_block':
      return block.value.replace(/^/gm, indent + '    ')
    case 'blockquote':
      return block.children.map((b) => blockText(b, indent + '> ')).join('\n' + indent + '>\n')
    case 'list':
      return block.children
        .map((item, i) => {
          const marker = block.ordered ? `${i + 1}. ` : '- '
          const body = item.children.map((b) => blockText(b, '')).join('\n')
          return indent + marker + body.replace(/\n/g, '\n' + indent + ' '.repeat(marker.length))
        })
        .join('\n')
  }
}

function inlineText(nodes: Inline[]): string {
  return nodes
    .map((n) => {
      switch (n.type) {
        case 'text':
        case 'code':
          return n.value
        case 'break':
          return '\n'
        case 'emphasis':
        case 'strong':
          return inlineText(n.children)
        case 'link': {
          const label = inlineText(n.children)
          return label === n.href ? n.href : `${label} (${n.href})`
        }
      }
    })
    .join('')
}

export function documentToHtml(doc: Doc): string {
  return doc.children.map(blockHtml).join('')
}

function blockHtml(block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return `<p style="margin:0 0 12px">${inlineHtml(block.children)}</p>`
    case 'code_block':
      return `<pre style="white-space:pre-wrap;margin:0 0 12px"><code>${escapeHtml(block.value)}</code></pre>`
    case 'blockquote':
      return `<blockquote style="margin:0 0 12px;padding-left:12px;border-left:3px solid #ccc">${block.children.map(blockHtml).join('')}</blockquote>`
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul'
      return `<${tag}>${block.children.map((i) => `<li>${i.children.map(blockHtml).join('')}</li>`).join('')}</${tag}>`
    }
  }
}

function inlineHtml(nodes: Inline[]): string {
  return nodes
    .map((n) => {
      switch (n.type) {
        case 'text':
          return escapeHtml(n.value)
        case 'code':
          return `<code>${escapeHtml(n.value)}</code>`
        case 'break':
          return '<br>'
        case 'emphasis':
          return `<em>${inlineHtml(n.children)}</em>`
        case 'strong':
          return `<strong>${inlineHtml(n.children)}</strong>`
        case 'link': {
          const label = inlineHtml(n.children)
          const href = escapeHtml(n.href)
          return `<a href="${href}" rel="nofollow noopener">${label}</a>${label === href ? '' : ` (${href})`}`
        }
      }
    })
    .join('')
}
