import type { Block, Doc, Inline } from '../../../schema'
import { html, safeUrl, type Html } from './html'

/*
 * A comment's document tree as email text and as escaped HTML, and the isolation every name, role and title
 * gets wherever it is placed. Links are shown with their target in words: an email never hides where a link
 * goes. No images, nothing remote.
 */

// Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko and the historic scripts) and the bidi controls.
const BIDI = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u

/**
 * A name, role or title placed in plain text (a subject, a text part, a <title>, an <option>): isolated
 * (FSI … PDI) when it could reorder what surrounds it, so `\u202E` in a name cannot reverse the sentence.
 * Left as it is otherwise: the marks are invisible but some mail clients show them as boxes.
 */
export const isolate = (s: string): string => (BIDI.test(s) ? `\u2068${s}\u2069` : s)

/** The same in HTML: `<bdi>` keeps the text's direction to itself. */
export const bdi = (s: string): Html => html`<bdi>${s}</bdi>`

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

/**
 * Whose links these are. `live`: our staff's, clickable. `text`: a visitor's, shown as words with the full
 * target, never clickable: staff read these signed in to their work accounts, and a label such as
 * `https://bank.example/login` over another target is the phishing link we must not hand them.
 */
export type DocumentLinks = { links: 'live' | 'text' }

/**
 * The document as email and page HTML; a link's target is also written out when its label differs.
 * Without options a link is text: forgetting to say who wrote it never makes a visitor's link live.
 */
export function documentToHtml(doc: Doc, { links }: DocumentLinks = { links: 'text' }): Html {
  return html`${doc.children.map((b) => blockHtml(b, links))}`
}

function blockHtml(block: Block, links: DocumentLinks['links']): Html {
  switch (block.type) {
    case 'paragraph':
      return html`<p style="margin:0 0 12px">${inlineHtml(block.children, links)}</p>`
    case 'code_block':
      return html`<pre style="white-space:pre-wrap;margin:0 0 12px"><code>${block.value}</code></pre>`
    case 'blockquote':
      return html`<blockquote style="margin:0 0 12px;padding-left:12px;border-left:3px solid #ccc">${block.children.map((b) => blockHtml(b, links))}</blockquote>`
    case 'list': {
      const items = block.children.map((i) => html`<li>${i.children.map((b) => blockHtml(b, links))}</li>`)
      return block.ordered ? html`<ol>${items}</ol>` : html`<ul>${items}</ul>`
    }
  }
}

function inlineHtml(nodes: Inline[], links: DocumentLinks['links']): Html[] {
  return nodes.map((n) => {
    switch (n.type) {
      case 'text':
        return html`${n.value}`
      case 'code':
        return html`<code>${n.value}</code>`
      case 'break':
        return html`<br>`
      case 'emphasis':
        return html`<em>${inlineHtml(n.children, links)}</em>`
      case 'strong':
        return html`<strong>${inlineHtml(n.children, links)}</strong>`
      case 'link': {
        // Compared as text, as the reader sees it: an autolink's label is its target.
        const autolink = inlineText(n.children) === n.href
        const label = inlineHtml(n.children, links)
        if (links === 'text') return autolink ? html`${n.href}` : html`${label} (${n.href})`
        return html`<a href="${safeUrl(n.href)}" rel="nofollow noopener">${label}</a>${autolink ? '' : html` (${n.href})`}`
      }
    }
  })
}
