// Bundles the widget into dist/widget.js (one IIFE, served by the worker as /widget.js) and checks its size.
// Writes only dist/widget.js and dist/widget.js.map; other files in dist/ belong to other scripts.
import { build } from 'esbuild'
import { mkdir, readFile } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'

const BUDGET = 12 * 1024 // bytes, gzip
const outfile = 'dist/widget.js'

await mkdir('dist', { recursive: true })
const result = await build({
  entryPoints: ['widget/src/index.ts'],
  outfile,
  bundle: true,
  format: 'iife',
  minify: true,
  target: 'es2022',
  platform: 'browser',
  tsconfig: 'widget/tsconfig.json',
  sourcemap: 'external',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
})

// The widget may use lit and *types* from schema/: a value import from schema/ would drag zod in.
const strays = Object.keys(result.metafile.inputs).filter((f) => /(^|\/)(schema|node_modules\/zod)\//.test(f))
if (strays.length) {
  console.error(`widget.js must not bundle ${strays.join(', ')}: use \`import type\` from schema/.`)
  process.exit(1)
}

const bytes = await readFile(outfile)
const gz = gzipSync(bytes, { level: 9 }).length
console.log(`${outfile}: ${bytes.length} B, ${gz} B gzip (budget ${BUDGET} B)`)
if (gz > BUDGET) {
  console.error(`widget.js is over its ${BUDGET} B gzip budget.`)
  process.exit(1)
}
