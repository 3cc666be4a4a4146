import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { BrowserContext, Page } from 'playwright-core'
import { expect, inject } from 'vitest'
import { E2E_ADMIN_TOKEN } from './global-setup'
import { waitForMail } from './mail'

/*
 * The console's end-to-end tests share these: an organisation of their own with an admin, signing in as a person
 * does (the form, the link in the dev outbox, the button), and axe-core over whatever the page shows.
 */

export const base = () => inject('bylineUrl')

/** The admin every console organisation lists. */
export const adminOf = (org: string) => `owner-${org}@council.test`

/** A unique organisation id for one test. */
export const freshOrg = (name: string) => `${name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`

/**
 * An organisation of its own (the demo's staff are other tests' responders): two sites on this worker's origin, three
 * staff, one routing rule. `edit` may change the document before it is applied.
 */
export async function givenConsoleOrg(id: string, edit: (doc: any) => void = () => {}) {
  const doc = {
    org: { id, name: `Council ${id}` },
    admins: [{ email: adminOf(id), name: 'Site owner' }],
    staff: [
      { handle: 'sam', name: 'Sam Ortiz', role: 'Housing officer', email: `sam-${id}@staff.test`, digest: { frequency: 'immediate' } },
      { handle: 'rita', name: 'Rita Gomes', role: 'Planning officer', email: `rita-${id}@staff.test`, digest: { frequency: 'immediate' } },
      { handle: 'lee', name: 'Lee Chan', role: 'Transport officer', email: `lee-${id}@staff.test`, digest: { frequency: 'immediate' } },
    ],
    sites: [
      {
        id,
        name: 'Council news',
        origins: [new URL(base()).origin],
        settings: { defaultResponder: 'sam' },
        rules: [{ when: { path: '/planning/**' }, assign: { staff: 'rita' } }],
      },
    ],
  }
  edit(doc)
  const res = await fetch(`${base()}/v1/admin/config`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(doc),
  })
  expect(res.status, await res.clone().text()).toBe(200)
  return doc
}

/** Signs in to `org`'s console as its admin, as a person does; answers the console page, signed in. */
export async function signInToConsole(context: BrowserContext, org: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${base()}/admin`)
  await page.getByLabel('Organisation id').fill(org)
  await page.getByLabel('Your email address').fill(adminOf(org))
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click()
  await page.getByRole('status').filter({ hasText: 'a link is on its way' }).waitFor()
  const mail = await waitForMail((m) => m.to.includes(adminOf(org)))
  const link = mail.links.find((l) => l.includes('/console/sign-in?token='))!
  expect(link).toBeDefined()
  await page.goto(link)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(`${base()}/admin`)
  await page.getByRole('navigation', { name: 'Console' }).waitFor()
  return page
}

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** axe-core's WCAG 2.2 A/AA rules over the page as it is now, open shadow roots included: no violations. */
export async function expectAccessible(page: Page, what: string) {
  // Evaluated by the test driver, not injected as a <script>, so the console's CSP stays as strict as in use.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await axeSource)
  const violations = await page.evaluate(async () => {
    const axe = (window as any).axe
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
    return result.violations.map((v: any) => `${v.id}: ${v.help} (${v.nodes.map((n: any) => n.target.join(' ')).join('; ')})`)
  })
  expect(violations, `axe on ${what}`).toEqual([])
}
