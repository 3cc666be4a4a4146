// npm run export-schema: writes docs/org-config.schema.json, the JSON Schema of the org-config document,
// from the zod schema in schema/api/config.ts. A test fails when the committed file is out of date.
import { build } from 'esbuild'
import { writeFile } from 'node:fs/promises'

const out = await build({
  stdin: { contents: `export { orgConfigJsonSchema } from './schema/openapi.ts'`, resolveDir: '.', loader: 'ts' },
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  logLevel: 'warning',
})
const { orgConfigJsonSchema } = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`)
await writeFile('docs/org-config.schema.json', JSON.stringify(orgConfigJsonSchema(), null, 2) + '\n')
console.log('wrote docs/org-config.schema.json')
