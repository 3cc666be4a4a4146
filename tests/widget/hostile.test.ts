import { afterEach, expect, test, vi } from 'vitest'
import { textToDocument } from '../../worker/src/render/document'
import { hostile, isSafeHref } from '../corpus/hostile'
import { cleanUp, conversation, mountWidget, stubApi, thread, visitorComment } from './helpers'

/*
 * The whole hostile corpus, turned into documents by the worker's own renderer and drawn by the widget in
 * Chromium. Whatever a comment says, its body may only hold the elements the document tree maps to, with
 * no handlers and no script-bearing URLs, and nothing may run.
 */

declare global {
  interface Window {
    __pwned?: string[]
  }
}

afterEach(() => {
  cleanUp()
  delete window.__pwned
})

/** What a comment body may contain: the tree's own elements. */
const BODY_TAGS = new Set(['p', 'br', 'em', 'strong', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a'])
const FORBIDDEN = 'script, iframe, img, svg, style, object, embed, base, meta, form, link, math, template, noscript, textarea, input, frame, frameset, video, audio, source'
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'srcdoc', 'poster', 'background']

/** The body of a comment: what the article holds besides its header (author, time) and footer (own actions). */
function bodyElements(article: Element): Element[] {
  return [...article.children]
    .filter((child) => child.tagName !== 'HEADER' && child.tagName !== 'FOOTER')
    .flatMap((child) => [child, ...child.querySelectorAll('*')])
}

test('every hostile body renders as document elements only, and runs nothing', async () => {
  // Anything a payload could call, or an error it could raise, lands here.
  window.__pwned = []
  const trap = (name: string) => (...args: unknown[]) => void window.__pwned!.push(`${name}(${args.join(',')})`)
  for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) vi.stubGlobal(name, vi.fn(trap(name)))
  const onError = (e: ErrorEvent) => window.__pwned!.push(`error: ${e.message}`)
  window.addEventListener('error', onError)

  const comments = hostile.map((entry, i) => visitorComment(`Visitor ${i}`, textToDocument(entry.source), `conv-${i}`))
  stubApi({ get: () => Response.json(thread({ conversations: comments.map((c) => conversation({ comments: [c] })) })) })
  const el = await mountWidget()
  const root = el.shadowRoot!
  // Give anything that would load or fire (image errors, refreshes, autofocus) the time to do it.
  await new Promise((resolve) => setTimeout(resolve, 300))
  window.removeEventListener('error', onError)

  const articles = [...root.querySelectorAll('article[part=comment]')]
  expect(articles).toHaveLength(hostile.length)
  for (const [i, article] of articles.entries()) {
    const name = hostile[i]!.name
    expect([...article.querySelectorAll(FORBIDDEN)].map((e) => e.tagName), name).toEqual([])
    for (const element of article.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        expect(attribute.name, `${name}: <${element.localName} ${attribute.name}>`).not.toMatch(/^on/i)
        if (URL_ATTRIBUTES.includes(attribute.name))
          expect(attribute.value, `${name}: ${attribute.name}`).not.toMatch(/^[\s\u0000-\u001F]*(javascript|data|vbscript):/i)
      }
    }
    const body = bodyElements(article)
    expect(body.length, name).toBeGreaterThanOrEqual(hostile[i]!.source.trim() === '' ? 0 : 1)
    for (const element of body) {
      expect(BODY_TAGS, `${name}: <${element.localName}>`).toContain(element.localName)
      if (element.localName === 'a') expect(isSafeHref(element.getAttribute('href')), name).toBe(true)
    }
  }

  // The markup typed in a comment is there as text, for people to read.
  const scriptEntry = articles[hostile.findIndex((e) => e.name === 'script tag')]!
  expect(scriptEntry.textContent).toContain('<script>alert(1)</script>')
  expect(root.querySelectorAll('script, iframe')).toHaveLength(0)

  // Nothing ran and nothing the comments name was fetched.
  expect(window.__pwned).toEqual([])
  const fetched = performance.getEntriesByType('resource').map((r) => r.name)
  expect(fetched.filter((url) => /(^|\/\/|\.)(xss|evil|x)\.example\b/.test(url))).toEqual([])
}, 60_000)
