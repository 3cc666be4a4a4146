// The weight of the embed bundles of other comment systems beside Byline's widget.js: raw, gzip -9 and brotli -11
// (node:zlib), as `npm run bench` prints them (or `node scripts/bench-peers.mjs [path/to/widget.js]` alone).
//
// The peers are fetched with the ordinary npm client (`npm pack`, the package's tarball only, no dependencies, no
// install scripts) into .bench/peers/ — never the project's node_modules or lockfile — and unpacked there; a
// later run reuses what is there (BENCH_PEERS_REFRESH=1 fetches the latest versions again). A package that is
// not on the registry, or ships no browser bundle, is reported as such instead of failing the run.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const PEERS_DIR = join(ROOT, '.bench', 'peers')
const MANIFEST = join(PEERS_DIR, 'versions.json')

/*
 * What a site's script tag loads. The file is found the way a CDN answers a bare package URL (the `unpkg`,
 * `jsdelivr`, then `browser` and `main` fields), preferring a `.min.js` sibling when the package ships one (gitalk's
 * main is its unminified build; its README's tag loads gitalk.min.js). `css`: the stylesheet a site must load
 * beside it, reported apart. `note`: what was measured, in words.
 */
export const PEERS = [
  { pkg: '@waline/client', css: 'dist/waline.css', note: 'UMD build, the browser field (dist/waline.js, the ESM build its docs import, is the same size)' },
  { pkg: 'artalk', css: 'dist/Artalk.css', note: 'UMD build (main); ArtalkLite is also shipped' },
  {
    pkg: 'giscus',
    withLit: true,
    note: "the <giscus-widget> web component (main), which only frames the giscus app's page. It imports lit by name, so it is measured bundled with lit (esbuild, minified) as a site would ship it. The framed page itself, and the client script the giscus app serves for its documented embed tag, are not on the registry and not measured",
  },
  { pkg: 'valine', note: 'main' },
  { pkg: 'twikoo', note: 'main, the all-in-one build; the package also ships twikoo.min.js and twikoo.css' },
  { pkg: 'gitalk', css: 'dist/gitalk.css', note: 'the minified build beside main' },
]

const sizes = (buf) => ({
  raw: buf.length,
  gzip: gzipSync(buf, { level: 9 }).length,
  brotli: brotliCompressSync(buf, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
  }).length,
})

async function readManifest() {
  try {
    return JSON.parse(await readFile(MANIFEST, 'utf8'))
  } catch {
    return {}
  }
}

/** The unpacked package folder for `pkg`, fetched unless a previous run left it; { error } when it cannot be had. */
async function fetchPeer(pkg, manifest) {
  const known = manifest[pkg]
  if (known && !process.env.BENCH_PEERS_REFRESH && existsSync(join(PEERS_DIR, known.dir, 'package', 'package.json')))
    return { ...known, cached: true }
  let packed
  try {
    const out = execFileSync('npm', ['pack', pkg, '--json', '--ignore-scripts', '--pack-destination', PEERS_DIR], {
      cwd: PEERS_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 120_000,
    })
    packed = JSON.parse(out)[0]
  } catch (e) {
    const reason = String(e.stderr || e.message).match(/npm error (?:code )?(E\w+|404[^\n]*)/)?.[1] ?? 'npm pack failed'
    return { error: `not fetched from the registry (${reason})` }
  }
  const dir = `${packed.name.replace(/^@/, '').replace('/', '-')}-${packed.version}`
  await rm(join(PEERS_DIR, dir), { recursive: true, force: true })
  await mkdir(join(PEERS_DIR, dir), { recursive: true })
  execFileSync('tar', ['xzf', join(PEERS_DIR, packed.filename), '-C', join(PEERS_DIR, dir)])
  await rm(join(PEERS_DIR, packed.filename), { force: true })
  manifest[pkg] = { version: packed.version, dir }
  await writeFile(MANIFEST, JSON.stringify(manifest, null, 2) + '\n')
  return { ...manifest[pkg], cached: false }
}

/** The browser bundle a bare CDN URL of the package would serve, as [field, path inside the package]. */
async function embedFile(pkgDir) {
  const meta = JSON.parse(await readFile(join(pkgDir, 'package.json'), 'utf8'))
  for (const field of ['unpkg', 'jsdelivr', 'browser', 'main']) {
    let file = meta[field]
    if (typeof file !== 'string' || !/\.(m?js)$/.test(file)) continue
    file = file.replace(/^\.\//, '')
    if (!existsSync(join(pkgDir, file))) continue
    const min = file.replace(/(?<!\.min)\.(m?js)$/, '.min.$1')
    if (min !== file && existsSync(join(pkgDir, min))) return { field: `${field} field's .min sibling`, file: min }
    return { field: `${field} field`, file }
  }
  return null
}

/** giscus.mjs imports lit by bare name: bundled with the project's own lit (esbuild, minified), as a site's build would. */
async function bundleWithLit(entry) {
  const { build } = await import('esbuild')
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    minify: true,
    target: 'es2022',
    platform: 'browser',
    legalComments: 'none',
    nodePaths: [join(ROOT, 'node_modules')],
    logLevel: 'silent',
  })
  return Buffer.from(result.outputFiles[0].contents)
}

const kb = (n) => `${n.toLocaleString('en')}`
const ratio = (n, d) => `${(n / d).toFixed(1)}×`

/** Measures every peer beside `bylineFile` and prints one markdown table (and the notes). Returns the rows. */
export async function benchPeers(bylineFile) {
  await mkdir(PEERS_DIR, { recursive: true })
  const manifest = await readManifest()
  const byline = sizes(await readFile(bylineFile))
  const rows = []
  const notes = []
  for (const peer of PEERS) {
    const got = await fetchPeer(peer.pkg, manifest)
    if (got.error) {
      rows.push({ name: peer.pkg, missing: got.error })
      continue
    }
    const pkgDir = join(PEERS_DIR, got.dir, 'package')
    const found = await embedFile(pkgDir)
    if (!found) {
      rows.push({ name: `${peer.pkg}@${got.version}`, missing: 'no browser bundle in the package (unpkg/jsdelivr/browser/main)' })
      continue
    }
    let js = await readFile(join(pkgDir, found.file))
    let file = found.file
    let alone = ''
    if (peer.withLit) {
      const own = sizes(js)
      alone = ` On its own, without lit: ${kb(own.raw)} B raw, ${kb(own.gzip)} B gzip, ${kb(own.brotli)} B brotli.`
      js = await bundleWithLit(join(pkgDir, found.file))
      file += ' + lit (bundled)'
    }
    const css = peer.css && existsSync(join(pkgDir, peer.css)) ? sizes(await readFile(join(pkgDir, peer.css))) : null
    rows.push({ name: `${peer.pkg}@${got.version}`, file, field: found.field, js: sizes(js), css, cssFile: css && peer.css, cached: got.cached })
    notes.push(`- ${peer.pkg}@${got.version}: \`${found.file}\` (the ${found.field}) — ${peer.note}.${alone}`)
  }

  console.log(`\nEmbed bundles beside Byline's first render (${relative(process.cwd(), bylineFile)}), bytes; ratios are peer ÷ Byline\n`)
  console.log('| package | file | raw | gzip -9 | brotli -11 | gzip ÷ Byline | brotli ÷ Byline | CSS to load (raw / gzip / brotli) |')
  console.log('|---|---|---:|---:|---:|---:|---:|---|')
  console.log(`| **Byline** | widget.js (first render) | ${kb(byline.raw)} | ${kb(byline.gzip)} | ${kb(byline.brotli)} | 1.0× | 1.0× | none (styles inside) |`)
  for (const r of rows) {
    if (r.missing) {
      console.log(`| ${r.name} | — | — | — | — | — | — | ${r.missing} |`)
      continue
    }
    const css = r.css ? `${r.cssFile}: ${kb(r.css.raw)} / ${kb(r.css.gzip)} / ${kb(r.css.brotli)}` : 'none apart'
    console.log(
      `| ${r.name} | ${r.file} | ${kb(r.js.raw)} | ${kb(r.js.gzip)} | ${kb(r.js.brotli)} | ${ratio(r.js.gzip, byline.gzip)} | ${ratio(r.js.brotli, byline.brotli)} | ${css} |`,
    )
  }
  console.log(`\n${notes.join('\n')}`)
  const cached = rows.filter((r) => r.cached).length
  console.log(`\n(${cached} of ${rows.length} peers from the cache in ${relative(ROOT, PEERS_DIR)}/; BENCH_PEERS_REFRESH=1 fetches again)`)
  return { byline, rows }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchPeers(process.argv[2] ?? join(ROOT, 'dist', 'widget.js'))
}
