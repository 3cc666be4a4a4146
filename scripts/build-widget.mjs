// Bundles the widget into dist/widget.js (one IIFE, served by the worker as /widget.js) and checks its size;
// --outdir DIR writes DIR/widget.js instead. Writes only widget.js and widget.js.map; other files there belong
// to other scripts.
import { build } from 'esbuild'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { gzipSync } from 'node:zlib'
import { minify } from 'rolldown/utils'
import ts from 'typescript'

const BUDGET = 12 * 1024 // bytes, gzip
const { outdir } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } } }).values
const outfile = `${outdir}/widget.js`

/*
 * The templates are indented for people; the browser only needs one space where the source has a run of them.
 * Only the static text of html`…` and css`…` is rewritten: `${…}` expressions, other strings and nested
 * templates' neighbours stay byte for byte. TypeScript's parser finds the templates, so a backtick inside a
 * string or comment cannot confuse it.
 */
const squeeze = {
  // A run of whitespace is one space to HTML (no <pre> or <textarea> content lives in a template's static text);
  // a plain-word attribute value needs no quotes, and a void element no closing slash. As in JSX, whitespace with a
  // line break in it between tags or expressions is none at all: each would be a text node in every render.
  html: (s) =>
    s
      .replace(/(?<=^|>)\s*\n\s*(?=<|$)/g, '')
      .replace(/\s+/g, ' ')
      .replace(/="([\w-]+)"(?=[\s>])/g, '=$1')
      .replace(/ ?\/>/g, '>'),
  // CSS: no space is needed around { } ; , nor after a colon (a selector never has one after its colon), nor
  // a leading zero, nor quotes around an attribute selector's value when it is a plain word.
  css: (s) =>
    s
      .replace(/\/\*[^]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/ ?([{};,]) ?/g, '$1')
      .replace(/: /g, ':')
      .replace(/;}/g, '}')
      .replace(/([^\w.-])0\.(?=\d)/g, '$1.')
      .replace(/=(['"])([\w-]+)\1\]/g, '=$2]'),
}

/** The source with the static parts of its html`…` and css`…` templates squeezed. */
export function squeezeTemplates(source, file = 'widget.ts') {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS)
  const edits = []
  const visit = (node) => {
    const tag = ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text
    if (tag === 'html' || tag === 'css') {
      const t = node.template
      const parts = ts.isNoSubstitutionTemplateLiteral(t) ? [t] : [t.head, ...t.templateSpans.map((s) => s.literal)]
      for (const part of parts) {
        // Each part's token runs from ` or } to ${ or `.
        const start = part.getStart(sf) + 1
        const end = part.end - (ts.isTemplateHead(part) || ts.isTemplateMiddle(part) ? 2 : 1)
        edits.push({ start, end, text: squeeze[tag](source.slice(start, end)) })
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  let out = source
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end)
  return out
}

/*
 * Lit's production build still carries two messages for developers who misuse its APIs (a CSSResult built by
 * hand, a forged template strings array); no visitor ever reads them. They stay errors, with a one-word message.
 * It also carries what this widget never uses: the hooks of Lit's polyfill-support and hydration scripts, the
 * version arrays its dev tools read, decorator metadata (the widget declares `static properties`), and the attribute
 * converter's Boolean, Number, Object and Array cases (every property of the element is a string), and the
 * <style> fallback for browsers without constructable stylesheets (Chrome 73, Firefox 101 and Safari 16.4 have
 * them; ShadyCSS is not loaded): ~90 B gzip that pay for the render's templates of cloned nodes. Those go,
 * by exact text of the installed Lit: after an upgrade a string no longer found changes nothing, and the budget
 * below says so.
 */
const LIT_WITH_MESSAGES = /[\\/]node_modules[\\/](@lit[\\/]reactive-element[\\/](css-tag|reactive-element)|lit-html[\\/]lit-html|lit-element[\\/]lit-element)\.js$/
const litMessages = {
  name: 'lit-trim',
  setup(b) {
    b.onLoad({ filter: LIT_WITH_MESSAGES }, async ({ path }) => ({
      contents: (await readFile(path, 'utf8'))
        .replace(/\bError\(("[^"]*"|`[^`]*`)\)/g, 'Error("lit")')
        .replace('e=t.ShadowRoot&&(void 0===t.ShadyCSS||t.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,', 'e=!0,')
        .replace('{if(e)s.adoptedStyleSheets=o.map(t=>t instanceof CSSStyleSheet?t:t.styleSheet);else for(const e of o){const o=document.createElement("style"),n=t.litNonce;void 0!==n&&o.setAttribute("nonce",n),o.textContent=e.cssText,s.appendChild(o)}}', '{s.adoptedStyleSheets=o.map(t=>t instanceof CSSStyleSheet?t:t.styleSheet)}')
        .replace('c=e?t=>t:t=>t instanceof CSSStyleSheet?(t=>{let e="";for(const s of t.cssRules)e+=s.cssText;return r(e)})(t):t;', 'c=t=>t;')
        .replace(',B=t.litHtmlPolyfillSupport;B?.(S,k),(t.litHtmlVersions??=[]).push("3.3.3")', '')
        .replace('p=a.reactiveElementPolyfillSupport,', '')
        .replace('p?.({ReactiveElement:y}),(a.reactiveElementVersions??=[]).push("2.1.2")', '0')
        .replace('s.litElementHydrateSupport?.({LitElement:i});const o=s.litElementPolyfillSupport;o?.({LitElement:i});', '0;')
        .replace(';(s.litElementVersions??=[]).push("4.2.2")', '')
        .replace('Symbol.metadata??=Symbol("metadata"),a.litPropertyMetadata??=new WeakMap;', '')
        .replace(/\bu=\{toAttribute\(t,s\)\{switch\(s\)\{.*?return i\}\}/, 'u={toAttribute:d,fromAttribute:d}')
        .replace('const t=this[Symbol.metadata];if(null!==t){const s=litPropertyMetadata.get(t);if(void 0!==s)for(const[t,i]of s)this.elementProperties.set(t,i)}', ''),
      loader: 'js',
    }))
  },
}

const squeezePlugin = {
  name: 'squeeze-templates',
  setup(b) {
    b.onLoad({ filter: /[\\/]widget[\\/]src[\\/].*\.ts$/ }, async ({ path }) => ({
      contents: squeezeTemplates(await readFile(path, 'utf8'), path),
      loader: 'ts',
    }))
  },
}

await mkdir(outdir, { recursive: true })
const result = await build({
  entryPoints: ['widget/src/index.ts'],
  outfile,
  write: false,
  bundle: true,
  format: 'iife',
  minify: true,
  target: 'es2022',
  platform: 'browser',
  tsconfig: 'widget/tsconfig.json',
  sourcemap: 'external',
  legalComments: 'none',
  // Internal reactive state is named `_thread`, `_status`… (Lit's convention); nothing outside the element reads
  // it, so its names shrink too. Lit's own minified internals are `_$…` and stay out of reach of the pattern.
  mangleProps: /^_[a-z]/,
  metafile: true,
  plugins: [litMessages, squeezePlugin],
  logLevel: 'warning',
})

// The widget may use lit and *types* from schema/: a value import from schema/ would drag zod in.
const strays = Object.keys(result.metafile.inputs).filter((f) => /(^|\/)(schema|node_modules\/zod)\//.test(f))
if (strays.length) {
  console.error(`widget.js must not bundle ${strays.join(', ')}: use \`import type\` from schema/.`)
  process.exit(1)
}

/*
 * A second pass with Oxc's minifier (Vite 8's default; rolldown, which vitest's Vite brings, exposes it). Its
 * names and quoting gzip about 250 B smaller than esbuild's output of the same code: room for features.
 */
const out = (ext) => result.outputFiles.find((f) => f.path.endsWith(ext)).text
const min = await minify('widget.js', out('.js'), {
  compress: { target: 'es2022' },
  // A page in another encoding decodes a script without a charset its own way: keep every byte ASCII.
  codegen: { asciiOnly: true },
  sourcemap: true,
  inputMap: JSON.parse(out('.js.map')),
})
if (min.errors.length) {
  console.error('The second minification of widget.js failed:', min.errors)
  process.exit(1)
}
await writeFile(outfile, min.code)
await writeFile(`${outfile}.map`, JSON.stringify(min.map))

const gz = gzipSync(min.code, { level: 9 }).length
console.log(`widget.js: ${Buffer.byteLength(min.code)} B, ${gz} B gzip (budget ${BUDGET} B)`)
if (gz > BUDGET) {
  console.error(`widget.js is over its ${BUDGET} B gzip budget.`)
  process.exit(1)
}
