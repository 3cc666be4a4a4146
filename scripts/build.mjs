// Builds what the worker serves as static assets into dist/ (or --outdir DIR): the widget, the console, their caching headers
// and, with --demo, the demo pages and photos. The folder is rebuilt from nothing, so a deploy never ships the
// demo: beside its place first, then swapped in, so a server running on the old build never loses its files.
import { execFileSync } from 'node:child_process'
import { cp, rename, rm, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'

const { demo, outdir } = parseArgs({ options: { demo: { type: 'boolean' }, outdir: { type: 'string', default: 'dist' } } }).values
const next = `${outdir}.next-${process.pid}`
const old = `${outdir}.old-${process.pid}`

try {
  execFileSync(process.execPath, ['scripts/build-widget.mjs', '--outdir', next], { stdio: 'inherit' })
  execFileSync(process.execPath, ['scripts/build-console.mjs', '--outdir', next], { stdio: 'inherit' })
  execFileSync(process.execPath, ['scripts/build-manifest.mjs', '--outdir', next], { stdio: 'inherit' })

  // widget.js is one stable URL in every embed, and it names the chunks of its own build, which a new deploy
  // replaces: so every page view revalidates it by ETag (a 304 when nothing changed), and a browser never runs a
  // widget.js older than the worker's chunks. The chunks' names carry their build, so they never change: cached for a
  // year. They are ES modules, fetched with CORS from the pages that embed the widget. The element's manifest is
  // read by tools on other origins.
  await writeFile(
    `${next}/_headers`,
    `/widget.js
  Cache-Control: public, no-cache
  Access-Control-Allow-Origin: *
  X-Content-Type-Options: nosniff
/chunks/*
  Cache-Control: public, max-age=31536000, immutable
  Access-Control-Allow-Origin: *
  X-Content-Type-Options: nosniff
/custom-elements.json
  Cache-Control: public, max-age=3600
  Access-Control-Allow-Origin: *
/admin/console.js
  Cache-Control: no-cache
  X-Content-Type-Options: nosniff
`,
  )
  if (demo) await cp('demo/site', next, { recursive: true })

  // The folder is missing only between these two renames.
  await rename(outdir, old).catch((e) => {
    if (e.code !== 'ENOENT') throw e
  })
  await rename(next, outdir)
  console.log(`${outdir}/: widget, console${demo ? ' and the demo pages from demo/site' : ''}`)
} finally {
  await rm(next, { recursive: true, force: true })
  await rm(old, { recursive: true, force: true })
}
