import { createExecutionContext, env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../worker/src/index'

describe('the contract and the edges of the API', () => {
  it('publishes an OpenAPI 3.1 document generated from the schemas', async () => {
    const res = await SELF.fetch('https://byline.test/openapi.json')
    expect(res.status).toBe(200)
    type Schema = { $ref?: string; properties?: Record<string, unknown> }
    type Operation = {
      security?: Record<string, string[]>[]
      parameters?: { name: string; in: string; required: boolean }[]
      requestBody?: { content: Record<string, { schema: Schema }> }
      responses: Record<string, unknown>
    }
    const doc = (await res.json()) as {
      openapi: string
      paths: Record<string, Record<string, Operation>>
      components: { schemas: Record<string, Schema>; securitySchemes: Record<string, unknown> }
    }
    const resolve = (s: Schema) => (s.$ref ? doc.components.schemas[s.$ref.replace('#/components/schemas/', '')]! : s)
    expect(doc.openapi).toBe('3.1.0')
    // At least these; that the document holds exactly the app's routes is tests/worker/contract.test.ts.
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/sites/{site}/thread',
        '/v1/sites/{site}/responders',
        '/v1/sites/{site}/comments',
        '/v1/comments/{id}',
        '/v1/sites/{site}/verify',
        '/v1/sites/{site}/privacy',
        '/v1/admin/config',
        '/v1/admin/conversations/{id}/replies',
        '/v1/admin/conversations/{id}/handover',
        '/v1/admin/sites/{site}/moderation',
        '/v1/admin/comments/{id}/moderation',
        '/v1/admin/sites/{site}/bans',
        '/openapi.json',
      ]),
    )
    expect(Object.keys(doc.paths['/v1/comments/{id}']!)).toEqual(['patch', 'delete'])
    expect(doc.paths['/v1/comments/{id}']!.patch!.security).toEqual([{ ownerToken: [] }])
    expect(doc.paths['/v1/admin/config']!.put!.security).toEqual([{ adminToken: [] }])
    expect(Object.keys(doc.components.securitySchemes)).toEqual(['adminToken', 'ownerToken', 'consoleSession'])
    const thread = doc.paths['/v1/sites/{site}/thread']!.get!
    expect(thread.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'site', in: 'path', required: true }),
        expect.objectContaining({ name: 'url', in: 'query', required: true }),
        expect.objectContaining({ name: 'page', in: 'query', required: false }),
      ]),
    )
    const post = doc.paths['/v1/sites/{site}/comments']!.post!
    expect(Object.keys(resolve(post.requestBody!.content['application/json']!.schema).properties!)).toEqual(
      expect.arrayContaining(['url', 'name', 'email', 'body', 'conversationId']),
    )
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '400', '403', '404', '413', '415', '422', '429']))
    expect(post.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]))
    // Each error response names the codes it may carry.
    expect(post.responses['415']).toMatchObject({ description: 'unsupported_media_type' })
    expect(post.responses['429']).toMatchObject({ description: 'rate_limited' })
    // Every reference points at a schema the document defines.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!)
    expect(refs).toContain('Thread')
    for (const name of refs) expect(doc.components.schemas).toHaveProperty(name)
  })

  it('answers unknown paths with the JSON error body, with strict security headers', async () => {
    const res = await SELF.fetch('https://byline.test/v1/nothing-here')
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } })
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'")
    expect(res.headers.get('x-frame-options')).toBe('DENY')
  })

  it.each(['/privacy/nosuchsite', '/answer/' + 'a'.repeat(26), '/unsubscribe/' + 'a'.repeat(26), '/verify/' + 'a'.repeat(26), '/dev/mail'])(
    'serves %s with a CSP that allows no script and no framing',
    async (path) => {
      const res = await SELF.fetch(`https://byline.test${path}`)
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'none'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toMatch(/script-src|unsafe-eval/)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    },
  )

  it('has no /dev routes outside development', async () => {
    const production = { ...env, ENVIRONMENT: 'production' }
    for (const path of ['/dev/mail', '/dev/mail.json']) {
      const res = await worker.fetch(new Request(`https://byline.test${path}`), production, createExecutionContext())
      expect(res.status).toBe(404)
      expect(await res.json()).toMatchObject({ error: { code: 'not_found' } })
    }
    const dev = await worker.fetch(new Request('https://byline.test/dev/mail.json'), env, createExecutionContext())
    expect(dev.status).toBe(200)
  })
})
