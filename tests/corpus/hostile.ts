/*
 * Hostile comment bodies, written for Byline's tests and modelled on public catalogues of attacks:
 *
 * - OWASP's XSS Filter Evasion Cheat Sheet (script and event-handler tags, javascript: in every attribute
 *   that takes a URL, entity- and whitespace-obfuscated schemes, <base>, <meta refresh>, <style>);
 * - sanitizer bypasses published as DOMPurify and sanitize-html advisories (mutation XSS through <noscript>,
 *   <svg>/<math> namespace confusion, <style> inside foreign content, nested and split tags);
 * - markdown-parser advisories (marked, markdown-it, commonmark.js, cmark-gfm): javascript:/vbscript:/data:
 *   link targets hidden by case, entities, tabs and newlines, reference definitions and autolinks, and the
 *   inputs that made parsers quadratic or overflow their stack (cmark's test/pathological_tests.py, the
 *   cmark-gfm quadratic-inline advisory GHSA-66g8-4hjf-77xh, marked's link-regex backtracking, the
 *   unclosed-`[` walk-back in micromark-extension-gfm-autolink-literal).
 *
 * Comment bodies refuse control characters other than tab and newline before they reach the renderer, so
 * only tab and newline tricks are here. Entries named "benign: …" are ordinary comments that must come
 * through intact. Everything is at most 10,000 characters (the body limit), except one entry that says so.
 */

export type HostileInput = { name: string; source: string }

const LIMIT = 10_000
/** `unit` repeated to fill the body limit. */
const fill = (unit: string, limit = LIMIT) => unit.repeat(Math.floor(limit / unit.length))
const lines = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('\n')

export const hostile: HostileInput[] = [
  // --- Raw HTML: shown as typed, never markup -------------------------------------------------------
  { name: 'script tag', source: '<script>alert(1)</script>' },
  { name: 'script tag as its own block', source: '<script>\nalert(document.cookie)\n</script>\n\nafter' },
  { name: 'script with src, upper case', source: '<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>' },
  { name: 'img onerror', source: '<img src=x onerror=alert(1)>' },
  { name: 'img javascript src', source: `<IMG SRC="javascript:alert('XSS');">` },
  { name: 'img mixed-case scheme, no quotes', source: `<IMG SRC=JaVaScRiPt:alert('XSS')>` },
  {
    name: 'img decimal-entity scheme',
    source:
      '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>',
  },
  { name: 'img tab-entity inside scheme', source: `<IMG SRC="jav&#x09;ascript:alert('XSS');">` },
  { name: 'img raw tab inside scheme', source: `<IMG SRC="jav\tascript:alert('XSS');">` },
  { name: 'svg onload', source: '<svg onload=alert(1)>' },
  { name: 'svg with script inside', source: '<svg><script>alert(1)</script></svg>' },
  { name: 'iframe javascript src', source: '<iframe src="javascript:alert(1)"></iframe>' },
  { name: 'iframe srcdoc', source: '<iframe srcdoc="<script>alert(1)</script>"></iframe>' },
  { name: 'anchor javascript href', source: '<a href="javascript:alert(1)">click me</a>' },
  { name: 'body onload', source: `<body onload=alert('XSS')>` },
  { name: 'details ontoggle', source: '<details open ontoggle=alert(1)>' },
  { name: 'input autofocus onfocus', source: '<input autofocus onfocus=alert(1)>' },
  { name: 'custom element with pointer handler', source: '<xss onpointerover=alert(1) style=display:block>hover me</xss>' },
  { name: 'style import', source: `<style>@import 'https://xss.example/xss.css';</style>` },
  {
    name: 'style list-style-image javascript',
    source: `<STYLE>li {list-style-image: url("javascript:alert('XSS')");}</STYLE><UL><LI>XSS</br>`,
  },
  { name: 'inline style url javascript', source: '<div style="background:url(javascript:alert(1))">x</div>' },
  { name: 'base href', source: `<base href="javascript:alert('XSS');//">` },
  {
    name: 'meta refresh to data URL',
    source: '<meta http-equiv="refresh" content="0;url=data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
  },
  { name: 'object data javascript', source: '<object data="javascript:alert(1)"></object>' },
  { name: 'embed data svg', source: '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">' },
  { name: 'form action javascript', source: '<form action="javascript:alert(1)"><input type=submit value=go></form>' },
  { name: 'link stylesheet javascript', source: '<link rel=stylesheet href=javascript:alert(1)>' },
  { name: 'table background', source: '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>' },
  { name: 'template with script', source: '<template><script>alert(1)</script></template>' },
  { name: 'textarea breakout', source: '<textarea></textarea><script>alert(1)</script>' },
  { name: 'attribute breakout', source: '"><script>alert(1)</script>' },
  { name: 'nested split tags', source: '<scr<script>ipt>alert(1)</scr</script>ipt>' },
  { name: 'mXSS noscript title', source: '<noscript><p title="</noscript><img src=x onerror=alert(1)>">' },
  { name: 'mXSS svg style', source: '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">' },
  { name: 'mXSS math mglyph', source: '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>' },
  { name: 'comment hiding a tag', source: '<!--<img src="--><img src=x onerror=alert(1)//">' },
  { name: 'CDATA with script', source: '<![CDATA[<script>alert(1)</script>]]>' },
  { name: 'processing instruction', source: '<?xml version="1.0"?><script>alert(1)</script>' },
  { name: 'html block with markdown inside', source: '<div>\n*not emphasis* [x](javascript:alert(1))\n</div>' },
  { name: 'entity-encoded script', source: '&lt;script&gt;alert(1)&lt;/script&gt;' },
  { name: 'numeric-entity img', source: '&#60;img src=x onerror=alert(1)&#62;' },

  // --- Markdown links and images to other schemes: their label, as text -----------------------------
  { name: 'md link javascript', source: '[click](javascript:alert(1))' },
  { name: 'md link mixed-case javascript', source: '[click](JaVaScRiPt:alert(1))' },
  { name: 'md link tab-entity in scheme', source: '[click](java&#x09;script:alert(1))' },
  { name: 'md link newline-entity in scheme', source: '[click](java&#x0A;script:alert(1))' },
  { name: 'md link decimal-entity first letter', source: '[click](&#106;avascript:alert(1))' },
  {
    name: 'md link fully hex-entity scheme',
    source: '[click](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))',
  },
  { name: 'md link named-entity colon', source: '[click](javascript&colon;alert(1))' },
  { name: 'md link colon entity without semicolon', source: '[xss](javascript&#58this;alert(1&#41;)' },
  { name: 'md link percent-encoded colon', source: '[click](javascript%3Aalert(1))' },
  { name: 'md link angle destination javascript', source: '[click](<javascript:alert(1)>)' },
  { name: 'md link angle destination with raw tab', source: '[click](<java\tscript:alert(1)>)' },
  { name: 'md link raw newline in scheme', source: '[click](java\nscript:alert(1))' },
  { name: 'md link leading spaces', source: '[click](   javascript:alert(1))' },
  { name: 'md link with title', source: '[click](javascript:alert(1) "title")' },
  { name: 'md link data html base64', source: '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)' },
  { name: 'md link data html percent', source: '[click](data:text/html,%3Cscript%3Ealert(1)%3C/script%3E)' },
  { name: 'md link vbscript', source: '[click](vbscript:msgbox(1))' },
  { name: 'md link file', source: '[click](file:///etc/passwd)' },
  { name: 'md link protocol-relative', source: '[click](//evil.example/x)' },
  { name: 'md link relative, fragment, query', source: '[a](/relative/path) [b](#top) [c](?q=1) [d](evil.example)' },
  { name: 'md link fullwidth scheme', source: '[click](\uFF4A\uFF41\uFF56\uFF41\uFF53\uFF43\uFF52\uFF49\uFF50\uFF54:alert(1))' },
  { name: 'md link fullwidth colon', source: '[a](javascript\uFF1Aalert(1)) [b](https\uFF1A//evil.example)' },
  { name: 'md link cyrillic look-alike scheme', source: '[click](\u0458avascript:alert(1))' },
  { name: 'md link zero-width space before scheme', source: '[click](\u200Bjavascript:alert(1))' },
  { name: 'md link https with javascript as host', source: '[a](https:javascript:alert(1)) [b](http://javascript:alert(1)@x.example)' },
  { name: 'md link attribute injection via quote', source: '[x](https://x.example/"onmouseover="alert(1))' },
  { name: 'md link title injection', source: '[x](https://x.example/ "t\\" onmouseover=alert(1) x=\\"")' },
  { name: 'md link mailto carrying javascript', source: '[x](mailto:javascript:alert(1)) [y](mailto:a@example.org?body=<script>)' },
  { name: 'md image javascript', source: '![img](javascript:alert(1))' },
  { name: 'md image data svg', source: '![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)' },
  { name: 'md image alt injection', source: '![x" onerror="alert(1)](https://x.example/a.png)' },
  { name: 'md image in a javascript link', source: '[![img](https://x.example/a.png)](javascript:alert(1))' },
  { name: 'md nested links and schemes', source: '[[[x](javascript:alert(1))](https://ok.example)](javascript:alert(2))' },
  { name: 'reference link to javascript', source: '[click][x]\n\n[x]: javascript:alert(1)' },
  { name: 'shortcut reference, angle definition, title', source: '[x]\n\n[x]: <JAVASCRIPT:alert(1)> "title"' },
  { name: 'collapsed reference image to data', source: '![x][]\n\n[x]: data:text/html;base64,PHNjcmlwdD4=' },
  { name: 'definition alone', source: '[x]: javascript:alert(1)' },
  { name: 'autolink javascript', source: '<javascript:alert(1)>' },
  { name: 'autolink upper-case javascript and vbscript', source: '<JAVASCRIPT:alert(1)> <vbscript:msgbox(1)>' },
  { name: 'autolink data', source: '<data:text/html,<script>alert(1)</script>>' },
  { name: 'bare javascript text', source: 'javascript:alert(1) and vbscript:msgbox(1) and data:text/html,x' },
  { name: 'bare www with payload', source: 'www.example.com/"><script>alert(1)</script>' },
  { name: 'bare https with tag', source: 'https://x.example/<img src=x onerror=alert(1)>' },
  { name: 'html href holding markdown', source: '<a href="[x](javascript:alert(1))">x</a>' },
  { name: 'deceptive label', source: '[https://bank.example](https://evil.example/login)' },
  { name: 'link target too long for the tree', source: `[long](https://x.example/${'a'.repeat(3000)}) https://x.example/${'b'.repeat(3000)}` },

  // --- Sizes and nesting that made parsers slow or overflow -----------------------------------------
  { name: '> x 10,000 (no spaces)', source: '>'.repeat(LIMIT) },
  { name: '> x 5,000 with spaces', source: fill('> ') },
  { name: 'nested blockquote lines', source: lines(140, (i) => `${'>'.repeat(i + 1)} level ${i + 1}`).slice(0, LIMIT) },
  { name: 'lazy lines under a deep quote', source: `${'> '.repeat(12)}a\n${fill('b\n', LIMIT - 30)}` },
  { name: 'lazy lines after a list item and a blank line', source: `- a\n\n  b\n${fill('c\n', LIMIT - 20)}` },
  { name: 'list markers on one line x 5,000', source: fill('- ') },
  { name: 'ordered markers on one line x 3,333', source: fill('1. ') },
  { name: 'nested lists by indentation', source: lines(99, (i) => `${'  '.repeat(i)}- level ${i + 1}`).slice(0, LIMIT) },
  { name: 'quote and list markers interleaved', source: fill('> - ') },
  { name: '* x 5,000 around a letter', source: `${'*'.repeat(4999)}a${'*'.repeat(4999)}` },
  { name: '_ x 5,000 around a letter', source: `${'_'.repeat(4999)}a${'_'.repeat(4999)}` },
  { name: '* x 10,000', source: '*'.repeat(LIMIT) },
  { name: 'nested strong and emphasis', source: `${'*a **a '.repeat(700)}b${' a** a*'.repeat(700)}` },
  { name: 'emphasis closers without openers', source: fill('a_ ') },
  { name: 'emphasis openers without closers', source: fill('_a ') },
  { name: 'mismatched emphasis openers and closers', source: fill('*a_ ') },
  { name: 'delimiters in multiples of three', source: `a**b${fill('c* ', LIMIT - 4)}` },
  { name: '[ x 10,000', source: '['.repeat(LIMIT) },
  { name: 'nested brackets x 5,000', source: `${'['.repeat(4999)}a${']'.repeat(4999)}` },
  { name: 'link openers without closers', source: fill('[a') },
  { name: 'link closers without openers', source: fill('a]') },
  { name: 'link openers and emphasis closers', source: fill('[ a_') },
  { name: '[ (]( repeated', source: fill('[ (](') },
  { name: 'image openers x 5,000', source: fill('![') },
  { name: 'unclosed link destinations in <>', source: fill('[a](<b') },
  { name: 'unclosed link destinations', source: fill('[a](b') },
  { name: 'unclosed link titles', source: fill('[a](b "') },
  { name: 'one open [ then thousands of lines', source: `[${fill('a\n', LIMIT - 1)}` },
  { name: 'one open [ then thousands of words', source: `[${fill('a ', LIMIT - 1)}` },
  { name: 'backtick runs of growing length', source: lines(140, (i) => `e${'`'.repeat(i + 1)}`).replace(/\n/g, '').slice(0, LIMIT) },
  { name: 'backtick x 10,000', source: '`'.repeat(LIMIT) },
  { name: 'unclosed html comments', source: `</${fill('<!--', LIMIT - 2)}` },
  { name: 'unclosed html attributes', source: fill('<a b="') },
  { name: 'unclosed autolinks', source: fill('<http://a ') },
  { name: 'heading underlines x 1,666', source: fill('a\n---\n') },
  { name: 'one-dash underlines', source: fill('a\n-\n') },
  { name: 'many reference definitions and uses', source: `${lines(600, (i) => `[${i}]: https://x.example/${i}`)}\n\n${'[1] '.repeat(400)}`.slice(0, LIMIT) },
  { name: 'backslashes x 10,000', source: '\\'.repeat(LIMIT) },
  { name: 'entities x 1,666', source: fill('&#x6a;') },
  { name: 'emails without domains', source: fill('a@') },
  { name: 'long dotted run then an at', source: `${fill('a.', LIMIT - 10)}@b.example` },
  { name: 'long lines of one letter', source: fill(`${'a'.repeat(99)}\n`) },
  { name: 'one word of 10,000 letters', source: 'a'.repeat(LIMIT) },
  { name: 'blank lines x 10,000', source: '\n'.repeat(LIMIT) },
  { name: 'list items x 2,500', source: fill('- a\n') },
  { name: 'paragraphs x 3,333', source: fill('a\n\n') },
  { name: 'links filling the limit', source: fill('[a](https://x.example/1) ') },
  {
    name: '2,000 links (over the body limit: the API refuses it)',
    source: Array.from({ length: 2000 }, (_, i) => `[a](https://x.example/${i})`).join(' '),
  },
  { name: 'bare links filling the limit', source: fill('https://x.example/a www.x.example a@x.example\n') },

  // --- Benign controls: ordinary comments, intact ---------------------------------------------------
  { name: 'benign: plain prose', source: 'Thanks for the update. When does the consultation close?\nI could not find the date.' },
  {
    name: 'benign: real markdown',
    source: [
      'I read the **budget** report and have _two_ questions:',
      '',
      '1. Is the `capital` line new?',
      '2. Where is [the annex](https://www.example.org/annex.pdf)?',
      '',
      '> The council will publish figures in March.',
      '',
      'Mail me at jo@example.org or see www.example.org.',
      '',
      '```',
      'total = a + b',
      '```',
    ].join('\n'),
  },
  { name: 'benign: maths with angle brackets', source: 'If a < b and b > c, then 3 <4 is not a tag and 2 * 3 * 4 = 24.' },
  { name: 'benign: snake_case and file_names', source: 'Set max_links_per_comment in site_settings.json and restart.' },
]

/*
 * What every one of them must become, checked the same way on the renderer's output, on what the API
 * returns and (in the browser) on what the widget draws.
 */

const BLOCK_TYPES = new Set(['paragraph', 'code_block', 'blockquote', 'list', 'list_item'])
const INLINE_TYPES = new Set(['text', 'break', 'emphasis', 'strong', 'code', 'link'])
const SCHEMES = new Set(['http:', 'https:', 'mailto:'])

/** A link target that is an http(s) or mailto URL as the URL parser reads it. */
export function isSafeHref(href: unknown): boolean {
  if (typeof href !== 'string' || !/^(https?:|mailto:)/i.test(href)) return false
  try {
    return SCHEMES.has(new URL(href).protocol)
  } catch {
    return false
  }
}

export type DocShape = { problems: string[]; nodes: number; depth: number; links: number }

/**
 * Walks a document tree received as data (it may come from JSON): every node a known type with only its
 * own fields, every href safe. Also counts nodes, links and the deepest nesting.
 */
export function inspectDoc(doc: unknown): DocShape {
  const shape: DocShape = { problems: [], nodes: 0, depth: 0, links: 0 }
  const root = doc as { type?: unknown; children?: unknown }
  if (root?.type !== 'doc' || !Array.isArray(root.children)) return { ...shape, problems: ['not a doc'] }
  const stack: { node: unknown; depth: number }[] = root.children.map((node) => ({ node, depth: 1 }))
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!
    shape.nodes++
    shape.depth = Math.max(shape.depth, depth)
    const n = node as Record<string, unknown>
    const type = String(n?.type)
    if (!BLOCK_TYPES.has(type) && !INLINE_TYPES.has(type)) shape.problems.push(`node type ${type}`)
    const allowedKeys: Record<string, string[]> = {
      paragraph: ['type', 'children'],
      blockquote: ['type', 'children'],
      list_item: ['type', 'children'],
      emphasis: ['type', 'children'],
      strong: ['type', 'children'],
      list: ['type', 'ordered', 'children'],
      link: ['type', 'href', 'children'],
      text: ['type', 'value'],
      code: ['type', 'value'],
      code_block: ['type', 'value'],
      break: ['type'],
    }
    for (const key of Object.keys(n ?? {}))
      if (!allowedKeys[type]?.includes(key)) shape.problems.push(`${type} has field ${key}`)
    if (type === 'link') {
      shape.links++
      if (!isSafeHref(n.href)) shape.problems.push(`unsafe href ${JSON.stringify(n.href)}`)
    }
    if (Array.isArray(n?.children)) for (const child of n.children) stack.push({ node: child, depth: depth + 1 })
  }
  return shape
}
