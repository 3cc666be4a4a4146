import type { Block, Doc, Inline } from '../../../schema'
import { html, safeUrl, type Html } from './html'

/*
 * A comment's document tree as email text and as escaped HTML. Links are shown with their target in
 * words: an email never hides where a link goes. No images, nothing remote.
 */

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

/** The document as email and page HTML; a link's target is also written out when its label differs. */
export function documentToHtml(doc: Doc): Html {
  return html`${doc.children.map(blockHtml)}`
}

function blockHtml(block: Block): Html {
  switch (block.type) {
    case 'paragraph':
      return html`<p style="margin:0 0 12px">${inlineHtml(block.children)}</p>`
    case 'code_block':
      return html`<pre style="white-space:pre-wrap;margin:0 0 12px"><code>${block.value}</code></pre>`
    case 'blockquote':
      return html`<blockquote style="margin:0 0 12px;padding-left:12px;border-left:3px solid #ccc">${block.children.map(blockHtml)}</blockquote>`
    case 'list': {
      const items = block.children.map((i) => html`<li>${i.children.map(blockHtml)}</li>`)
      return block.ordered ? html`<ol>${items}</ol>` : html`<ul>${items}</ul>`
    }
  }
}

function inlineHtml(nodes: Inline[]): Html[] {
  return nodes.map((n) => {
    switch (n.type) {
      case 'text':
        return html`${n.value}`
      case 'code':
        return html`<code>${n.value}</code>`
      case 'break':
        return html`<br>`
      case 'emphasis':
        return html`<em>${inlineHtml(n.children)}</em>`
      case 'strong':
        return html`<strong>${inlineHtml(n.children)}</strong>`
      case 'link': {
        // Compared as text, as the reader sees it: an autolink's label is its target.
        const shown = inlineText(n.children) === n.href ? '' : html` (${n.href})`
        return html`<a href="${safeUrl(n.href)}" rel="nofollow noopener">${inlineHtml(n.children)}</a>${shown}`
      }
    }
  })
}
