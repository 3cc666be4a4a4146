import { useScriptOrigin } from './api'
import { ATTRIBUTES, BylineComments } from './comments/comments'
import { defineOnce } from './define'

export { BylineComments }

/**
 * The one-tag embed: `<script src=".../widget.js" data-site="demo" async>` puts a `<byline-comments>`
 * right after itself, or fills an empty `<byline-comments>` the author placed. A second copy of the same
 * tag (or of the script) finds the widget already there and adds nothing.
 */
export function mount(script: HTMLScriptElement): Element | undefined {
  const data = script.dataset
  if (!data.site) return
  const all = [...document.querySelectorAll('byline-comments')]
  const next = script.nextElementSibling
  let el = next?.localName === 'byline-comments' ? next : all.find((e) => !e.hasAttribute('site'))
  if (el?.hasAttribute('site')) return
  if (!el) {
    if (all.some((e) => e.getAttribute('site') === data.site && (e.getAttribute('page') ?? '') === (data.page ?? '')))
      return
    el = document.createElement('byline-comments')
    script.after(el)
  }
  for (const name of ATTRIBUTES) {
    const value = data[name]
    if (value && !el.hasAttribute(name)) el.setAttribute(name, value)
  }
  return el
}

defineOnce('byline-comments', BylineComments)
if (document.currentScript instanceof HTMLScriptElement) {
  useScriptOrigin(document.currentScript.src)
  mount(document.currentScript)
}
