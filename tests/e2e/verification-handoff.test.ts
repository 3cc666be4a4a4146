import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { NewCommentInput } from '../../schema/api/comments'
import { launchChromium } from './browser'
import { E2E_ADMIN_TOKEN } from './global-setup'

/*
 * Email verification, end to end in Chromium against the real worker: a comment held for its address, the link in
 * the email, "Confirm and publish", "Back to …", and the widget taking what the confirmation page handed over
 * (the credential for the address, the comments' new owner tokens) so that its next comment is published at once.
 */

type DevMail = { messages: { to: string; subject: string; text: string; links: string[] }[] }

const base = inject('bylineUrl')
const SITE = 'e2e-verified'
// Not a demo page: a page of this test's own site, which the test serves itself (below).
const articleUrl = `${base}/e2e/verification-handoff`
const ARTICLE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Night buses from May</title></head>
<body><h1>Night buses from May</h1><script src="/widget.js" data-site="${SITE}" async></script></body></html>`

/** An organisation of its own whose one site holds every comment until its author confirms their address. */
async function setUpSite() {
  const res = await fetch(`${base}/v1/admin/config`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      org: { id: 'e2e-verified-news', name: 'Verified News' },
      staff: [{ handle: 'rosa', name: 'Rosa Lind', role: 'Transport editor', email: 'rosa@staff.test' }],
      sites: [
        {
          id: SITE,
          name: 'Verified News',
          origins: [base],
          settings: { defaultResponder: 'rosa', requireVerifiedEmail: true },
        },
      ],
    }),
  })
  expect(res.status, await res.text()).toBe(200)
}

/** The confirmation link the worker mailed to this address. */
async function confirmationLink(email: string): Promise<string> {
  let link: string | undefined
  await expect
    .poll(
      async () => {
        const mail = (await (await fetch(`${base}/dev/mail.json`)).json()) as DevMail
        link = mail.messages.find((m) => m.to.includes(email))?.links.find((l) => l.includes('/verify/'))
        return link
      },
      { timeout: 15_000 },
    )
    .toBeDefined()
  return link!
}

const field = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true })

/** Writes a comment in the widget and sends it; the worker's answer to the post. */
async function write(page: Page, body: string) {
  await field(page, 'Comment').fill(body)
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/sites/${SITE}/comments`))
  await page.getByRole('button', { name: 'Post comment' }).click()
  return answer
}

describe('confirming an address hands this browser what it needs to post without confirming again', () => {
  let browser: Browser
  beforeAll(async () => {
    await setUpSite()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('held comment → email link → Confirm and publish → Back to the page → the next comment is published directly', async () => {
    const context = await browser.newContext()
    await context.route(`${articleUrl}*`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: ARTICLE }))
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    // A step that does not happen fails with its locator, well before the test's own timeout.
    page.setDefaultTimeout(10_000)
    await page.goto(articleUrl)
    await page.getByText(/Your comment goes to/).waitFor()

    const email = `ines.${crypto.randomUUID()}@visitor.test`
    const first = `Will the N4 run on Sundays too? ${crypto.randomUUID()}`
    await field(page, 'Name').fill('Inès Moreau')
    await field(page, 'Email').fill(email)
    const held = await write(page, first)
    expect(held.status(), await held.text()).toBe(201)
    const status = page.getByRole('status')
    await expect.poll(() => status.textContent()).toContain(`Confirm your email to publish it: we sent a link to ${email}.`)

    // The email's link shows what it will publish before anything is published.
    await page.goto(await confirmationLink(email))
    await page.getByText(first).waitFor()
    await page.getByRole('button', { name: 'Confirm and publish' }).click()
    await page.getByText('Your address is confirmed and your comment is published.').waitFor()
    await page.getByRole('link', { name: 'Back to Night buses from May' }).click()

    // Back on the page: the hand-off is taken and out of the address bar; the comment is published and this
    // browser's own (its new owner token edits it).
    await page.getByText(first).waitFor()
    await expect.poll(() => page.url()).toBe(articleUrl)
    expect(await page.getByText('Confirm your email').count()).toBe(0)
    const article = page.getByRole('article').filter({ hasText: first })
    await article.getByRole('button', { name: 'Edit', exact: true }).click()
    await page.getByRole('textbox', { name: 'Edit your comment' }).fill(`${first} And on holidays?`)
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => status.textContent()).toBe('Saved.')

    // The next comment carries the credential and is published at once: no "check your email".
    const second = `Thank you, and the N5? ${crypto.randomUUID()}`
    const posted = await write(page, second)
    expect(posted.status(), await posted.text()).toBe(201)
    expect((posted.request().postDataJSON() as NewCommentInput).visitorCredential).toMatch(/^vc1\./)
    expect(((await posted.json()) as { comment: { state: string } }).comment.state).toBe('published')
    await expect.poll(() => status.textContent()).toBe('Posted — Rosa Lind will see it.')
    expect(await page.getByText('Confirm your email').count()).toBe(0)

    // Everyone sees both.
    const thread = (await (await fetch(`${base}/v1/sites/${SITE}/thread?url=${encodeURIComponent(articleUrl)}`)).json()) as {
      conversations: { comments: { body: unknown; state: string }[] }[]
    }
    const shown = JSON.stringify(thread.conversations.flatMap((c) => c.comments.filter((m) => m.state === 'published')))
    expect(shown).toContain('And on holidays?')
    expect(shown).toContain(second)
    expect(errors).toEqual([])
    await context.close()
  })
})
