// Builds what the worker serves as static assets into dist/: the widget, its caching headers and,
// with --demo, the demo pages and photos. dist/ is rebuilt from nothing so a deploy never ships the demo.
import { execFileSync } from 'node:child_process'
import { cp, rm, writeFile } from 'node:fs/promises'

const demo = process.argv.includes('--demo')

await rm('dist', { recursive: true, force: true })
execFileSync(process.execPath, ['scripts/build-widget.mjs'], { stdio: 'inherit' })

// One stable URL in every embed, so it cannot be immutable: cache for an hour, then revalidate by ETag.
await writeFile(
  'dist/_headers',
  `/widget.js
  Cache-Control: public, max-age=3600, stale-while-revalidate=86400
  Access-Control-Allow-Origin: *
  X-Content-Type-Options: nosniff
`,
)

if (demo) {
  await cp('demo/site', 'dist', { recursive: true })
  console.log('dist/: demo pages copied from demo/site')
}
