import { env } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { comment, countAll, givenSite, ORIGIN, orgConfig, postComment } from './helpers'

const errorOf = async (res: Response) => (await res.json()) as { error: { code: string; message: string } }

function siteWith(settings: Record<string, unknown>) {
  const doc = orgConfig()
  Object.assign(doc.sites[0]!.settings, settings)
  return givenSite(doc)
}

afterEach(() => vi.restoreAllMocks())

describe('spam and abuse', () => {
  it('refuses a filled honeypot, writing nothing', async () => {
    const site = await givenSite()
    const before = await countAll()
    const res = await postComment(site, { ...comment(), website: 'http://cheap-pills.example' })
    expect(res.status).toBe(400)
    expect((await errorOf(res)).error.code).toBe('spam_detected')
    expect(await countAll()).toEqual(before)
  })

  it('limits posts per site and IP with 429 and Retry-After', async () => {
    const site = await givenSite()
    const statuses: number[] = []
    let limited: Response | undefined
    for (let i = 0; i < 14 && !limited; i++) {
      const res = await postComment(site, comment({ body: `burst ${i}` }), { 'cf-connecting-ip': '203.0.113.9' })
      statuses.push(res.status)
      if (res.status === 429) limited = res
    }
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true)
    expect(limited?.status).toBe(429)
    expect(limited?.headers.get('retry-after')).toBe('60')
    // The widget on the site's page can read both the error and when to retry.
    expect(limited?.headers.get('access-control-allow-origin')).toBe(ORIGIN)
    expect(limited?.headers.get('access-control-expose-headers')).toContain('Retry-After')
    expect((await errorOf(limited!)).error.code).toBe('rate_limited')
    // Another IP is not affected.
    expect((await postComment(site, comment(), { 'cf-connecting-ip': '198.51.100.7' })).status).toBe(201)
  })

  describe('Turnstile, for sites that use it', () => {
    const verify = (success: boolean) => {
      const calls: FormData[] = []
      vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
        const url = input instanceof Request ? input.url : String(input)
        if (url !== env.TURNSTILE_VERIFY_URL) throw new Error(`unexpected fetch ${url}`)
        calls.push(init?.body as FormData)
        return Response.json({ success })
      })
      return calls
    }

    it('accepts a comment whose token verifies, sending the secret and the token', async () => {
      const site = await siteWith({ turnstileSiteKey: '1x00000000000000000000AA' })
      const calls = verify(true)
      const res = await postComment(site, { ...comment(), turnstileToken: 'token-from-widget' })
      expect(res.status).toBe(201)
      expect(calls).toHaveLength(1)
      expect(calls[0]!.get('secret')).toBe('test-turnstile-secret')
      expect(calls[0]!.get('response')).toBe('token-from-widget')
    })

    it.each([
      ['a token that fails', { turnstileToken: 'bad' }],
      ['no token', {}],
    ])('refuses %s with 403 turnstile_failed, writing nothing', async (_, extra) => {
      const site = await siteWith({ turnstileSiteKey: '2x00000000000000000000AB' })
      verify(false)
      const before = await countAll()
      const res = await postComment(site, { ...comment(), ...extra })
      expect(res.status).toBe(403)
      expect((await errorOf(res)).error.code).toBe('turnstile_failed')
      expect(await countAll()).toEqual(before)
    })

    it('does not call Turnstile for sites without a key', async () => {
      const site = await givenSite()
      const spy = vi.spyOn(globalThis, 'fetch')
      expect((await postComment(site, comment())).status).toBe(201)
      expect(spy).not.toHaveBeenCalledWith(env.TURNSTILE_VERIFY_URL, expect.anything())
    })
  })

  it.each([
    ['a banned word', { bannedWords: ['casino'] }, { body: 'Best CASINO bonuses here' }, 'banned_content'],
    ['a banned phrase across spaces', { bannedWords: ['cheap pills'] }, { body: 'cheap   pills!' }, 'banned_content'],
    ['a banned word in the name', { bannedWords: ['casino'] }, { name: 'Casino King' }, 'banned_content'],
    ['too many links', { maxLinks: 1 }, { body: 'see https://a.example and https://b.example' }, 'too_many_links'],
  ])('refuses %s', async (_, settings, overrides, code) => {
    const site = await siteWith(settings)
    const res = await postComment(site, comment(overrides))
    expect(res.status).toBe(400)
    expect((await errorOf(res)).error.code).toBe(code)
  })

  it('does not mistake a word inside another for a banned one', async () => {
    const site = await siteWith({ bannedWords: ['ass'] })
    expect((await postComment(site, comment({ body: 'The class assignment was passable.' }))).status).toBe(201)
  })

  it('never stores the IP itself, only a keyed hash', async () => {
    const site = await givenSite()
    const res = await postComment(site, comment({ body: 'ip check' }), { 'cf-connecting-ip': '192.0.2.44' })
    const { comment: stored } = (await res.json()) as { comment: { id: string } }
    const row = await env.DB.prepare(`SELECT ip_hash FROM comments WHERE id = ?1`).bind(stored.id).first<{ ip_hash: string }>()
    expect(row!.ip_hash).toMatch(/^[0-9a-f]{64}$/)
    const everything = JSON.stringify((await env.DB.prepare(`SELECT * FROM comments WHERE id = ?1`).bind(stored.id).all()).results)
    expect(everything).not.toContain('192.0.2.44')
  })
})
