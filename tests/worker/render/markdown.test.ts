import { describe, expect, it } from 'vitest'
import { Doc, type Block, type Inline } from '../../../schema'
import { countLinks, textToDocument } from '../../../worker/src/render/document'
import { documentToHtml, documentToText } from '../../../worker/src/render/email'
import { MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH, MAX_NODES, safeHref } from '../../../worker/src/render/markdown'
import { hostile, inspectDoc } from '../../corpus/hostile'

const doc = (...children: Block[]): Doc => ({ type: 'doc', children })
const p = (...children: Inline[]): Block => ({ type: 'paragraph', children })
const t = (value: string): Inline => ({ type: 'text', value })
const br: Inline = { type: 'break' }
const em = (...children: Inline[]): Inline => ({ type: 'emphasis', children })
const strong = (...children: Inline[]): Inline => ({ type: 'strong', children })
const code = (value: string): Inline => ({ type: 'code', value })
const a = (href: string, ...children: Inline[]): Inline => ({ type: 'link', href, children })
const quote = (...children: Block[]): Block => ({ type: 'blockquote', children })
const list = (ordered: boolean, ...items: Block[][]): Block => ({
  type: 'list',
  ordered,
  children: items.map((children) => ({ type: 'list_item', children })),
})

/** Parses and checks the result against the schema, as every caller's data will be. */
function parse(source: string): Doc {
  const result = textToDocument(source)
  expect(Doc.safeParse(result).success).toBe(true)
  return result
}

describe('textToDocument: each construct of the subset', () => {
  const cases: [string, string, Doc][] = [
    ['plain text', 'When does it close?', doc(p(t('When does it close?')))],
    ['blank lines separate paragraphs', 'One\n\n\nTwo', doc(p(t('One')), p(t('Two')))],
    ['a single newline is a line break', 'Line one\nline two', doc(p(t('Line one'), br, t('line two')))],
    ['hard breaks too', 'a  \nb\\\nc', doc(p(t('a'), br, t('b'), br, t('c')))],
    ['emphasis and strong', '*a* _b_ **c** __d__ ***e***', doc(p(em(t('a')), t(' '), em(t('b')), t(' '), strong(t('c')), t(' '), strong(t('d')), t(' '), em(strong(t('e')))))],
    ['inline code', 'run `npm test` now', doc(p(t('run '), code('npm test'), t(' now')))],
    ['fenced code, language dropped', '```js\nlet a = 1\n\nlet b = 2\n```', doc({ type: 'code_block', value: 'let a = 1\n\nlet b = 2' })],
    ['indented code', '    <b>x</b>', doc({ type: 'code_block', value: '<b>x</b>' })],
    ['blockquote, nested', '> a\n> > b', doc(quote(p(t('a')), quote(p(t('b')))))],
    ['bullet list', '- a\n- b', doc(list(false, [p(t('a'))], [p(t('b'))]))],
    ['ordered list from 1', '1. a\n2. b', doc(list(true, [p(t('a'))], [p(t('b'))]))],
    ['nested list', '- a\n  - b', doc(list(false, [p(t('a')), list(false, [p(t('b'))])]))],
    ['an ordered list from another number keeps its numbers', '3. a\n4. b', doc(p(t('3. a')), p(t('4. b')))],
    ['inline link', '[the annex](https://example.org/annex.pdf)', doc(p(a('https://example.org/annex.pdf', t('the annex'))))],
    ['link label keeps its emphasis', '[*the* annex](https://example.org/)', doc(p(a('https://example.org/', em(t('the')), t(' annex'))))],
    ['autolink', '<https://example.org/a>', doc(p(a('https://example.org/a', t('https://example.org/a'))))],
    ['email autolink', '<jo@example.org>', doc(p(a('mailto:jo@example.org', t('jo@example.org'))))],
    ['bare https', 'see https://example.org/a.', doc(p(t('see '), a('https://example.org/a', t('https://example.org/a')), t('.')))],
    ['bare www', 'see www.example.org', doc(p(t('see '), a('http://www.example.org/', t('www.example.org'))))],
    ['bare email', 'mail jo@example.org', doc(p(t('mail '), a('mailto:jo@example.org', t('jo@example.org'))))],
    ['mailto link', '[write](mailto:press@example.org)', doc(p(a('mailto:press@example.org', t('write'))))],
    ['href normalised by the URL parser', '[x](<HTTPS://Example.ORG/caf%C3%A9/../menu?q=a b>)', doc(p(a('https://example.org/menu?q=a%20b', t('x'))))],
    ['an image is a link to it, labelled with its alt text', '![a chart](https://example.org/c.png)', doc(p(a('https://example.org/c.png', t('a chart'))))],
    ['an image without alt text shows its address', '![](https://example.org/c.png)', doc(p(a('https://example.org/c.png', t('https://example.org/c.png'))))],
    ['an image inside a link is its alt text', '[![logo](https://example.org/l.png)](https://example.org/)', doc(p(a('https://example.org/', t('logo'))))],
    ['a link with an empty label shows where it goes', '[](https://example.org/)', doc(p(a('https://example.org/', t('https://example.org/'))))],
    ['ATX heading is a paragraph in bold', '# Budget *2026*', doc(p(strong(t('Budget '), em(t('2026')))))],
    ['setext heading too', 'Budget\n===', doc(p(strong(t('Budget'))))],
    ['thematic break is its characters', 'a\n\n* * *\n\nb', doc(p(t('a')), p(t('* * *')), p(t('b')))],
    ['inline html is text', 'a <b>bold</b> c', doc(p(t('a <b>bold</b> c')))],
    ['html block is text, line by line', '<div>\n*x*\n</div>', doc(p(t('<div>'), br, t('*x*'), br, t('</div>')))],
    ['references resolve; definitions are dropped', '[full][x] [collapsed][] [x]\n\n[x]: https://example.org/x\n[collapsed]: https://example.org/c', doc(p(a('https://example.org/x', t('full')), t(' '), a('https://example.org/c', t('collapsed')), t(' '), a('https://example.org/x', t('x'))))],
    ['first definition wins', '[x]\n\n[x]: https://example.org/1\n[x]: https://example.org/2', doc(p(a('https://example.org/1', t('x'))))],
    ['an undefined reference is text', '[nowhere] and [x][nowhere]', doc(p(t('[nowhere] and [x][nowhere]')))],
    ['entities and escapes become their characters', '&amp; &lt;b&gt; \\*not em\\* &#169;', doc(p(t('& <b> *not em* ©')))],
    ['empty input', '', doc()],
    ['only blank lines', '\n \n\t\n', doc()],
  ]
  it.each(cases)('%s', (_, source, expected) => {
    expect(parse(source)).toEqual(expected)
  })
})

describe('textToDocument: link targets', () => {
  const refused = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'javascript\u0000:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html;base64,PHNjcmlwdD4=',
    'file:///etc/passwd',
    'ftp://example.org/x',
    'xmpp:jo@example.org',
    '//evil.example/x',
    '/relative',
    '#top',
    'evil.example',
    '\uFF4Aavascript:alert(1)',
    'javascript\uFF1Aalert(1)',
    '\u200Bhttps://example.org',
    'https:',
    `https://example.org/${'a'.repeat(2100)}`,
    'https://bank.example@evil.example/login',
    'https://user:password@example.org/',
  ]
  it.each(refused)('refuses %j', (href) => {
    expect(safeHref(href)).toBeNull()
  })

  const allowed: [string, string][] = [
    ['https://example.org', 'https://example.org/'],
    ['HTTP://EXAMPLE.org/A', 'http://example.org/A'],
    ['  https://example.org/x  ', 'https://example.org/x'],
    ['mailto:jo@example.org', 'mailto:jo@example.org'],
    ['MAILTO:jo@example.org', 'mailto:jo@example.org'],
    ['https:example.org', 'https://example.org/'],
    ['https://example.org/"onmouseover="x', 'https://example.org/%22onmouseover=%22x'],
  ]
  it.each(allowed)('allows %j as %j', (href, normalised) => {
    expect(safeHref(href)).toBe(normalised)
  })

  const obfuscated: [string, string][] = [
    ['[click](javascript:alert(1))', 'click'],
    ['[click](JaVaScRiPt:alert(1))', 'click'],
    ['[click](java&#x09;script:alert(1))', 'click'],
    ['[click](&#106;avascript:alert(1))', 'click'],
    ['[click](javascript&colon;alert(1))', 'click'],
    ['[click](<java\tscript:alert(1)>)', 'click'],
    ['[click](data:text/html;base64,PHNjcmlwdD4=)', 'click'],
    ['[click](//evil.example)', 'click'],
    ['[click][x]\n\n[x]: javascript:alert(1)', 'click'],
    ['![picture](javascript:alert(1))', 'picture'],
    ['<javascript:alert(1)>', 'javascript:alert(1)'],
    ['<VBSCRIPT:msgbox(1)>', 'VBSCRIPT:msgbox(1)'],
  ]
  it.each(obfuscated)('%j becomes its label, %j', (source, label) => {
    expect(parse(source)).toEqual(doc(p(t(label))))
  })
})

describe('textToDocument: raw HTML is text', () => {
  const cases = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<!-- hidden --> <?php echo 1 ?> <![CDATA[x]]>',
  ]
  it.each(cases)('%j is shown as typed', (source) => {
    expect(parse(source)).toEqual(doc(p(t(source))))
  })
})

describe('textToDocument: caps', () => {
  /** Deepest chain of one node type from the root. */
  function deepest(d: Doc, type: string): number {
    let max = 0
    const walk = (nodes: (Block | Inline | { type: string; children?: unknown[] })[], run: number) => {
      for (const n of nodes) {
        const r = n.type === type ? run + 1 : run
        max = Math.max(max, r)
        if ('children' in n && Array.isArray(n.children)) walk(n.children as Block[], r)
      }
    }
    walk(d.children, 0)
    return max
  }

  it(`keeps ${MAX_BLOCK_DEPTH} levels of blockquote and flattens the rest to text`, () => {
    const d = parse(`${'> '.repeat(10)}deep`)
    expect(deepest(d, 'blockquote')).toBe(MAX_BLOCK_DEPTH)
    expect(documentToText(d)).toContain('deep')
  })

  it(`keeps ${MAX_BLOCK_DEPTH} levels of lists`, () => {
    const d = parse(Array.from({ length: 12 }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n'))
    expect(deepest(d, 'list')).toBe(MAX_BLOCK_DEPTH)
    expect(documentToText(d)).toContain('level 12')
  })

  it(`keeps ${MAX_INLINE_DEPTH} levels of emphasis and links and flattens the rest to text`, () => {
    const d = parse(`${'*a _'.repeat(6)}[**deep**](https://example.org)${'_ a*'.repeat(6)}`)
    expect(inspectDoc(d).depth).toBeLessThanOrEqual(1 + MAX_INLINE_DEPTH + 1)
    expect(documentToText(d)).toContain('deep')
  })

  it('reads markers nested past what the parser is allowed as text', () => {
    const d = parse(`${'> '.repeat(30)}x`)
    expect(deepest(d, 'blockquote')).toBe(MAX_BLOCK_DEPTH)
    expect(documentToText(d)).toMatch(/> > x$/)
  })

  it(`stops at ${MAX_NODES} nodes; the rest is one text node at the end`, () => {
    const source = Array.from({ length: 1500 }, (_, i) => `- item **${i}**`).join('\n')
    const d = parse(source)
    const shape = inspectDoc(d)
    expect(shape.nodes).toBeLessThanOrEqual(MAX_NODES + 2)
    const last = d.children.at(-1)!
    expect(last.type === 'paragraph' && last.children).toEqual([t(expect.stringMatching(/item \*\*1499\*\*$/))])
    expect(documentToText(d)).toContain('item 0')
  })

  it('a paragraph of many lines is cut the same way', () => {
    const d = parse(Array.from({ length: 3000 }, (_, i) => `line ${i}`).join('\n'))
    expect(inspectDoc(d).nodes).toBeLessThanOrEqual(MAX_NODES + 2)
    expect(documentToText(d)).toContain('line 2999')
  })

  it('many lines of code stay one code block', () => {
    const body = Array.from({ length: 400 }, (_, i) => `x${i} = ${i}`).join('\n')
    expect(parse(`\`\`\`\n${body}\n\`\`\``)).toEqual(doc({ type: 'code_block', value: body }))
  })

  it('emphasis past the delimiter budget is text, shown as typed', () => {
    const d = parse('*a* '.repeat(600))
    expect(deepest(d, 'emphasis')).toBe(1)
    const text = documentToText(d)
    expect(text.match(/\*a\*/g)).toHaveLength(400)
    expect(text.replace(/\*/g, '').trim().split(/\s+/)).toHaveLength(600)
  })
})

describe('countLinks', () => {
  it('counts every link wherever it is', () => {
    expect(countLinks(parse('[a](https://a.example) <https://b.example>\n\n> - www.c.example and *[d](mailto:d@example.org)*'))).toBe(4)
  })
  it('does not count refused links', () => {
    expect(countLinks(parse('[a](javascript:alert(1)) [b](/x) ![c](data:x)'))).toBe(0)
  })
})

describe('the hostile corpus', () => {
  const allowedTags = new Set(['p', 'br', 'em', 'strong', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a'])
  const allowedAttributes = new Set(['style', 'href', 'rel'])

  /** Every element and attribute of the email HTML, as an HTML parser (lol-html) sees them. */
  async function elementsOf(html: string) {
    const found: { tag: string; attributes: string[][] }[] = []
    await new HTMLRewriter()
      .on('*', { element: (el) => void found.push({ tag: el.tagName, attributes: [...el.attributes] }) })
      .transform(new Response(html))
      .text()
    return found
  }

  // Rough cost per entry, measured in workerd on a busy 2-core machine: most take under 10 ms; the worst
  // (2,500 list items, unclosed HTML comments, `[ (](` x 2,000) take 50-150 ms with the worker bundled as it is
  // deployed, and several times that here, where Vite's module transform slows micromark's inner loops: 2 s was
  // seen under load, so the 5 s default would fail on a slower machine for no fault of the code.
  it.each(hostile.map((entry) => [entry.name, entry] as const))('%s', { timeout: 30_000 }, async (_, { source }) => {
    const d = textToDocument(source)

    const parsed = Doc.safeParse(d)
    expect(parsed.success, parsed.error?.message).toBe(true)
    const shape = inspectDoc(d)
    expect(shape.problems).toEqual([])
    expect(shape.nodes).toBeLessThanOrEqual(MAX_NODES + 2)
    expect(shape.depth).toBeLessThanOrEqual(2 * MAX_BLOCK_DEPTH + MAX_INLINE_DEPTH + 3)
    expect(countLinks(d)).toBe(shape.links)

    const html = String(documentToHtml(d))
    expect(html).not.toMatch(/<script/i)
    for (const { tag, attributes } of await elementsOf(html)) {
      expect(allowedTags).toContain(tag)
      for (const [name = '', value = ''] of attributes) {
        expect(allowedAttributes).toContain(name)
        expect(name).not.toMatch(/^on/i)
        if (name === 'href') expect(value).not.toMatch(/^\s*(javascript|data|vbscript):/i)
      }
    }
  })

  it('benign entries come through as written', () => {
    const benign = Object.fromEntries(hostile.filter((e) => e.name.startsWith('benign:')).map((e) => [e.name, textToDocument(e.source)]))
    expect(benign['benign: plain prose']).toEqual(
      doc(p(t('Thanks for the update. When does the consultation close?'), br, t('I could not find the date.'))),
    )
    expect(benign['benign: maths with angle brackets']).toEqual(doc(p(t('If a < b and b > c, then 3 <4 is not a tag and 2 * 3 * 4 = 24.'))))
    expect(benign['benign: snake_case and file_names']).toEqual(doc(p(t('Set max_links_per_comment in site_settings.json and restart.'))))
    expect(benign['benign: real markdown']).toEqual(
      doc(
        p(t('I read the '), strong(t('budget')), t(' report and have '), em(t('two')), t(' questions:')),
        list(true, [p(t('Is the '), code('capital'), t(' line new?'))], [p(t('Where is '), a('https://www.example.org/annex.pdf', t('the annex')), t('?'))]),
        quote(p(t('The council will publish figures in March.'))),
        p(t('Mail me at '), a('mailto:jo@example.org', t('jo@example.org')), t(' or see '), a('http://www.example.org/', t('www.example.org')), t('.')),
        { type: 'code_block', value: 'total = a + b' },
      ),
    )
  })
})
