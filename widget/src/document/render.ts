import { html, nothing } from 'lit'
import type { Block, Doc, Inline } from '../../../schema/api/document'

/*
 * A comment body is a tree, rendered with templates only: every string lands in a text node or an
 * attribute value, so no comment can create an element. Links are checked again here although the worker
 * already refuses other schemes: a javascript: href that slipped through renders as plain text.
 */

const SAFE_HREF = /^(https?:|mailto:)/i

function inline(n: Inline): unknown {
  switch (n.type) {
    case 'text':
      return n.value
    case 'break':
      return html`<br />`
    case 'emphasis':
      return html`<em>${n.children.map(inline)}</em>`
    case 'strong':
      return html`<strong>${n.children.map(inline)}</strong>`
    case 'code':
      return html`<code>${n.value}</code>`
    case 'link':
      return SAFE_HREF.test(n.href)
        ? html`<a href=${n.href} rel="nofollow ugc noopener" target="_blank">${n.children.map(inline)}</a>`
        : n.children.map(inline)
    default:
      return nothing
  }
}

function block(n: Block): unknown {
  switch (n.type) {
    case 'paragraph':
      return html`<p>${n.children.map(inline)}</p>`
    case 'code_block':
      return html`<pre><code>${n.value}</code></pre>`
    case 'blockquote':
      return html`<blockquote>${n.children.map(block)}</blockquote>`
    case 'list': {
      const items = n.children.map((li) => html`<li>${li.children.map(block)}</li>`)
      return n.ordered ? html`<ol>${items}</ol>` : html`<ul>${items}</ul>`
    }
    default:
      return nothing
  }
}

/** The body of a comment as Lit templates. */
export const renderDoc = (doc: Doc): unknown => doc.children.map(block)
