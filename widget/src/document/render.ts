import { html } from 'lit'
import type { Block, Doc, Inline } from '../../../schema/api/document'

/*
 * A comment body is a tree, rendered with templates only: every string lands in a text node or an
 * attribute value, so no comment can create an element. Links are checked again here although the worker
 * already refuses other schemes: a javascript: href that slipped through renders as plain text. A node type
 * this copy does not know (a newer worker) falls through both switches: undefined renders nothing. Each
 * paragraph takes its direction from its own first strong letter, so an Arabic paragraph reads right to left
 * and cannot reorder what surrounds it.
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
        ? html`<a href=${n.href} rel="nofollow ugc noopener noreferrer" target="_blank">${n.children.map(inline)}</a>`
        : n.children.map(inline)
  }
}

function block(n: Block): unknown {
  switch (n.type) {
    case 'paragraph':
      return html`<p dir="auto">${n.children.map(inline)}</p>`
    case 'code_block':
      return html`<pre><code>${n.value}</code></pre>`
    case 'blockquote':
      return html`<blockquote>${n.children.map(block)}</blockquote>`
    case 'list': {
      const items = n.children.map((li) => html`<li>${li.children.map(block)}</li>`)
      return n.ordered ? html`<ol>${items}</ol>` : html`<ul>${items}</ul>`
    }
  }
}

/** The body of a comment as Lit templates. */
export const renderDoc = (doc: Doc): unknown => doc.children.map(block)
