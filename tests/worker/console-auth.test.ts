import { env, SELF } from 'cloudflare:test'
import { describe, expect, it, vi } from 'vitest'
import { runCron } from '../../worker/src/cron'
import { CONSOLE, givenOrg, signedIn, signInLink, withSession, WORKER } from './console-helpers'
import { devMail, putConfig, type DevMessage } from './helpers'

/*
 * Console sign-in: a magic link mailed to an organisation's admin opens a session only when its page is confirmed by
 * a POST; sessions live in D1 behind an HttpOnly, SameSite=Strict cookie; every mutating console call proves it
 * comes from the console; and the activity log records who did what, for their own organisation only.
 */

function askForLink(body: unknown, headers: Record<string, string> = CONSOLE) {
  return SELF.fetch(`${WORKER}/v1/console/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
}

/** The sign-in mail to this address, once the outbox has it. */
async function signInMail(email: string): Promise<DevMessage> {
  let found: DevMessage | undefined
  await vi.waitFor(
    async () => {
      found = (await devMail()).find((m) => m.to.includes(`<${email}>`) && m.subject.startsWith('Sign in to the Byline console'))
      if (!found) throw new Error(`no sign-in mail to ${email}`)
    },
    { timeout: 5000 },
  )
  return found!
}

const tokenOf = (link: string) => new URL(link).searchParams.get('token')!

/** The confirmation the link's page posts, from that page. */
function confirm(token: string, base = WORKER) {
  return SELF.fetch(`${base}/console/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
    body: new URLSearchParams({ token }).toString(),
    redirect: 'manual',
  })
}

/** The session id a response's Set-Cookie carries. */
const sessionOf = (res: Response) => /^byline_console=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1]

function consoleCall(path: string, cookie: string, init: Parameters<typeof withSession>[2] = {}) {
  return withSession(`/v1/console${path}`, cookie, init)
}

const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code

/** Everything sign-in can change, to prove a request changed none of it. */
async function signInState(org: string) {
  const one = (sql: string) => env.DB.prepare(sql).bind(org).first<{ n: number }>().then((r) => r!.n)
  return {
    spent: await one(`SELECT count(*) AS n FROM console_sign_in_tokens WHERE org_id = ?1 AND used_at IS NOT NULL`),
    sessions: await one(`SELECT count(*) AS n FROM admin_sessions WHERE org_id = ?1`),
    activity: await one(`SELECT count(*) AS n FROM console_activity WHERE org_id = ?1`),
    events: await one(`SELECT count(*) AS n FROM events WHERE kind LIKE 'console.%' AND payload ->> 'orgId' = ?1`),
  }
}

type Activity = { entries: { id: number; at: string; actor: { email: string }; action: string; target: string | null }[]; next: number | null }

describe('console sign-in by magic link', () => {
  it('answers 202 with the same body for an admin, a stranger and an unknown organisation, and mails only the admin', async () => {
    const { org, email } = await givenOrg()
    const answers = []
    for (const body of [{ org, email }, { org, email: `nobody-${org}@example.org` }, { org: `no-${org}`, email }]) {
      const res = await askForLink(body)
      answers.push({ status: res.status, body: await res.json() })
    }
    expect(answers[1]).toEqual(answers[0])
    expect(answers[2]).toEqual(answers[0])
    expect(answers[0]!.status).toBe(202)
    await signInMail(email)
    expect((await devMail()).filter((m) => m.to.includes(`nobody-${org}@`))).toEqual([])
  })

  it('matches the address in any case, and mails at most one link per address and ten minutes', async () => {
    const { org, email } = await givenOrg()
    expect((await askForLink({ org, email: email.toUpperCase() })).status).toBe(202)
    expect((await askForLink({ org, email })).status).toBe(202)
    await signInMail(email)
    const asked = await env.DB.prepare(`SELECT count(*) AS n FROM events WHERE kind = 'console.sign_in_requested' AND payload ->> 'orgId' = ?1`)
      .bind(org)
      .first<{ n: number }>()
    expect(asked!.n).toBe(1)
  })

  it('stores the link hashed, for 15 minutes, and its page changes nothing until "Sign in" is posted', async () => {
    const { org, email } = await givenOrg()
    const link = await signInLink(org, email)
    const token = tokenOf(link)
    expect(token).toMatch(/^[a-z2-7]{26}$/)
    const row = await env.DB.prepare(`SELECT * FROM console_sign_in_tokens WHERE org_id = ?1`).bind(org).first<{ expires_at: number; created_at: number }>()
    expect(JSON.stringify(row)).not.toContain(token)
    expect(row!.expires_at - row!.created_at).toBe(15 * 60_000)

    const before = await signInState(org)
    const page = await SELF.fetch(link)
    expect(page.status).toBe(200)
    expect(page.headers.get('set-cookie')).toBeNull()
    const text = await page.text()
    expect(text).toContain('<form method="post" action="/console/sign-in">')
    expect(text).toContain('<button>Sign in</button>')
    expect(text).toContain(email)
    expect(text).toContain('Example Agency')
    // Twice, as a mail scanner and then the person would: still nothing.
    expect((await SELF.fetch(link)).status).toBe(200)
    expect(await signInState(org)).toEqual(before)
  })

  it('signs in on the POST: a session row (hashed id), the cookie, and a 303 to /admin', async () => {
    const { org, email } = await givenOrg()
    const res = await confirm(tokenOf(await signInLink(org, email)))
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin')
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(/^byline_console=[a-z2-7]{52}; /)
    expect(cookie.split('; ').slice(1).sort()).toEqual(['HttpOnly', 'Max-Age=604800', 'Path=/', 'SameSite=Strict', 'Secure'])
    const sessions = await env.DB.prepare(`SELECT * FROM admin_sessions WHERE org_id = ?1`).bind(org).all<{ email: string; created_at: number; expires_at: number }>()
    expect(sessions.results).toHaveLength(1)
    expect(sessions.results[0]!.email).toBe(email)
    expect(sessions.results[0]!.expires_at - sessions.results[0]!.created_at).toBe(7 * 86_400_000)
    expect(JSON.stringify(sessions.results)).not.toContain(sessionOf(res))

    const me = await consoleCall('/me', `byline_console=${sessionOf(res)}`)
    expect(me.status).toBe(200)
    const body = (await me.json()) as { org: { id: string; name: string }; admin: { email: string; name: string }; session: Record<string, string> }
    expect(body.org).toEqual({ id: org, name: 'Example Agency' })
    expect(body.admin).toEqual({ email, name: 'Olu Owner' })
    expect(Date.parse(body.session.expiresAt!) - Date.parse(body.session.signedInAt!)).toBe(7 * 86_400_000)
    expect(Date.parse(body.session.idleExpiresAt!) - Date.parse(body.session.signedInAt!)).toBe(12 * 3_600_000)
  })

  it('leaves Secure off the cookie only on plain-http localhost and 127.0.0.1', async () => {
    const { org, email } = await givenOrg()
    for (const base of ['http://localhost:8787', 'http://127.0.0.1:8787']) {
      const res = await confirm(tokenOf(await signInLink(org, email)), base)
      expect(res.status).toBe(303)
      expect(res.headers.get('set-cookie')!.split('; ').slice(1).sort()).toEqual(['HttpOnly', 'Max-Age=604800', 'Path=/', 'SameSite=Strict'])
    }
    const res = await confirm(tokenOf(await signInLink(org, email)), 'http://byline.example.org')
    expect(res.status).toBe(303)
    expect(res.headers.get('set-cookie')).toContain('; Secure')
  })

  it('refuses a link used once already (410), with a way to ask for a new one, and opens no second session', async () => {
    const { org, email } = await givenOrg()
    const link = await signInLink(org, email)
    expect((await confirm(tokenOf(link))).status).toBe(303)
    const again = await confirm(tokenOf(link))
    expect(again.status).toBe(410)
    expect(again.headers.get('set-cookie')).toBeNull()
    const text = await again.text()
    expect(text).toContain('already used')
    expect(text).toContain('action="/console/sign-in/new"')
    expect((await SELF.fetch(link)).status).toBe(410)
    expect((await signInState(org)).sessions).toBe(1)
  })

  it('refuses an expired link (410) on the page and on the POST, and opens no session', async () => {
    const { org, email } = await givenOrg()
    const link = await signInLink(org, email)
    await env.DB.prepare(`UPDATE console_sign_in_tokens SET expires_at = ?2 WHERE org_id = ?1`).bind(org, Date.now() - 1).run()
    const page = await SELF.fetch(link)
    expect(page.status).toBe(410)
    expect(await page.text()).toContain('expired')
    const res = await confirm(tokenOf(link))
    expect(res.status).toBe(410)
    expect(res.headers.get('set-cookie')).toBeNull()
    expect((await signInState(org)).sessions).toBe(0)
  })

  it('refuses a tampered or made-up link (403) and opens no session', async () => {
    const { org, email } = await givenOrg()
    const token = tokenOf(await signInLink(org, email))
    const tampered = (token[0] === 'a' ? 'b' : 'a') + token.slice(1)
    for (const t of [tampered, token.slice(0, -1), `${token}a`, '', '<script>']) {
      const page = await SELF.fetch(`${WORKER}/console/sign-in?token=${encodeURIComponent(t)}`)
      expect(page.status).toBe(403)
      expect(await page.text()).toContain('does not work')
      expect((await confirm(t)).status).toBe(403)
    }
    expect((await signInState(org)).sessions).toBe(0)
    // The real link still works afterwards.
    expect((await confirm(token)).status).toBe(303)
  })

  it('asks for a new link from the refusal page with the same answer for anyone', async () => {
    const { org, email } = await givenOrg()
    const form = (fields: Record<string, string>) =>
      SELF.fetch(`${WORKER}/console/sign-in/new`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: WORKER },
        body: new URLSearchParams(fields).toString(),
      })
    const mine = await form({ org, email })
    const stranger = await form({ org, email: `nobody-${org}@example.org` })
    expect(mine.status).toBe(200)
    expect(await stranger.text()).toBe(await mine.text())
    await signInMail(email)
    expect((await form({ org, email: 'not an address' })).status).toBe(400)
  })

  it('refuses a confirmation posted from another site (login CSRF)', async () => {
    const { org, email } = await givenOrg()
    const res = await SELF.fetch(`${WORKER}/console/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ token: tokenOf(await signInLink(org, email)) }).toString(),
      redirect: 'manual',
    })
    expect(res.status).toBe(403)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect((await signInState(org)).sessions).toBe(0)
  })
})

describe('the console session', () => {
  it('answers 401 not_signed_in without a cookie or with one no session has', async () => {
    for (const cookie of ['', 'byline_console=', `byline_console=${'a'.repeat(52)}`, 'byline_console=garbage']) {
      const res = await consoleCall('/me', cookie)
      expect(res.status).toBe(401)
      expect(await codeOf(res)).toBe('not_signed_in')
    }
  })

  it('answers 401 session_expired after 12 hours unused or 7 days in all', async () => {
    const { org, email } = await givenOrg()
    const idle = await signedIn(org, email)
    await env.DB.prepare(`UPDATE admin_sessions SET last_seen_at = ?2 WHERE org_id = ?1`).bind(org, Date.now() - 12 * 3_600_000 - 1).run()
    const res = await consoleCall('/me', idle)
    expect(res.status).toBe(401)
    expect(await codeOf(res)).toBe('session_expired')
    expect(res.headers.get('set-cookie')).toContain('Max-Age=0')

    const old = await signedIn(org, email)
    await env.DB.prepare(`UPDATE admin_sessions SET expires_at = ?2 WHERE org_id = ?1`).bind(org, Date.now() - 1).run()
    expect(await codeOf(await consoleCall('/me', old))).toBe('session_expired')
  })

  it('has the cron clear sessions past their expiry and keep the ones in use', async () => {
    const { org, email } = await givenOrg()
    const kept = await signedIn(org, email)
    await signedIn(org, email)
    await signedIn(org, email)
    // One unused for 12 hours, one past its 7 days; the first is in use.
    const [, idle, old] = (await env.DB.prepare(`SELECT hash FROM admin_sessions WHERE org_id = ?1 ORDER BY created_at, rowid`).bind(org).all<{ hash: string }>()).results
    await env.DB.prepare(`UPDATE admin_sessions SET last_seen_at = ?2 WHERE hash = ?1`).bind(idle!.hash, Date.now() - 12 * 3_600_000 - 1).run()
    await env.DB.prepare(`UPDATE admin_sessions SET expires_at = ?2 WHERE hash = ?1`).bind(old!.hash, Date.now() - 1).run()
    await runCron(env, Date.now())
    const left = await env.DB.prepare(`SELECT count(*) AS n FROM admin_sessions WHERE org_id = ?1`).bind(org).first<{ n: number }>()
    expect(left!.n).toBe(1)
    expect((await consoleCall('/me', kept)).status).toBe(200)
  })

  it('ends at sign-out: the row is gone, the cookie cleared, and the old cookie no longer signs in', async () => {
    const { org, email } = await givenOrg()
    const cookie = await signedIn(org, email)
    const res = await consoleCall('/sign-out', cookie, { method: 'POST' })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ signedOut: true })
    expect(res.headers.get('set-cookie')).toMatch(/^byline_console=; Max-Age=0; Path=\/; HttpOnly; Secure; SameSite=Strict$/)
    expect((await signInState(org)).sessions).toBe(0)
    const after = await consoleCall('/me', cookie)
    expect(after.status).toBe(401)
    expect(await codeOf(after)).toBe('not_signed_in')
  })

  it('ends when the admin is removed from the config, and their address no longer gets links', async () => {
    const { doc, org, email } = await givenOrg()
    const cookie = await signedIn(org, email)
    expect((await putConfig({ ...doc, admins: [{ email: `other-${org}@example.org` }] })).status).toBe(200)
    expect(await codeOf(await consoleCall('/me', cookie))).toBe('not_signed_in')
    // A link mailed before the removal no longer signs in.
    expect((await putConfig(doc)).status).toBe(200)
    const link = await signInLink(org, email)
    expect((await putConfig({ ...doc, admins: [{ email: `other-${org}@example.org` }] })).status).toBe(200)
    expect((await confirm(tokenOf(link))).status).toBe(403)
    expect((await signInState(org)).sessions).toBe(0)
    // A document without the list leaves the admins as they are.
    expect((await putConfig({ ...doc, admins: undefined })).status).toBe(200)
    const admins = await env.DB.prepare(`SELECT email FROM org_admins WHERE org_id = ?1`).bind(org).all<{ email: string }>()
    expect(admins.results).toEqual([{ email: `other-${org}@example.org` }])
  })
})

describe('CSRF on console changes', () => {
  it('refuses a change without Origin, with another Origin, or without X-Byline-Console (403 csrf_refused), and changes nothing', async () => {
    const { org, email } = await givenOrg()
    const cookie = await signedIn(org, email)
    const before = await signInState(org)
    const refusedHeaders: Record<string, string>[] = [
      { 'x-byline-console': '1' },
      { origin: 'https://evil.example', 'x-byline-console': '1' },
      { origin: 'null', 'x-byline-console': '1' },
      { origin: WORKER },
      { origin: WORKER, 'x-byline-console': '0' },
    ]
    for (const headers of refusedHeaders) {
      const res = await SELF.fetch(`${WORKER}/v1/console/sign-out`, { method: 'POST', headers: { cookie, ...headers } })
      expect(res.status).toBe(403)
      expect(await codeOf(res)).toBe('csrf_refused')
      const link = await askForLink({ org, email }, headers)
      expect(link.status).toBe(403)
    }
    expect(await signInState(org)).toEqual(before)
    expect((await consoleCall('/me', cookie)).status).toBe(200)
  })

  it("accepts PUBLIC_URL's origin and the request's own", async () => {
    const { org, email } = await givenOrg()
    const cookie = await signedIn(org, email)
    const res = await SELF.fetch('http://localhost:8787/v1/console/sign-out', {
      method: 'POST',
      headers: { cookie, origin: 'http://localhost:8787', 'x-byline-console': '1' },
    })
    expect(res.status).toBe(200)
  })
})

describe('the activity log', () => {
  it('shows the sign-in and a config change with who and when, newest first, paged', async () => {
    const { doc, org, email } = await givenOrg()
    const start = Date.now()
    const cookie = await signedIn(org, email)
    const changed = await consoleCall('/config', cookie, { method: 'PUT', body: { ...doc, org: { ...doc.org, name: 'Example Agency (renamed)' } } })
    expect(changed.status).toBe(200)
    const end = Date.now()

    const res = await consoleCall('/activity', cookie)
    expect(res.status).toBe(200)
    const log = (await res.json()) as Activity
    expect(log.entries.map((e) => [e.action, e.actor.email, e.target])).toEqual([
      ['config.applied', email, org],
      ['console.signed_in', email, org],
    ])
    for (const e of log.entries) {
      expect(Date.parse(e.at)).toBeGreaterThanOrEqual(start - 1000)
      expect(Date.parse(e.at)).toBeLessThanOrEqual(end + 1000)
    }
    expect(log.next).toBeNull()

    const first = (await (await consoleCall('/activity?limit=1', cookie)).json()) as Activity
    expect(first.entries.map((e) => e.action)).toEqual(['config.applied'])
    expect(first.next).toBe(first.entries[0]!.id)
    const second = (await (await consoleCall(`/activity?limit=1&before=${first.next}`, cookie)).json()) as Activity
    expect(second.entries.map((e) => e.action)).toEqual(['console.signed_in'])
    expect(second.next).toBeNull()

    // The same change through the deployment's API is not an admin's: the log does not gain an entry.
    expect((await putConfig(doc)).status).toBe(200)
    expect(((await (await consoleCall('/activity', cookie)).json()) as Activity).entries).toHaveLength(2)
  })

  it('records sign-out', async () => {
    const { org, email } = await givenOrg()
    await consoleCall('/sign-out', await signedIn(org, email), { method: 'POST' })
    const reader = await signedIn(org, email)
    const log = (await (await consoleCall('/activity', reader)).json()) as Activity
    expect(log.entries.map((e) => e.action)).toEqual(['console.signed_in', 'console.signed_out', 'console.signed_in'])
  })

  it("keeps a session to its own organisation: B's log is not in A's, and A cannot apply B's config", async () => {
    const a = await givenOrg()
    const b = await givenOrg()
    const aCookie = await signedIn(a.org, a.email)
    const bCookie = await signedIn(b.org, b.email)
    await consoleCall('/config', bCookie, { method: 'PUT', body: b.doc })

    const aLog = (await (await consoleCall('/activity', aCookie)).json()) as Activity
    expect(aLog.entries.map((e) => [e.action, e.actor.email, e.target])).toEqual([['console.signed_in', a.email, a.org]])

    const refused = await consoleCall('/config', aCookie, { method: 'PUT', body: { ...b.doc, org: { ...b.doc.org, name: 'Taken over' } } })
    expect(refused.status).toBe(404)
    expect(await codeOf(refused)).toBe('org_not_found')
    const bOrg = await env.DB.prepare(`SELECT name FROM orgs WHERE id = ?1`).bind(b.org).first<{ name: string }>()
    expect(bOrg!.name).toBe('Example Agency')
    expect(((await (await consoleCall('/activity', bCookie)).json()) as Activity).entries.map((e) => e.action)).toEqual([
      'config.applied',
      'console.signed_in',
    ])
  })

  it('refuses a bad page query with 400 invalid_request', async () => {
    const { org, email } = await givenOrg()
    const cookie = await signedIn(org, email)
    for (const q of ['limit=0', 'limit=101', 'limit=x', 'before=-1', 'before=abc']) {
      const res = await consoleCall(`/activity?${q}`, cookie)
      expect(res.status).toBe(400)
      expect(await codeOf(res)).toBe('invalid_request')
    }
  })
})
