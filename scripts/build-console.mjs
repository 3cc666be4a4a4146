// Bundles the admin console into dist/admin/console.js (one ES module, served by the worker's /admin page), in a
// folder apart from what visitors load, and reports its size; --outdir DIR writes DIR/admin/console.js instead.
// Only admins load it, once per session: it carries zod to check every answer and the routing function for the
// "who answers?" tester, and it is not held to the widget's budget.
import { build } from 'esbuild'
import { mkdir, readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { brotliCompressSync, gzipSync } from 'node:zlib'

const { outdir } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } } }).values

await mkdir(`${outdir}/admin`, { recursive: true })
const result = await build({
  entryPoints: ['console/src/index.ts'],
  outfile: `${outdir}/admin/console.js`,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  charset: 'ascii',
  write: true,
  metafile: true,
  logLevel: 'warning',
})

// The console runs in the admin's browser: nothing of the worker beyond its pure routing, time and page-URL helpers.
const strays = Object.keys(result.metafile.inputs).filter((f) => /^worker\/src\//.test(f) && !/^worker\/src\/(routing\/|time\/|security\/page-url\.ts$)/.test(f))
if (strays.length) {
  console.error(`console.js must not bundle worker code with I/O: ${strays.join(', ')}`)
  process.exit(1)
}
const code = await readFile(`${outdir}/admin/console.js`)
console.log(`console.js: ${code.length} B, ${gzipSync(code, { level: 9 }).length} B gzip, ${brotliCompressSync(code).length} B brotli`)
