import { SELF } from 'cloudflare:test'
import { expect, vi } from 'vitest'
import type { OrgConfigInput } from '../../schema'
import { devMail, givenSite, orgConfig } from './helpers'

/* Console sessions for the console's API tests: an organisation with an admin, signed in through the mailed link. */

export const WORKER = 'https://byline.test'
export const CONSOLE = { origin: WORKER, 'x-byline-console': '1' }

/** An organisation with a site and one console admin (unique to the test), as `doc` is, or the usual one. */
export async function givenOrg(doc: OrgConfigInput = orgConfig()): Promise<{ doc: OrgConfigInput; org: string; site: string; email: string }> {
  const email = `owner-${doc.org.id}@example.org`
  doc.admins = [{ email, name: 'Olu Owner' }]
  const site = await givenSite(doc)
  return { doc, org: doc.org.id, site, email }
}

/** The link a new sign-in request mails to an admin (a mail not in the outbox before the request). */
export async function signInLink(org: string, email: string): Promise<string> {
  const seen = new Set((await devMail()).map((m) => m.links.join()))
  const asked = await SELF.fetch(`${WORKER}/v1/console/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...CONSOLE },
    body: JSON.stringify({ org, email }),
  })
  expect(asked.status).toBe(202)
  let link: string | undefined
  await vi.waitFor(
    async () => {
      const fresh = (await devMail()).find((m) => m.to.includes(`<${email}>`) && !seen.has(m.links.join()))
      link = fresh?.links.find((l) => l.includes('/console/sign-in?token='))
      if (!link) throw new Error(`no new sign-in mail to ${email}`)
    },
    { timeout: 5000 },
  )
  return link!
}

/** Signs the admin in through the mailed link; the Cookie header to send. */
export async function signedIn(org: string, email: string): Promise<string> {
  const link = await signInLink(org, email)
  const res = await SELF.fetch(`${WORKER}/console/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: WORKER },
    body: new URLSearchParams({ token: new URL(link).searchParams.get('token')! }).toString(),
    redirect: 'manual',
  })
  expect(res.status).toBe(303)
  return /^(byline_console=[^;]*)/.exec(res.headers.get('set-cookie')!)![1]!
}

/** A call with the session, as the console makes it: changes carry the console's Origin and header. */
export function withSession(path: string, cookie: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const method = init.method ?? 'GET'
  return SELF.fetch(`${WORKER}${path}`, {
    method,
    headers: {
      cookie,
      ...(method === 'GET' ? {} : CONSOLE),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
}

export const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code

type Activity = { entries: { actor: { email: string }; action: string; target: string | null }[] }

/** The organisation's activity log, newest first, as the console shows it. */
export async function activityOf(cookie: string) {
  const res = await withSession('/v1/console/activity', cookie)
  expect(res.status).toBe(200)
  return ((await res.json()) as Activity).entries
}
