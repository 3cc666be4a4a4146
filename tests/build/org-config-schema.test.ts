import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { OrgConfig } from '../../schema'
import { orgConfigJsonSchema } from '../../schema/openapi'

describe('the org-config document', () => {
  it('has its JSON Schema exported to docs/ (run `npm run export-schema` after changing schema/api/config.ts)', async () => {
    const committed = JSON.parse(await readFile('docs/org-config.schema.json', 'utf8'))
    expect(committed).toEqual(JSON.parse(JSON.stringify(orgConfigJsonSchema())))
  })

  it('demo/org.json is a valid document', async () => {
    const demo = JSON.parse(await readFile('demo/org.json', 'utf8'))
    const result = OrgConfig.safeParse(demo)
    expect(result.error?.issues ?? []).toEqual([])
  })
})
