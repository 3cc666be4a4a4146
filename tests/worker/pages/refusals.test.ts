import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { givenSite, postComment } from '../helpers'

/*
 * A page's form refused before its route answers (cross-site post, too large, wrong media type) is a page a
 * person can read, with the refusal's status; the API keeps answering JSON.
 */

const post = (path: string, body: string, headers: Record<string, string>) =>
  SELF.fetch(`https://byline.test${path}`, { method: 'POST', redirect: 'manual', headers, body })

async function expectPage(res: Response, status: number, heading: string) {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/^text\/html/)
  // Still the strict headers of a page reached from a credential link.
  expect(res.headers.get('referrer-policy')).toBe('no-referrer')
  expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/)
  const html = await res.text()
  expect(html).toContain(`<h1>${heading}</h1>`)
  expect(html).toContain('role="alert"')
  expect(html).not.toContain('"error"')
}

describe('refusals on pages', () => {
  it('answers a cross-site form post with a 403 page', async () => {
    const res = await post('/answer/some-token/reply', 'body=forged', {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'cross-site',
    })
    await expectPage(res, 403, 'This form was sent from elsewhere')
  })

  it('answers a form of the wrong media type with a 415 page, and an oversize one with a 413 page', async () => {
    const site = await givenSite()
    await expectPage(
      await post(`/privacy/${site}`, 'email=jo@visitor.test&action=export', { 'content-type': 'text/plain' }),
      415,
      'This form was not sent as expected',
    )
    await expectPage(
      await post(`/privacy/${site}`, `email=${'a'.repeat(8000)}&action=export`, { 'content-type': 'application/x-www-form-urlencoded' }),
      413,
      'That was too long',
    )
  })

  it('answers an address under a page path that does not exist with a 404 page', async () => {
    await expectPage(await SELF.fetch('https://byline.test/answer/some-token/nothing-here'), 404, 'Nothing here')
  })

  it('keeps JSON errors for the API and everything else', async () => {
    const site = await givenSite()
    const refused = await postComment(site, 'not json', { 'content-type': 'text/plain' })
    expect(refused.status).toBe(415)
    expect(await refused.json()).toMatchObject({ error: { code: 'unsupported_media_type' } })
    const missing = await SELF.fetch('https://byline.test/nowhere')
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } })
  })
})
