import { useScriptOrigin } from './api'
import { ATTRIBUTES, BylineComments } from './comments/comments'
import { defineOnce } from './define'
import * as shared from './shared'

/** This build's id (scripts/build-widget.mjs defines it; the widget's own tests run the source, which has none). */
declare const __BYLINE_BUILD__: string | undefined

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

// What the parts loaded on first use take from this script, under this build's key (widget/src/shared.ts).
if (typeof __BYLINE_BUILD__ == 'string') Object.assign(globalThis, { [Symbol.for(`byline ${__BYLINE_BUILD__}`)]: shared })
defineOnce('byline-comments', BylineComments)
if (document.currentScript instanceof HTMLScriptElement) {
  useScriptOrigin(document.currentScript.src)
  mount(document.currentScript)
}
