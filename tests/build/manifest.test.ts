import { readdir, readFile } from 'node:fs/promises'
import { runInNewContext } from 'node:vm'
import ts from 'typescript'
import { beforeAll, describe, expect, it } from 'vitest'
import { manifestMarkdown } from '../../scripts/build-manifest.mjs'
import { TEST_DIST } from '../../scripts/test-dist.mjs'

/*
 * dist-test/custom-elements.json (npm test builds it) against the element itself: what its source registers,
 * observes, dispatches, renders and styles, read from widget/src with TypeScript's parser. Nothing here lists a
 * name by hand, so a new attribute, event, part or custom property without its JSDoc fails, and so does a tag left
 * in the JSDoc for something the element no longer has.
 */

const SOURCE = 'widget/src'

interface Described {
  name: string
  description?: string
  default?: string
  type?: { text: string }
}
interface Member extends Described {
  kind: 'field' | 'method'
  privacy?: string
  attribute?: string
  reflects?: boolean
}
interface Attribute extends Described {
  fieldName?: string
}
interface Element {
  kind: string
  name: string
  tagName?: string
  customElement?: boolean
  members?: Member[]
  attributes?: Attribute[]
  events?: Described[]
  slots?: Described[]
  cssParts?: Described[]
  cssProperties?: Described[]
}
interface Manifest {
  modules: {
    path: string
    declarations: Element[]
    exports?: { kind: string; name: string; declaration: { name: string; module?: string } }[]
  }[]
}

let manifest: Manifest
let elements: (Element & { module: string })[]
/** Every source file of the widget, parsed. */
let sources: ts.SourceFile[]

beforeAll(async () => {
  manifest = JSON.parse(await readFile(`${TEST_DIST}/custom-elements.json`, 'utf8'))
  elements = manifest.modules.flatMap((m) => m.declarations.map((d) => ({ ...d, module: m.path })))
  const files = (await readdir(SOURCE, { recursive: true })).filter((f) => f.endsWith('.ts')).sort()
  sources = await Promise.all(
    files.map(async (f) =>
      ts.createSourceFile(`${SOURCE}/${f}`, await readFile(`${SOURCE}/${f}`, 'utf8'), ts.ScriptTarget.Latest, true),
    ),
  )
})

/** Every node of the widget's source for which `pick` gives something, with the file it is in. */
function collect<T>(pick: (node: ts.Node) => T | undefined): { value: T; node: ts.Node }[] {
  const found: { value: T; node: ts.Node }[] = []
  for (const sf of sources) {
    const visit = (node: ts.Node) => {
      const value = pick(node)
      if (value !== undefined) found.push({ value, node })
      ts.forEachChild(node, visit)
    }
    visit(sf)
  }
  return found
}

const names = (list: Described[] | undefined) => (list ?? []).map((x) => x.name).sort()
const sorted = (list: Iterable<string>) => [...new Set(list)].sort()
const all = <K extends 'events' | 'slots' | 'cssParts' | 'cssProperties'>(key: K) => elements.flatMap((e) => e[key] ?? [])
const undescribed = (list: Described[] | undefined) => (list ?? []).filter((x) => !x.description?.trim()).map((x) => x.name)

/** The class declaration the manifest names, in the module it names. */
function classOf(element: Element & { module: string }): ts.ClassDeclaration {
  const sf = sources.find((s) => s.fileName === element.module)
  const found = sf?.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === element.name)
  if (!found) throw new Error(`${element.module} has no class ${element.name}`)
  return found
}

const isStatic = (m: ts.ClassElement) => !!ts.getModifiers(m as ts.HasModifiers)?.some((k) => k.kind === ts.SyntaxKind.StaticKeyword)

interface PropertyOptions {
  state?: boolean
  attribute?: boolean | string
  reflect?: boolean
}

/**
 * The class's `static properties`, evaluated: its initializer runs in an empty context with the module's own
 * top-level constants it refers to (the element spreads its ATTRIBUTES list into the table), as Lit would see it.
 */
function staticProperties(cls: ts.ClassDeclaration): Record<string, PropertyOptions> {
  const init = cls.members.find(
    (m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && isStatic(m) && m.name.getText() === 'properties',
  )?.initializer
  if (!init) return {}
  const sf = cls.getSourceFile()
  const used = new Set<string>()
  const visit = (n: ts.Node) => {
    if (ts.isIdentifier(n)) used.add(n.text)
    ts.forEachChild(n, visit)
  }
  visit(init)
  const constants = sf.statements
    .filter(ts.isVariableStatement)
    .filter((s) => s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && used.has(d.name.text)))
    .map((s) => s.getText(sf).replace(/^export\s+/, ''))
  const js = ts.transpileModule(`${constants.join('\n')}\n;(${init.getText(sf)})`, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None },
  }).outputText
  return runInNewContext(js, {}) as Record<string, PropertyOptions>
}

/** Lit's rule: a reactive property has an attribute unless it is internal state or says `attribute: false`. */
const attributeOf = (name: string, o: PropertyOptions) =>
  o.state || o.attribute === false ? undefined : typeof o.attribute === 'string' ? o.attribute : name.toLowerCase()

/** The string literal `node` is, if it is one. */
const text = (node: ts.Node | undefined) => (node && ts.isStringLiteralLike(node) ? node.text : undefined)

describe('custom-elements.json', () => {
  it('lists each element the widget registers, under its tag, with where it is defined', () => {
    // defineOnce(tag, Class) and customElements.define(tag, Class), wherever widget/src calls them.
    const defined = collect((n) => {
      if (!ts.isCallExpression(n)) return
      const callee = n.expression.getText()
      if (callee !== 'defineOnce' && !/(^|\.)customElements\.define$/.test(callee)) return
      const tag = text(n.arguments[0])
      return tag && `${tag} ${n.arguments[1]?.getText()}`
    }).map((f) => f.value)
    expect(defined.length).toBeGreaterThan(0)
    expect(sorted(elements.map((e) => `${e.tagName} ${e.name}`))).toEqual(sorted(defined))
    const definitions = manifest.modules.flatMap((m) => m.exports ?? []).filter((x) => x.kind === 'custom-element-definition')
    expect(sorted(definitions.map((d) => `${d.name} ${d.declaration.name}`))).toEqual(sorted(defined))
    for (const d of definitions) expect(elements.find((e) => e.name === d.declaration.name)?.module).toBe(d.declaration.module)
  })

  it("has each element's attributes and properties as Lit sees them, each described", () => {
    for (const element of elements) {
      const cls = classOf(element)
      const reactive = Object.entries(staticProperties(cls))
      const attributes = reactive.flatMap(([name, o]) => {
        const attribute = attributeOf(name, o)
        return attribute ? [{ name: attribute, fieldName: name, reflects: !!o.reflect }] : []
      })
      expect(attributes.length, `${element.tagName} observes attributes`).toBeGreaterThan(0)
      expect(sorted(names(element.attributes)), `${element.tagName}'s attributes`).toEqual(sorted(attributes.map((a) => a.name)))
      for (const a of attributes) {
        const documented = element.attributes?.find((x) => x.name === a.name)
        expect(documented?.fieldName, `attribute ${a.name}'s property`).toBe(a.fieldName)
        const field = element.members?.find((m) => m.name === a.fieldName)
        expect(field?.attribute, `property ${a.fieldName}'s attribute`).toBe(a.name)
        expect(!!field?.reflects, `${a.name} reflects`).toBe(a.reflects)
      }
      expect(undescribed(element.attributes), `${element.tagName}'s attributes without a description`).toEqual([])

      // The public fields: the class's own, neither internal (`_`, private) nor static. The reactive public ones are among them.
      const declared = cls.members
        .filter((m) => (ts.isPropertyDeclaration(m) || ts.isGetAccessor(m)) && !isStatic(m))
        .filter((m) => !ts.getModifiers(m as ts.HasModifiers)?.some((k) => k.kind === ts.SyntaxKind.PrivateKeyword || k.kind === ts.SyntaxKind.ProtectedKeyword))
        .map((m) => m.name!.getText())
        .filter((name) => !name.startsWith('_') && !name.startsWith('#'))
      const fields = (element.members ?? []).filter((m) => m.kind === 'field')
      expect(sorted(names(fields)), `${element.tagName}'s properties`).toEqual(sorted(declared))
      for (const [name, o] of reactive) if (!o.state) expect(declared, `${name} is a documented property`).toContain(name)
      expect(undescribed(fields), `${element.tagName}'s properties without a description`).toEqual([])
      expect(fields.filter((m) => m.privacy && m.privacy !== 'public').map((m) => m.name)).toEqual([])
    }
  })

  it('has every byline-* event the widget dispatches, with the type of its detail and words on each of its fields', () => {
    // The typed event maps (events.ts: name → CustomEvent<detail>), …
    const typed = collect((n) => {
      if (!ts.isPropertySignature(n) || !n.type || !ts.isTypeReferenceNode(n.type)) return
      const name = text(n.name)
      return name?.startsWith('byline-') && n.type.typeName.getText() === 'CustomEvent' ? { name, type: n.type } : undefined
    }).map((f) => f.value)
    // … and every place an event is fired: emit(target, 'byline-…') and new CustomEvent('byline-…'), with the class it is fired from.
    const fired = collect((n) => {
      const first =
        ts.isCallExpression(n) && n.expression.getText() === 'emit'
          ? n.arguments[1]
          : ts.isNewExpression(n) && n.expression.getText() === 'CustomEvent'
            ? n.arguments?.[0]
            : undefined
      const name = text(first)
      return name?.startsWith('byline-') ? name : undefined
    })
    expect(fired.length).toBeGreaterThan(0)
    expect(sorted(names(all('events')))).toEqual(sorted([...typed.map((t) => t.name), ...fired.map((f) => f.value)]))

    for (const { value: name, node } of fired) {
      let cls: ts.Node | undefined = node
      while (cls && !ts.isClassDeclaration(cls)) cls = cls.parent
      if (cls && ts.isClassDeclaration(cls)) {
        const element = elements.find((e) => e.name === (cls as ts.ClassDeclaration).name?.text)
        expect(names(element?.events), `${name} is documented on the element that fires it`).toContain(name)
      }
    }
    const squeezed = (s: string | undefined) => s?.replace(/\s+/g, ' ').trim()
    for (const { name, type } of typed) {
      const documented = all('events').find((e) => e.name === name)
      expect(squeezed(documented?.type?.text), `${name}'s type`).toBe(squeezed(type.getText()))
      // CustomEvent<{ field: T, … }>: the description says what each field of the detail is.
      const detail = type.typeArguments?.[0]
      expect(detail && ts.isTypeLiteralNode(detail), `${name}'s detail is an object type`).toBe(true)
      for (const field of (detail as ts.TypeLiteralNode).members)
        expect(documented?.description, `${name}'s description`).toContain(`\`detail.${field.name!.getText()}\``)
    }
  })

  it('has every ::part the widget renders, each described', () => {
    // part="x" in templates, part: 'x' in h() calls; not a [part=x] selector in the styles.
    const rendered = collect((n) => {
      if (ts.isPropertyAssignment(n) && n.name.getText() === 'part') return text(n.initializer)
      if (ts.isTemplateLiteralToken(n) || ts.isNoSubstitutionTemplateLiteral(n))
        return [...n.text.matchAll(/(?<![[\w-])part=["']?([\w-]+)/g)].map((m) => m[1]!).join(' ') || undefined
    }).flatMap((f) => f.value.split(' '))
    expect(rendered.length).toBeGreaterThan(0)
    expect(sorted(names(all('cssParts')))).toEqual(sorted(rendered))
    expect(undescribed(all('cssParts'))).toEqual([])
  })

  it('has every slot, each described', () => {
    const slots = collect((n) =>
      ts.isTemplateLiteralToken(n) || ts.isNoSubstitutionTemplateLiteral(n)
        ? [...n.text.matchAll(/<slot\b(?:[^>]*?\bname=["']?([\w-]+))?/g)].map((m) => m[1] ?? '').join(' ') || undefined
        : undefined,
    ).flatMap((f) => f.value.split(' '))
    expect(sorted(names(all('slots')))).toEqual(sorted(slots))
    expect(undescribed(all('slots'))).toEqual([])
  })

  it('has every --byline-* custom property the styles read, with the default they fall back to', () => {
    const fallbacks = new Map<string, Set<string>>()
    for (const sf of sources)
      for (const m of sf.text.matchAll(/var\(\s*(--byline-[\w-]+)\s*(?:,\s*([^()]*?))?\s*\)/g)) {
        const seen = fallbacks.get(m[1]!) ?? new Set<string>()
        if (m[2]) seen.add(m[2])
        fallbacks.set(m[1]!, seen)
      }
    expect(fallbacks.size).toBeGreaterThan(0)
    expect(sorted(names(all('cssProperties')))).toEqual(sorted(fallbacks.keys()))
    for (const p of all('cssProperties')) {
      const seen = [...fallbacks.get(p.name)!]
      // With a light and a dark fallback, the documented default is one of them (the description gives the other).
      if (seen.length) expect(seen, `${p.name}'s default`).toContain(p.default)
      else expect(p.default, `${p.name} has no fallback`).toBeUndefined()
    }
    expect(undescribed(all('cssProperties'))).toEqual([])
  })

  it("is what the README's element reference says (node scripts/build-manifest.mjs --markdown prints it)", async () => {
    const readme = (await readFile('README.md', 'utf8')).replace(/\r\n/g, '\n')
    const reference = manifestMarkdown(manifest)
    expect(readme.includes(reference), `README.md should contain, verbatim:\n\n${reference}`).toBe(true)
  })
})
