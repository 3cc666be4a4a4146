// Bundles the widget into dist/ (or --outdir DIR): widget.js, the classic script every embed loads and all a reader
// waits for, and dist/chunks/, the ES modules it imports on first use (the form, the visitor's own comments…).
// Prints each file's size raw, gzip and brotli, and fails over a budget. Writes only widget.js, chunks/ and their
// source maps; other files there belong to other scripts.
//
// widget.js stays a classic script, so the one-tag embed (`<script src=… async>`) works as it always has; import()
// is allowed in classic scripts and resolves against the script's own URL. A chunk must not carry a second Lit or a
// second copy of the API's state: what chunks share with widget.js they import from widget/src/shared.ts, and the
// build gives them widget.js's own copy at run time, published under a key of this build (a chunk of another build
// can never take it for its own). A chunk that bundles anything else widget.js has fails the build.
import { createHash } from 'node:crypto'
import { build } from 'esbuild'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { minify } from 'rolldown/utils'
import ts from 'typescript'

/** Bytes, gzip: the first render, any one chunk, and everything a visitor who posts loads (tests/build/widget-size.test.ts). */
const BUDGET = { first: 10 * 1024, chunk: 6 * 1024, posting: 16 * 1024 }
const { outdir } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } } }).values
const SHARED = resolve('widget/src/shared.ts')

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


/** Fails the build with a message. */
function fail(message) {
  console.error(message)
  process.exit(1)
}

const common = {
  bundle: true,
  write: false,
  minify: true,
  target: 'es2022',
  platform: 'browser',
  tsconfig: 'widget/tsconfig.json',
  sourcemap: 'external',
  legalComments: 'none',
  // Internal reactive state is named `_thread`, `_status`… (Lit's convention); nothing outside the widget reads
  // it, so its names shrink too. Lit's own minified internals are `_$…` and stay out of reach of the pattern.
  // The chunks get widget.js's names (mangleCache), so one object means the same in both.
  mangleProps: /^_[a-z]/,
  metafile: true,
  logLevel: 'warning',
}

/** This build's id: the widget's sources, the lockfile and this script. It names the chunks and the shared key. */
async function buildId() {
  const hash = createHash('sha256')
  const files = (await readdir('widget/src', { recursive: true })).filter((f) => f.endsWith('.ts')).sort()
  for (const f of [...files.map((f) => `widget/src/${f}`), 'package-lock.json', 'scripts/build-widget.mjs'])
    hash.update(`${f}\0`).update(await readFile(f))
  return hash.digest('hex').slice(0, 10)
}

const BUILD = await buildId()
const define = { __BYLINE_BUILD__: JSON.stringify(BUILD) }

// widget.js. Each import() of a module of widget/src stays an import() of its chunk, and the modules found that way
// are the chunks' entry points: the list of chunks is the source's own.
const lazy = new Map()
const lazyChunks = {
  name: 'lazy-chunks',
  setup(b) {
    b.onResolve({ filter: /^\./ }, async (args) => {
      if (args.kind !== 'dynamic-import') return
      const found = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: 'import-statement' })
      if (found.errors.length) return { errors: found.errors }
      const name = basename(found.path, '.ts')
      lazy.set(name, found.path)
      return { path: `./chunks/${name}-${BUILD}.js`, external: true }
    })
  },
}
const first = await build({
  ...common,
  entryPoints: ['widget/src/index.ts'],
  outfile: `${outdir}/widget.js`,
  format: 'iife',
  define,
  mangleCache: {},
  plugins: [litMessages, squeezePlugin, lazyChunks],
})

// The widget may use lit and *types* from schema/: a value import from schema/ would drag zod in.
const firstInputs = Object.keys(first.metafile.inputs)
const strays = firstInputs.filter((f) => /(^|\/)(schema|node_modules\/zod)\//.test(f))
if (strays.length) fail(`widget.js must not bundle ${strays.join(', ')}: use \`import type\` from schema/.`)

// What shared.ts exports, by name: each chunk reads them from the object widget.js published.
const sharedNames = Object.values(
  (await build({ ...common, entryPoints: [SHARED], format: 'esm', outdir: 'shared', define, sourcemap: false })).metafile.outputs,
)[0].exports
const sharedFromWidget = {
  name: 'shared-from-widget',
  setup(b) {
    b.onResolve({ filter: /\/shared$/ }, async (args) => {
      if (args.pluginData === 'as-written') return
      const found = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'as-written' })
      if (found.path === SHARED) return { path: 'widget.js', namespace: 'shared' }
    })
    b.onLoad({ filter: /.*/, namespace: 'shared' }, () => ({
      contents: `export const { ${sharedNames.join(', ')} } = globalThis[Symbol.for('byline ' + ${JSON.stringify(BUILD)})]`,
      loader: 'js',
    }))
  },
}

const chunks = lazy.size
  ? await build({
      ...common,
      entryPoints: Object.fromEntries([...lazy].map(([name, path]) => [`${name}-${BUILD}`, path])),
      outdir: `${outdir}/chunks`,
      format: 'esm',
      splitting: true,
      chunkNames: 'shared-[hash]',
      define,
      mangleCache: first.mangleCache,
      plugins: [litMessages, squeezePlugin, sharedFromWidget],
    })
  : { outputFiles: [], metafile: { inputs: {} } }
const twice = Object.keys(chunks.metafile.inputs).filter((f) => firstInputs.includes(f))
if (twice.length) fail(`Chunks must take ${twice.join(', ')} from widget.js: import it through widget/src/shared.ts.`)

/*
 * A second pass with Oxc's minifier (Vite 8's default; rolldown, which vitest's Vite brings, exposes it). Its
 * names and quoting gzip about 250 B smaller than esbuild's output of the same code: room for features.
 */
async function minified(result, isModule) {
  const files = []
  for (const file of result.outputFiles.filter((f) => f.path.endsWith('.js'))) {
    const map = result.outputFiles.find((f) => f.path === `${file.path}.map`)
    const min = await minify(basename(file.path), file.text, {
      module: isModule,
      compress: { target: 'es2022' },
      // A page in another encoding decodes a script without a charset its own way: keep every byte ASCII.
      codegen: { asciiOnly: true },
      sourcemap: true,
      inputMap: JSON.parse(map.text),
    })
    if (min.errors.length) fail(`The second minification of ${basename(file.path)} failed: ${JSON.stringify(min.errors)}`)
    files.push({ path: file.path, code: min.code, map: JSON.stringify(min.map) })
  }
  return files
}

const out = [...(await minified(first, false)), ...(await minified(chunks, true))]
await mkdir(outdir, { recursive: true })
// Chunks of earlier builds go: each build's widget.js names its own.
await rm(`${outdir}/chunks`, { recursive: true, force: true })
await mkdir(`${outdir}/chunks`, { recursive: true })
for (const f of out) {
  await writeFile(f.path, f.code)
  await writeFile(`${f.path}.map`, f.map)
}

/** raw, gzip and brotli bytes of a file's code. */
const sizes = (code) => ({
  raw: Buffer.byteLength(code),
  gzip: gzipSync(code, { level: 9 }).length,
  brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
})

const rows = out.map((f) => ({ file: f.path.slice(outdir.length + 1), ...sizes(f.code) }))
const width = Math.max(...rows.map((r) => r.file.length))
console.log(`${'widget'.padEnd(width)}  ${'raw'.padStart(7)}  ${'gzip'.padStart(7)}  ${'brotli'.padStart(7)}`)
for (const r of rows) console.log(`${r.file.padEnd(width)}  ${String(r.raw).padStart(7)}  ${String(r.gzip).padStart(7)}  ${String(r.brotli).padStart(7)}`)

const [entry, ...rest] = rows
if (entry.gzip > BUDGET.first) fail(`widget.js is over its ${BUDGET.first} B gzip budget (first render).`)
for (const r of rest) if (r.gzip > BUDGET.chunk) fail(`${r.file} is over the ${BUDGET.chunk} B gzip budget of a chunk.`)
