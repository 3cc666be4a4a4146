import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { PostedComment } from '../../schema'
import { comment, devMail, givenSite, orgTokenOf, ORIGIN, pageUrl, postComment, posted, staffReply } from './helpers'

/*
 * An address is one identity whatever its case: bans, unsubscribe and data requests compare the canonical form,
 * and mail goes to the address as the visitor typed it.
 */

const ban = async (site: string, email: string) =>
  SELF.fetch(`https://byline.test/v1/admin/sites/${site}/bans`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await orgTokenOf({ site })}`, 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  })

describe('email identity', () => {
  it('keeps a ban whatever the case of the address', async () => {
    const site = await givenSite()
    expect((await ban(site, 'Jo.Banned@Example.ORG')).status).toBe(201)
    for (const email of ['jo.banned@example.org', 'JO.BANNED@EXAMPLE.ORG', 'Jo.Banned@example.org']) {
      const res = await postComment(site, comment({ email }))
      expect(res.status, email).toBe(403)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('banned')
    }
  })

  it('is one visitor across cases and punycode domains, written to as last typed', async () => {
    const site = await givenSite()
    await posted(site, { email: 'Ana@XN--BCHER-KVA.example' })
    await posted(site, { email: 'ana@xn--bcher-kva.example', url: pageUrl('/news/other') })
    const { results } = await env.DB.prepare(`SELECT email, address FROM visitors WHERE site_id = ?1`).bind(site).all()
    expect(results).toEqual([{ email: 'ana@xn--bcher-kva.example', address: 'ana@xn--bcher-kva.example' }])
  })

  it('stops mail for every case of the address after a site-wide unsubscribe', async () => {
    const site = await givenSite()
    const first = await posted(site, { name: 'Uma', email: 'Uma@Visitor.test' })
    const marker = crypto.randomUUID()
    await staffReply(first.conversationId, { staff: 'amira', body: `First answer ${marker}` })
    await expect.poll(async () => (await devMail()).some((m) => m.text.includes(marker)), { timeout: 10_000 }).toBe(true)
    const mail = (await devMail()).find((m) => m.text.includes(marker))!
    expect(mail.to).toContain('Uma@Visitor.test')
    const unsubscribe = mail.links.find((l) => l.includes('/unsubscribe/'))!
    await SELF.fetch(`${unsubscribe}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'scope=site' })

    const second = await posted(site, { name: 'Uma', email: 'uma@visitor.test', url: pageUrl('/news/other') })
    const reply = (await (await staffReply(second.conversationId, { staff: 'amira', body: 'Second answer' })).json()) as { comment: { id: string } }
    // Once the reply's visitor reaction has run, it has split into no recipient at all.
    const deliveries = () =>
      env.DB.prepare(
        `SELECT d.target, d.status FROM event_deliveries d JOIN events e ON e.id = d.event_id
          WHERE e.kind = 'reply.published' AND d.reaction = 'mail.visitors' AND json_extract(e.payload, '$.commentId') = ?1`,
      )
        .bind(reply.comment.id)
        .all<{ target: string; status: string }>()
    await expect.poll(async () => (await deliveries()).results, { timeout: 10_000 }).toEqual([{ target: '', status: 'sent' }])
  })

  it('finds "my data" whatever the case the address is typed in', async () => {
    const site = await givenSite()
    await posted(site, { name: 'Kofi', email: 'kofi.data@visitor.test' })
    const res = await SELF.fetch(`https://byline.test/v1/sites/${site}/privacy`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'KOFI.DATA@Visitor.TEST', url: pageUrl(), action: 'export' }),
    })
    expect(res.status).toBe(202)
    await expect
      .poll(async () => (await devMail()).some((m) => m.to.includes('kofi.data@visitor.test') && m.links.some((l) => l.includes('/privacy/confirm/'))), {
        timeout: 10_000,
      })
      .toBe(true)
  })

  it('refuses an address whose local part is longer than 64 characters, writing nothing', async () => {
    const site = await givenSite()
    const res = await postComment(site, comment({ email: `${'a'.repeat(65)}@example.org` }))
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; issues: { path: string[] }[] } }
    expect(body.error.code).toBe('invalid_request')
    expect(body.error.issues[0]!.path).toEqual(['email'])
    const ok = (await (await postComment(site, comment({ email: `${'a'.repeat(64)}@example.org` }))).json()) as PostedComment
    expect(ok.comment.state).toBe('published')
  })
})
