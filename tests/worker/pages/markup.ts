import { hostile } from '../../corpus/hostile'

/*
 * What a browser or mail client would build from our HTML, read with a real HTML parser (workerd's
 * HTMLRewriter, lol-html), to prove that hostile text stays text.
 */

export type Element = { tag: string; attributes: [name: string, value: string][] }

/** Every element with its attributes, as the parser sees them. */
export async function elementsOf(html: string): Promise<Element[]> {
  const found: Element[] = []
  await new HTMLRewriter()
    .on('*', { element: (el) => void found.push({ tag: el.tagName, attributes: [...el.attributes] as [string, string][] }) })
    .transform(new Response(html))
    .text()
  return found
}

/** The markup's shape without its values: which elements, in order, with which attributes. */
export const skeleton = (elements: Element[]) => elements.map((e) => `${e.tag}[${e.attributes.map(([name]) => name).join(' ')}]`)

/** How a string must appear in the HTML: the five characters that matter escaped, nothing else changed. */
export const escaped = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!)

const ACTIVE_ELEMENTS = new Set(['script', 'iframe', 'frame', 'object', 'embed', 'base', 'link', 'svg', 'math', 'template', 'noscript'])
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'srcdoc'])

/** What would run or load something the template did not write: script, event handlers, other schemes. */
export function dangers(elements: Element[]): string[] {
  const found: string[] = []
  for (const { tag, attributes } of elements) {
    if (ACTIVE_ELEMENTS.has(tag)) found.push(`<${tag}>`)
    for (const [name, value] of attributes) {
      if (/^on/i.test(name)) found.push(`${tag}[${name}]`)
      if (URL_ATTRIBUTES.has(name) && !/^(https?:\/\/|mailto:|\/(?![/\\])|#$)/i.test(value)) found.push(`${tag}[${name}=${value}]`)
    }
  }
  return found
}

/**
 * Names, titles, URLs and bodies an attacker controls: the comment corpus, plus strings aimed at the places
 * a page puts text (attributes, <textarea>, <title>, <option>).
 */
export const hostileStrings: { name: string; value: string }[] = [
  { name: 'script', value: '<script>alert(1)</script>' },
  { name: 'attribute breakout to img', value: '"><img src=x onerror=alert(1)>' },
  { name: 'single-quote attribute breakout', value: `'><svg onload=alert(1)>` },
  { name: 'javascript URL', value: 'javascript:alert(1)' },
  { name: 'javascript URL with leading space and tab', value: ' java\tscript:alert(1)' },
  { name: 'protocol-relative URL', value: '//evil.example/x' },
  { name: 'textarea breakout', value: '</textarea><script>alert(1)</script>' },
  { name: 'title breakout', value: '</title><script>alert(1)</script>' },
  { name: 'option breakout', value: '</option></select><img src=x onerror=alert(1)>' },
  { name: 'style breakout', value: '</style><script>alert(1)</script>' },
  { name: 'already escaped', value: '&lt;script&gt;alert(1)&lt;/script&gt; &amp;' },
  { name: 'comment opener', value: '<!-- <img src=x onerror=alert(1)> -->' },
  ...hostile.map((h) => ({ name: `corpus: ${h.name}`, value: h.source })),
]

const entities: Record<string, string> = { lt: '<', gt: '>', quot: '"', amp: '&', '#39': "'" }

/** The text of every element the selector matches, as a reader sees it (the five escapes decoded). */
export async function textsOf(html: string, selector: string): Promise<string[]> {
  const texts: string[] = []
  const open: number[] = []
  await new HTMLRewriter()
    .on(selector, {
      element: (el) => {
        open.push(texts.push('') - 1)
        el.onEndTag(() => void open.pop())
      },
      text: (t) => {
        for (const i of open) texts[i] += t.text
      },
    })
    .transform(new Response(html))
    .text()
  return texts.map((t) => t.replace(/&(lt|gt|quot|amp|#39);/g, (_, e: string) => entities[e]!))
}
