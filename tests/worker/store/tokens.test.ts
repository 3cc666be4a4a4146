import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../../../worker/src/security/compare'
import { listStaff } from '../../../worker/src/store/staff'
import {
  findToken,
  issueToken,
  newToken,
  purgeExpiredTokens,
  recentlyIssued,
  spendTokenStatement,
  TOKEN_TTL_MS,
} from '../../../worker/src/store/tokens'
import { findVisitor } from '../../../worker/src/store/visitors'
import { comment, givenSite, orgConfig, posted } from '../helpers'

const DAY = 86_400_000
const NOW = Date.UTC(2026, 5, 1, 12)

/** A site with one conversation: a member of staff, a visitor and the conversation tokens can be scoped to. */
async function scene() {
  const doc = orgConfig()
  const site = await givenSite(doc)
  const { conversationId } = await posted(site)
  const staffId = (await listStaff(env.DB, doc.org.id))[0]!.id
  const visitorId = (await findVisitor(env.DB, site, comment().email))!.id
  return { staffId, visitorId, conversationId }
}

const hashesStored = async (hash: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM tokens WHERE hash = ?1`).bind(hash).first<{ n: number }>())!.n

describe('tokens store', () => {
  it('newToken: 26 lower-case base32 characters, different every time', () => {
    const tokens = Array.from({ length: 50 }, newToken)
    for (const t of tokens) expect(t).toMatch(/^[a-z2-7]{26}$/)
    expect(new Set(tokens).size).toBe(50)
  })

  it('issueToken stores only the hash, with the purpose’s lifetime; findToken gives back its scope', async () => {
    const { staffId, conversationId } = await scene()
    const { token, statement } = await issueToken(env.DB, 'answer_link', { staffId, conversationId }, NOW)
    await statement.run()

    const hash = await sha256Hex(token)
    expect(await hashesStored(hash)).toBe(1)
    expect(await hashesStored(token)).toBe(0)
    expect(await findToken(env.DB, token, 'answer_link', NOW)).toEqual({
      hash,
      staffId,
      visitorId: null,
      conversationId,
      expiresAt: NOW + TOKEN_TTL_MS.answer_link,
      expired: false,
    })
  })

  it('findToken: expired from its expiry instant on, still found (a fresh-link page needs it)', async () => {
    const { visitorId } = await scene()
    const { token, statement } = await issueToken(env.DB, 'verify_email', { visitorId }, NOW)
    await statement.run()
    const expiresAt = NOW + DAY
    expect((await findToken(env.DB, token, 'verify_email', expiresAt - 1))!.expired).toBe(false)
    expect((await findToken(env.DB, token, 'verify_email', expiresAt))!.expired).toBe(true)
    expect((await findToken(env.DB, token, 'verify_email', expiresAt + 365 * DAY))!.expired).toBe(true)
  })

  it('findToken: null for another purpose, an unknown token, and anything not shaped like a token', async () => {
    const { visitorId } = await scene()
    const { token, statement } = await issueToken(env.DB, 'unsubscribe', { visitorId }, NOW)
    await statement.run()
    expect(await findToken(env.DB, token, 'verify_email', NOW)).toBeNull()
    expect(await findToken(env.DB, newToken(), 'unsubscribe', NOW)).toBeNull()
    for (const bad of [token.toUpperCase(), `${token}a`, token.slice(1), '', `${token.slice(0, 25)}1`])
      expect(await findToken(env.DB, bad, 'unsubscribe', NOW)).toBeNull()
    expect(await findToken(env.DB, await sha256Hex(token), 'unsubscribe', NOW)).toBeNull()
  })

  it('spendTokenStatement deletes that token and no other', async () => {
    const { visitorId } = await scene()
    const a = await issueToken(env.DB, 'privacy_export', { visitorId }, NOW)
    const b = await issueToken(env.DB, 'privacy_export', { visitorId }, NOW)
    await env.DB.batch([a.statement, b.statement])
    await spendTokenStatement(env.DB, await sha256Hex(a.token)).run()
    expect(await findToken(env.DB, a.token, 'privacy_export', NOW)).toBeNull()
    expect(await findToken(env.DB, b.token, 'privacy_export', NOW)).not.toBeNull()
  })

  it('purgeExpiredTokens deletes only tokens expired more than a month ago', async () => {
    const { visitorId } = await scene()
    // verify_email lives one day: issued 32 days ago it expired 31 days ago; issued 30 days ago, 29 days ago.
    const long = await issueToken(env.DB, 'verify_email', { visitorId }, NOW - 32 * DAY)
    const recent = await issueToken(env.DB, 'verify_email', { visitorId }, NOW - 30 * DAY)
    const live = await issueToken(env.DB, 'verify_email', { visitorId }, NOW)
    await env.DB.batch([long.statement, recent.statement, live.statement])

    await purgeExpiredTokens(env.DB, NOW).run()
    expect(await findToken(env.DB, long.token, 'verify_email', NOW)).toBeNull()
    expect((await findToken(env.DB, recent.token, 'verify_email', NOW))!.expired).toBe(true)
    expect((await findToken(env.DB, live.token, 'verify_email', NOW))!.expired).toBe(false)
  })

  it('recentlyIssued: a token of that purpose to that visitor since the given instant, inclusive', async () => {
    const { visitorId } = await scene()
    const other = await scene()
    await (await issueToken(env.DB, 'verify_email', { visitorId }, NOW)).statement.run()
    expect(await recentlyIssued(env.DB, { purpose: 'verify_email', visitorId, since: NOW })).toBe(true)
    expect(await recentlyIssued(env.DB, { purpose: 'verify_email', visitorId, since: NOW - DAY })).toBe(true)
    expect(await recentlyIssued(env.DB, { purpose: 'verify_email', visitorId, since: NOW + 1 })).toBe(false)
    expect(await recentlyIssued(env.DB, { purpose: 'privacy_export', visitorId, since: NOW - DAY })).toBe(false)
    expect(await recentlyIssued(env.DB, { purpose: 'verify_email', visitorId: other.visitorId, since: NOW - DAY })).toBe(false)
  })
})
