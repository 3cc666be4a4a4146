import { SELF } from 'cloudflare:test'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { openApiDocument } from '../../schema/openapi'
import { app } from '../../worker/src/app'
import { contract, operationsOf } from '../../worker/src/http/contract'
import { jsonBody, validate } from '../../worker/src/http/validate'

type Doc = { paths: Record<string, Record<string, unknown>> }

const described = (summary: string) =>
  contract({ summary, ok: { status: 200, schema: z.object({ ok: z.boolean() }), description: 'Done' }, errors: ['site_not_found'] })

describe('the contract comes from the routes', () => {
  it('describes exactly the /v1 operations the app registers, at their full paths', async () => {
    const registered = app.routes
      .filter((r) => r.path.startsWith('/v1/') && r.method !== 'ALL' && r.method !== 'OPTIONS')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
    const doc: Doc = await (await SELF.fetch('https://byline.test/openapi.json')).json()
    const published = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))

    // Nothing is published that is not registered, nor registered that is not published.
    expect(published.sort()).toEqual([...new Set(registered), 'GET /openapi.json'].sort())
    // Mounted sub-apps' paths come out whole, not relative to their prefix.
    expect(published).toContain('GET /v1/sites/{site}/thread')
    expect(published).toContain('PUT /v1/admin/config')
  })

  it('refuses to build from an app with a /v1 route that has no contract, naming the route', () => {
    const site = new Hono()
      .use(async (_c, next) => next())
      .get('/thread', described('A thread'), (c) => c.json({ ok: true }))
      .post('/forgotten', (c) => c.json({ ok: true }))
    const undescribed = new Hono()
      .route('/v1/sites/:site', site)
      .delete('/v1/also-forgotten', (c) => c.body(null, 204))
      .get('/a-page', (c) => c.text('not part of the API'))

    expect(() => operationsOf(undescribed.routes)).toThrow(
      'These routes have no contract(), so /openapi.json cannot describe them: POST /v1/sites/:site/forgotten, DELETE /v1/also-forgotten',
    )
    // The same routes, each with its contract, build.
    const whole = new Hono().route('/v1/sites/:site', new Hono().get('/thread', described('A thread'), (c) => c.json({ ok: true })))
    expect(operationsOf(whole.routes).map((op) => `${op.method} ${op.path}`)).toEqual(['get /v1/sites/{site}/thread'])
  })

  it("takes the input from the route's validators, and their error codes with the contract's", () => {
    const Query = z.object({ page: z.string(), topic: z.string().optional() })
    const Body = z.object({ text: z.string() }).meta({ id: 'Note' })
    const sub = new Hono()
      .get('/notes', described('Notes'), validate('query', Query), (c) => c.json({ ok: true }))
      .post('/notes', described('A note'), jsonBody(Body, 100), (c) => c.json({ ok: true }))
    const [list, post] = operationsOf(new Hono().route('/v1/sites/:site', sub).routes)

    expect(list).toMatchObject({ method: 'get', path: '/v1/sites/{site}/notes', query: Query, errors: ['invalid_request', 'site_not_found'] })
    expect(post).toMatchObject({ method: 'post', body: Body })
    expect(post!.errors).toEqual(['unsupported_media_type', 'payload_too_large', 'invalid_json', 'invalid_request', 'site_not_found'])

    const doc = openApiDocument([list!, post!], 'https://byline.test')
    const get = doc.paths['/v1/sites/{site}/notes']!.get!
    expect(get.parameters!.map(({ name, in: where, required }) => ({ name, where, required }))).toEqual([
      { name: 'site', where: 'path', required: true },
      { name: 'page', where: 'query', required: true },
      { name: 'topic', where: 'query', required: false },
    ])
    expect(get.responses['400']!.description).toBe('invalid_request')
    const created = doc.paths['/v1/sites/{site}/notes']!.post!
    expect(created.requestBody).toEqual({ required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NoteInput' } } } })
    expect(Object.keys(created.responses)).toEqual(['200', '400', '404', '413', '415'])
    expect(doc.components.schemas).toHaveProperty('NoteInput')
  })

  it('publishes the thread as a conditional GET: If-None-Match in, a 304 beside the 200', async () => {
    type Op = { parameters: { name: string; in: string }[]; responses: Record<string, { description: string }> }
    const doc: { paths: Record<string, Record<string, Op>> } = await (await SELF.fetch('https://byline.test/openapi.json')).json()
    const thread = doc.paths['/v1/sites/{site}/thread']!.get!
    expect(thread.parameters).toContainEqual(expect.objectContaining({ name: 'If-None-Match', in: 'header' }))
    expect(Object.keys(thread.responses)).toContain('304')
    // Only the route that answers 304 says so.
    expect(Object.keys(doc.paths['/v1/sites/{site}/responders']!.get!.responses)).not.toContain('304')
  })
})
