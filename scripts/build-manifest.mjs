// Writes DIR/custom-elements.json (--outdir DIR, default dist), the Custom Elements Manifest of the widget's elements,
// from their JSDoc in widget/src. The worker serves it beside widget.js as /custom-elements.json, for editors, docs
// tools and anyone embedding the element; tests/build/manifest.test.ts checks it against the element's own source.
//
// It calls the analyzer's create() rather than its CLI: the CLI always writes a "customElements" field into
// package.json (its --packagejson option cannot be turned off from the command line), and the manifest is a build
// output here, not a file kept in the repository.
import { create, ts } from '@custom-elements-manifest/analyzer'
import { litPlugin } from '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'

const SOURCE = 'widget/src'

/**
 * The widget registers its elements with defineOnce(name, Class) (widget/src/define.ts), which the analyzer does not
 * know as customElements.define: this gives each such call the same `custom-element-definition` export.
 */
const defineOnceCalls = {
  name: 'byline - defineOnce',
  analyzePhase({ node, moduleDoc }) {
    if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'defineOnce') return
    const [tag, ctor] = node.arguments
    if (!tag || !ctor || !ts.isStringLiteral(tag) || !ts.isIdentifier(ctor)) return
    moduleDoc.exports.push({ kind: 'custom-element-definition', name: tag.text, declaration: { name: ctor.text } })
  },
}

/**
 * Lit makes no attribute for a `static properties` entry with `state: true` (internal reactive state) or
 * `attribute: false`; the analyzer's Lit plugin lists one for each. This takes them out again.
 */
const internalState = {
  name: 'byline - reactive state has no attribute',
  analyzePhase({ node, moduleDoc }) {
    if (!ts.isClassDeclaration(node) || !node.name) return
    const klass = moduleDoc.declarations.find((d) => d.kind === 'class' && d.name === node.name.text)
    const properties = node.members.find(
      (m) => ts.isPropertyDeclaration(m) && m.name.getText() === 'properties' && m.modifiers?.some((k) => k.kind === ts.SyntaxKind.StaticKeyword),
    )?.initializer
    if (!klass || !properties || !ts.isObjectLiteralExpression(properties)) return
    for (const p of properties.properties) {
      if (!ts.isPropertyAssignment(p) || !ts.isObjectLiteralExpression(p.initializer)) continue
      const internal = p.initializer.properties.some(
        (o) =>
          ts.isPropertyAssignment(o) &&
          ((o.name.getText() === 'state' && o.initializer.kind === ts.SyntaxKind.TrueKeyword) ||
            (o.name.getText() === 'attribute' && o.initializer.kind === ts.SyntaxKind.FalseKeyword)),
      )
      if (!internal) continue
      const name = p.name.getText()
      klass.attributes = klass.attributes?.filter((a) => a.fieldName !== name)
      const member = klass.members?.find((m) => m.name === name)
      if (member) delete member.attribute
    }
  },
}

/** A description is prose: a line break inside a JSDoc paragraph is a space. */
const prose = (s) => s.replace(/[ \t]*\n[ \t]*/g, ' ')

/**
 * What a page author can use: the custom elements, their public members, and where each is defined. widget.js is
 * one script, not modules to import, so the helpers, private members and modules without an element are left out.
 */
const publicApi = {
  name: 'byline - public API only',
  packageLinkPhase({ customElementsManifest: manifest }) {
    const elements = manifest.modules.flatMap((m) =>
      m.declarations.filter((d) => d.customElement).map((d) => ({ module: m.path, declaration: d })),
    )
    for (const { declaration: d } of elements) {
      d.members = d.members?.filter((m) => !m.privacy || m.privacy === 'public')
      for (const list of [d.members, d.attributes, d.events, d.slots, d.cssParts, d.cssProperties])
        for (const item of list ?? []) if (item.description) item.description = prose(item.description)
      for (const key of ['members', 'attributes', 'events', 'slots', 'cssParts', 'cssProperties'])
        if (!d[key]?.length) delete d[key]
    }
    const where = (name) => elements.find((e) => e.declaration.name === name)?.module
    for (const m of manifest.modules) {
      m.declarations = m.declarations.filter((d) => d.customElement)
      m.exports = (m.exports ?? [])
        .filter((x) => where(x.declaration?.name))
        .map((x) => ({ ...x, declaration: { name: x.declaration.name, module: where(x.declaration.name) } }))
    }
    manifest.modules = manifest.modules.filter((m) => m.declarations.length || m.exports.length)
    // An empty string the analyzer always sets, where the schema allows leaving it out.
    if (!manifest.readme) delete manifest.readme
  },
}

/** The manifest of the elements in widget/src, as an object. */
export async function buildManifest() {
  const files = (await readdir(SOURCE, { recursive: true }))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => `${SOURCE}/${f}`)
  const modules = await Promise.all(
    files.map(async (f) => ts.createSourceFile(f, await readFile(f, 'utf8'), ts.ScriptTarget.ES2022, true)),
  )
  return create({ modules, plugins: [...litPlugin(), defineOnceCalls, internalState, publicApi], context: { dev: false } })
}

/** A table cell: one line, and a `|` that does not end the cell. */
const cell = (s = '') => prose(s).replace(/\|/g, '\\|')
const code = (s) => (s ? `\`${s}\`` : '')
/** A property's type as the page author sees it: not set is always possible. */
const typeOf = (t) => t?.text.replace(/ \| undefined$/, '')

/**
 * The README's reference of each element: the manifest as Markdown tables. The README holds this text verbatim
 * (tests/build/manifest.test.ts compares them), so the two cannot drift; `--markdown` prints it to paste.
 */
export function manifestMarkdown(manifest) {
  const table = (head, rows) =>
    rows?.length ? [`| ${head.join(' | ')} |`, `|${head.map(() => '---|').join('')}`, ...rows.map((r) => `| ${r.join(' | ')} |`), ''] : []
  return manifest.modules
    .flatMap((m) => m.declarations)
    .flatMap((d) => [
      `### \`<${d.tagName}>\``,
      '',
      ...(d.summary ? [`${prose(d.summary)}`, ''] : []),
      ...table(
        ['attribute', 'property', 'type', 'description'],
        d.attributes?.map((a) => {
          const field = d.members?.find((m) => m.name === a.fieldName)
          return [code(a.name), code(a.fieldName), code(cell(typeOf(a.type))), cell(a.description) + (field?.reflects ? ' Reflected to the attribute.' : '')]
        }),
      ),
      ...table(
        ['property', 'type', 'description'],
        d.members?.filter((m) => m.kind === 'field' && !m.attribute).map((m) => [code(m.name), code(cell(typeOf(m.type))), cell(m.description)]),
      ),
      ...table(
        ['event', 'detail', 'description'],
        d.events?.map((e) => [code(e.name), code(cell(e.type?.text.replace(/^CustomEvent<(.*)>$/, '$1'))), cell(e.description)]),
      ),
      ...table(['slot', 'description'], d.slots?.map((s) => [s.name ? code(s.name) : '(default)', cell(s.description)])),
      ...table(['CSS part', 'description'], d.cssParts?.map((p) => [code(p.name), cell(p.description)])),
      ...table(['CSS custom property', 'default', 'description'], d.cssProperties?.map((p) => [code(p.name), code(p.default), cell(p.description)])),
    ])
    .join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { outdir, markdown } = parseArgs({
    options: { outdir: { type: 'string', default: 'dist' }, markdown: { type: 'boolean' } },
  }).values
  const manifest = await buildManifest()
  if (markdown) {
    process.stdout.write(manifestMarkdown(manifest))
    process.exit(0)
  }
  await mkdir(outdir, { recursive: true })
  await writeFile(`${outdir}/custom-elements.json`, `${JSON.stringify(manifest, null, 2)}\n`)
  const tags = manifest.modules.flatMap((m) => m.declarations).map((d) => d.tagName)
  console.log(`custom-elements.json: ${tags.join(', ')}`)
}
