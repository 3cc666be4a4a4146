import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, assigneeOf, countAll, givenSite, orgConfig, orgToken, posted, putConfig } from './helpers'

/*
 * Admin access is per organisation: a token issued to one organisation reaches nothing of another's (404, no
 * change), and the deployment's own token only bootstraps organisations.
 */

const call = (path: string, token: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') =>
  SELF.fetch(`https://byline.test${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code

/** Two organisations, each with a site and a posted comment; the caller holds the first one's token. */
async function twoOrgs() {
  const mine = orgConfig()
  const theirs = orgConfig()
  await givenSite(mine)
  const theirSite = await givenSite(theirs)
  const theirComment = await posted(theirSite)
  return { mine, theirs, theirSite, theirComment, token: await orgToken(mine.org.id) }
}

describe('admin principals per organisation', () => {
  it('issues an organisation token with the deployment token, stores only its hash, and accepts it', async () => {
    const doc = orgConfig()
    await givenSite(doc)
    const res = await call(`/v1/admin/orgs/${doc.org.id}/tokens`, ADMIN_TOKEN, { label: 'CMS integration' })
    expect(res.status).toBe(201)
    const { orgId, token } = (await res.json()) as { orgId: string; token: string }
    expect(orgId).toBe(doc.org.id)
    expect(token).toMatch(/^byl_[a-z2-7]{52}$/)
    const rows = await env.DB.prepare(`SELECT hash, label FROM admin_tokens WHERE org_id = ?1`).bind(doc.org.id).all<{ hash: string; label: string }>()
    expect(rows.results).toHaveLength(1)
    expect(rows.results[0]!.label).toBe('CMS integration')
    expect(JSON.stringify(rows.results)).not.toContain(token)
    expect((await call(`/v1/admin/sites/${doc.sites[0]!.id}/moderation`, token)).status).toBe(200)
  })

  it('refuses an unknown token (401) and a token for an organisation that does not exist (404)', async () => {
    expect((await call(`/v1/admin/sites/anything/moderation`, 'byl_not-a-token')).status).toBe(401)
    const res = await call(`/v1/admin/orgs/no-such-org/tokens`, ADMIN_TOKEN, { label: 'x' })
    expect(res.status).toBe(404)
    expect(await codeOf(res)).toBe('org_not_found')
  })

  it('keeps the deployment token to bootstrapping: it cannot moderate, reply or read queues', async () => {
    const { theirSite, theirComment } = await twoOrgs()
    for (const res of [
      await call(`/v1/admin/sites/${theirSite}/moderation`, ADMIN_TOKEN),
      await call(`/v1/admin/conversations/${theirComment.conversationId}/replies`, ADMIN_TOKEN, { staff: 'amira', body: 'x' }),
      await call(`/v1/admin/comments/${theirComment.id}/moderation`, ADMIN_TOKEN, { action: 'hide' }),
    ]) {
      expect(res.status).toBe(403)
      expect(await codeOf(res)).toBe('org_credential_required')
    }
  })

  it("reaches none of another organisation's sites, staff, conversations or comments, and changes nothing", async () => {
    const { theirs, theirSite, theirComment, token } = await twoOrgs()
    const before = await countAll()
    const attempts: [string, Response, string][] = [
      ['moderation queue', await call(`/v1/admin/sites/${theirSite}/moderation`, token), 'site_not_found'],
      ['ban', await call(`/v1/admin/sites/${theirSite}/bans`, token, { email: 'x@example.org' }), 'site_not_found'],
      ['hide', await call(`/v1/admin/comments/${theirComment.id}/moderation`, token, { action: 'hide' }), 'comment_not_found'],
      ['delete', await call(`/v1/admin/comments/${theirComment.id}/moderation`, token, { action: 'delete' }), 'comment_not_found'],
      ['reply', await call(`/v1/admin/conversations/${theirComment.conversationId}/replies`, token, { staff: 'amira', body: 'Mine now' }), 'conversation_not_found'],
      ['hand-over', await call(`/v1/admin/conversations/${theirComment.conversationId}/handover`, token, { to: 'ben' }), 'conversation_not_found'],
      ['token', await call(`/v1/admin/orgs/${theirs.org.id}/tokens`, token, { label: 'x' }), 'org_not_found'],
    ]
    for (const [what, res, code] of attempts) {
      expect(res.status, what).toBe(404)
      expect(await codeOf(res), what).toBe(code)
    }
    const config = await putConfig({ ...theirs, org: { ...theirs.org, name: 'Taken over' } }, { token })
    expect(config.status).toBe(404)
    expect(await countAll()).toEqual(before)
    const comment = await env.DB.prepare(`SELECT status FROM comments WHERE id = ?1`).bind(theirComment.id).first<{ status: string }>()
    expect(comment!.status).toBe('published')
    expect(await assigneeOf(theirComment.conversationId)).toBe('amira')
    const org = await env.DB.prepare(`SELECT name FROM orgs WHERE id = ?1`).bind(theirs.org.id).first<{ name: string }>()
    expect(org!.name).toBe('Example Agency')
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM bans WHERE site_id = ?1`).bind(theirSite).first()).toEqual({ n: 0 })
  })

  it("never lets another organisation's staff act on its own conversations: their handle is nobody here (404, no change)", async () => {
    const mine = orgConfig()
    const theirs = orgConfig()
    theirs.staff.push({ handle: 'zed', name: 'Zed Outsider', role: 'Elsewhere', email: 'zed@other.example' })
    const mySite = await givenSite(mine)
    await givenSite(theirs)
    const mine1 = await posted(mySite)
    const token = await orgToken(mine.org.id)
    const before = await countAll()
    for (const [what, res] of [
      ['reply as them', await call(`/v1/admin/conversations/${mine1.conversationId}/replies`, token, { staff: 'zed', body: 'Answered from elsewhere' })],
      ['hand over to them', await call(`/v1/admin/conversations/${mine1.conversationId}/handover`, token, { to: 'zed' })],
    ] as const) {
      expect(res.status, what).toBe(404)
      expect(await codeOf(res), what).toBe('staff_not_found')
    }
    expect(await countAll()).toEqual(before)
    expect(await assigneeOf(mine1.conversationId)).toBe('amira')
  })

  it("lets an organisation's token change its own config", async () => {
    const doc = orgConfig()
    await givenSite(doc)
    const res = await putConfig({ ...doc, org: { ...doc.org, name: 'Renamed Agency' } }, { token: await orgToken(doc.org.id) })
    expect(res.status).toBe(200)
  })
})
