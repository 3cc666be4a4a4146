import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Deps } from '../../../worker/src/domain/context'
import { postComment } from '../../../worker/src/domain/post-comment'
import type { Env } from '../../../worker/src/env'
import { ownerToken } from '../../../worker/src/security/abuse'
import { pageOnSite } from '../../../worker/src/security/site'
import { issueVisitorCredential } from '../../../worker/src/security/visitor-credential'
import { getActiveSite } from '../../../worker/src/store/sites'
import { comment, givenSite, orgConfig, uniqueId } from '../helpers'

/*
 * Rotating HMAC_SECRET: what was signed before still verifies while HMAC_SECRET_PREVIOUS holds the old key, new
 * signatures are made with the new key only, and a signature made with neither key proves nothing.
 */

const OLD = 'the-key-before-rotation'
const NEW = 'the-key-after-rotation'
const keys = (current: string, previous?: string): Env => ({ ...env, HMAC_SECRET: current, HMAC_SECRET_PREVIOUS: previous })

/** A site that holds every comment whose author's browser does not prove their address. */
async function verifiedSite() {
  const doc = orgConfig()
  doc.sites[0]!.settings.requireVerifiedEmail = true
  return (await getActiveSite(env.DB, await givenSite(doc)))!
}

/** Posts as the public route does, under the given keys, with the browser's credential; returns what the visitor is told. */
async function postWith(keysEnv: Env, siteId: string, email: string, credential: string) {
  const site = (await getActiveSite(env.DB, siteId))!
  const fields = comment({ email, body: `Signed ${crypto.randomUUID()}` })
  const deps: Deps = { env: keysEnv, now: Date.now(), committed: () => {} }
  const post = { site, page: pageOnSite(site, fields), comment: fields, idempotencyKey: undefined, ipHash: 'rotation-ip', visitorCredential: credential }
  const outcome = await postComment(deps, post, async () => {})
  return outcome.posted
}

describe('rotating HMAC_SECRET', () => {
  it('keeps a visitor credential signed with the old key working while the old key is kept as the previous one', async () => {
    const site = await verifiedSite()
    const email = `${uniqueId('rotated')}@visitor.test`
    const before = await issueVisitorCredential(keys(OLD), { siteId: site.id, email }, Date.now())

    const posted = await postWith(keys(NEW, OLD), site.id, email, before)
    expect(posted.pendingReason).toBeUndefined()
  })

  it('signs with the current key only: a credential issued after the rotation verifies once the previous key is gone', async () => {
    const site = await verifiedSite()
    const email = `${uniqueId('fresh')}@visitor.test`
    const after = await issueVisitorCredential(keys(NEW, OLD), { siteId: site.id, email }, Date.now())

    expect((await postWith(keys(NEW), site.id, email, after)).pendingReason).toBeUndefined()
    // The same credential proves nothing to a deployment that only knows the old key.
    expect((await postWith(keys(OLD), site.id, email, after)).pendingReason).toBe('unverified')
  })

  it('refuses a credential signed with neither key, and an old one once the previous key is dropped', async () => {
    const site = await verifiedSite()
    const email = `${uniqueId('stranger')}@visitor.test`
    const foreign = await issueVisitorCredential(keys('some-other-deployment'), { siteId: site.id, email }, Date.now())
    const old = await issueVisitorCredential(keys(OLD), { siteId: site.id, email }, Date.now())

    const held = await postWith(keys(NEW, OLD), site.id, email, foreign)
    expect(held.pendingReason).toBe('unverified')
    expect((await postWith(keys(NEW), site.id, email, old)).pendingReason).toBe('unverified')
  })

  it('hands out owner tokens under the current key: the same comment gets another token after a rotation', async () => {
    expect(await ownerToken(keys(NEW, OLD), 'c-1')).toBe(await ownerToken(keys(NEW), 'c-1'))
    expect(await ownerToken(keys(NEW, OLD), 'c-1')).not.toBe(await ownerToken(keys(OLD), 'c-1'))
  })
})
