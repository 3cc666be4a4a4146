import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../worker/src/index'
import type { Env } from '../../worker/src/env'
import { givenSite, orgConfig } from './helpers'
import { recordingD1, type RecordedStatement } from './store/recording-d1'

/*
 * The console's sign-in and session paths read through indexes, on the SQL the worker runs: each request of a whole
 * sign-in (request, mail, page, confirm, session calls, activity, sign-out) goes through a recording D1, then SQLite
 * explains each statement. A session check runs on every console call, so it must not grow with the log or the admins.
 */

const WORKER = 'https://byline.test'
const CONSOLE = { origin: WORKER, 'x-byline-console': '1' }

async function plan(s: RecordedStatement): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).bind(...s.binds).all<{ detail: string }>()
  return results.map((r) => r.detail)
}

// A bound JSON list (json_each) or a subquery's rows may be scanned; a table may not.
const scanned = (detail: string) => (/ VIRTUAL TABLE /.test(detail) ? undefined : /^SCAN (?!\(subquery|CONSTANT ROW)(\w+)/.exec(detail)?.[1])

describe('query plans of console sign-in', () => {
  it('reads every console table through an index, from the sign-in request to sign-out', async () => {
    const doc = orgConfig()
    const email = `owner-${doc.org.id}@example.org`
    doc.admins = [{ email }]
    await givenSite(doc)

    const recording = recordingD1(env.DB)
    const ctx = createExecutionContext()
    const recordingEnv: Env = { ...env, DB: recording.db }
    const call = (path: string, init?: RequestInit) => worker.fetch(new Request(`${WORKER}${path}`, init), recordingEnv, ctx)

    const json = { 'content-type': 'application/json', ...CONSOLE }
    expect((await call('/v1/console/sign-in', { method: 'POST', headers: json, body: JSON.stringify({ org: doc.org.id, email }) })).status).toBe(202)
    await waitOnExecutionContext(ctx)
    const mail = await env.DB.prepare(`SELECT text_body AS text FROM dev_mail WHERE to_address LIKE ?1 ORDER BY created_at DESC`)
      .bind(`%${email}%`)
      .first<{ text: string }>()
    const token = /\/console\/sign-in\?token=([a-z2-7]{26})/.exec(mail!.text)![1]!
    expect((await call(`/console/sign-in?token=${token}`)).status).toBe(200)
    const confirmed = await call('/console/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: WORKER },
      body: `token=${token}`,
      redirect: 'manual',
    })
    expect(confirmed.status).toBe(303)
    const cookie = confirmed.headers.get('set-cookie')!.split(';')[0]!
    expect((await call('/v1/console/me', { headers: { cookie } })).status).toBe(200)
    expect((await call('/v1/console/activity?limit=1', { headers: { cookie } })).status).toBe(200)
    expect((await call('/v1/console/sign-out', { method: 'POST', headers: { cookie, ...CONSOLE } })).status).toBe(200)
    await waitOnExecutionContext(ctx)

    const consoleTables = /\b(org_admins|console_sign_in_tokens|admin_sessions|console_activity)\b/
    const mine = recording.statements.filter((s) => consoleTables.test(s.sql))
    const named = new Set(mine.flatMap((s) => [...s.sql.matchAll(new RegExp(consoleTables, "g"))].map((m) => m[1])))
    expect([...named].sort()).toEqual(['admin_sessions', 'console_activity', 'console_sign_in_tokens', 'org_admins'])
    const scans = []
    for (const s of mine) {
      const tables = (await plan(s)).flatMap((d) => scanned(d) ?? [])
      if (tables.length) scans.push({ sql: s.sql.replace(/\s+/g, ' ').trim(), tables })
    }
    expect(scans).toEqual([])
  })
})
