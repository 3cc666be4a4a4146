import { describe, expect, inject, it } from 'vitest'
import { chromiumForTheseTests } from './browser'
import { waitForMail } from './mail'
import { E2E_ADMIN_TOKEN } from './global-setup'

const base = inject('bylineUrl')

/** An organisation of its own (the demo's staff are other tests' responders): Sam answers, Rita may stand in. */
async function givenOrg(id: string) {
  const doc = {
    org: { id, name: 'Self-service Council' },
    staff: [
      { handle: 'sam', name: 'Sam Ortiz', role: 'Housing officer', email: `sam-${id}@staff.test`, digest: { frequency: 'immediate' } },
      { handle: 'rita', name: 'Rita Gomes', role: 'Planning officer', email: `rita-${id}@staff.test`, digest: { frequency: 'immediate' } },
    ],
    sites: [{ id, name: 'Council news', origins: [new URL(base).origin], settings: { defaultResponder: 'sam' } }],
  }
  const res = await fetch(`${base}/v1/admin/config`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(doc),
  })
  expect(res.status).toBe(200)
}

/** A local date-time in UTC (the staff's zone), `days` from now, as a datetime-local field takes it. */
const localAt = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 11) + '00:00'

describe('staff self-service, end to end', () => {
  const browser = chromiumForTheseTests()

  it('notice in the outbox → personal page → away with a delegate → the next comment goes to the delegate', async () => {
    const id = `self-${Date.now().toString(36)}`
    await givenOrg(id)
    const hostUrl = `${base}/self-service-host/${id}`
    const context = await browser.newContext()
    await context.route(hostUrl, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><html lang="en"><head><title>Council news</title></head><body><h1>Council news</h1>
<script src="/widget.js" data-site="${id}" async></script></body></html>`,
      }),
    )
    const errors: string[] = []
    const page = await context.newPage()
    page.on('pageerror', (e) => errors.push(e.message))
    const field = (name: string) => page.getByRole('textbox', { name, exact: true })
    async function comment(body: string) {
      await field('Name').fill('Noor Visitor')
      await field('Email').fill('noor@visitor.test')
      await field('Comment').fill(body)
      await page.getByRole('button', { name: /post/i }).click()
      await page.getByText(body).waitFor()
    }

    await page.goto(hostUrl)
    await page.getByText(/Your comment goes to Sam Ortiz/).waitFor()
    const first = `When is the bin day moving? ${id}`
    await comment(first)

    // Sam's notice carries the link to his own page.
    const notice = await waitForMail((m) => m.to.startsWith('Sam Ortiz') && m.text.includes(first))
    const selfLink = notice.links.find((l) => /\/me\/[a-z2-7]{26}$/.test(l))!
    expect(selfLink).toBeDefined()

    const me = await context.newPage()
    await me.goto(selfLink)
    await me.getByRole('heading', { name: 'Your profile, digest and away dates' }).waitFor()
    await me.getByLabel('Away from').fill(localAt(-1))
    await me.getByLabel('Back on').fill(localAt(2))
    await me.getByLabel('Delegate').selectOption({ label: 'Rita Gomes (Planning officer)' })
    await me.getByLabel('Short bio').fill('Housing questions.\nOne line more.')
    await me.getByRole('button', { name: 'Save' }).click()
    await me.getByRole('status').filter({ hasText: 'Saved.' }).waitFor()
    expect(await me.getByLabel('Short bio').inputValue()).toBe('Housing questions.\nOne line more.')

    // The widget now names Rita, and the next comment is hers: her notice arrives.
    await page.reload()
    await page.getByText(/Your comment goes to Rita Gomes/).waitFor()
    const second = `Who answers while Sam is away? ${id}`
    await comment(second)
    const delegated = await waitForMail((m) => m.text.includes(second))
    expect(delegated.to).toMatch(/^Rita Gomes/)
    expect(errors).toEqual([])
    await context.close()
  })
})
