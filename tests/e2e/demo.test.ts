import { describe, expect, inject, it } from 'vitest'
import type { Thread } from '../../schema'
import { chromiumForTheseTests } from './browser'
import { E2E_ADMIN_TOKEN } from './global-setup'

type DevMail = { messages: { to: string; subject: string; text: string; links: string[] }[] }

describe('the demo, end to end: wrangler dev + local D1 + Chromium', () => {
  const base = inject('bylineUrl')
  const browser = chromiumForTheseTests()

  it('shows who will answer, posts a comment through the form, keeps it after reload, and mails the responder', async () => {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${base}/`)

    // One script tag mounted the widget, and it names the responder before the form.
    await expect.poll(() => page.locator('byline-comments').count()).toBe(1)
    const responder = page.getByText(/Your comment goes to/)
    await responder.waitFor()
    const responderText = await responder.textContent()

    const body = `Will the N7 stop at the hospital's side entrance? ${Date.now()}`
    const field = (name: string) => page.getByRole('textbox', { name, exact: true })
    await field('Name').fill('Priya Raman')
    await field('Email').fill('priya@visitor.test')
    await field('Comment').fill(body)
    await page.getByRole('button', { name: /post/i }).click()

    await page.getByRole('status').filter({ hasText: /posted/i }).waitFor()
    await page.getByText(body).waitFor()

    await page.reload()
    await page.getByText(body).waitFor()
    await expect.poll(() => page.getByText('Priya Raman').count()).toBeGreaterThan(0)

    // The responder's notice is in the local outbox, addressed to the person the card named.
    let notice: DevMail['messages'][number] | undefined
    await expect
      .poll(async () => {
        const mail = (await (await fetch(`${base}/dev/mail.json`)).json()) as DevMail
        notice = mail.messages.find((m) => m.text.includes(body))
        return notice
      })
      .toBeDefined()
    expect(notice!.subject).toContain('Priya Raman')
    const responderName = notice!.to.replace(/ <.*>$/, '')
    expect(responderText).toContain(responderName)
    expect(notice!.links).toContain(`${base}/`)
    expect(errors).toEqual([])
    await page.close()
  })

  it("shows a staff reply with the responder's full byline card, and the conversation as answered", async () => {
    const page = await browser.newPage()
    await page.goto(`${base}/fares.html`)
    const field = (name: string) => page.getByRole('textbox', { name, exact: true })
    const question = `Does the day ticket still work on the N7? ${Date.now()}`
    await field('Name').fill('Sam Okoro')
    await field('Email').fill('sam@visitor.test')
    await field('Comment').fill(question)
    await page.getByRole('button', { name: /post/i }).click()
    await page.getByText(question).waitFor()

    // The fares page's rule gives it to Mei-Lin Chen; she answers (through the admin API until replies by email land).
    const thread = (await (
      await fetch(`${base}/v1/sites/demo/thread?url=${encodeURIComponent(page.url())}`)
    ).json()) as Thread
    const conversation = thread.conversations.find((c) => JSON.stringify(c.comments[0]!.body).includes(question))!
    expect(thread.people[conversation.assignee]!.name).toBe('Mei-Lin Chen')
    // The deployment token only bootstraps: it issues the organisation's own admin token, which replies.
    const issued = await fetch(`${base}/v1/admin/orgs/kestrelford-transport/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'e2e' }),
    })
    expect(issued.status).toBe(201)
    const { token } = (await issued.json()) as { token: string }
    const reply = await fetch(`${base}/v1/admin/conversations/${conversation.id}/replies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ staff: 'meilin', body: 'Yes: the day ticket covers every night bus.' }),
    })
    expect(reply.status).toBe(201)

    await page.reload()
    await page.getByText('Yes: the day ticket covers every night bus.').waitFor()
    await page.getByText('Fares Policy Lead').first().waitFor()
    await page.getByRole('img', { name: 'Mei-Lin Chen' }).first().waitFor()
    await page.getByText('Answered by Mei-Lin Chen').waitFor()
    await page.close()
  })

  it('serves widget.js revalidated at each view (a 304 by ETag), and the chunks it names cached for good, with CORS', async () => {
    const res = await fetch(`${base}/widget.js`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/javascript/)
    expect(res.headers.get('cache-control')).toMatch(/no-cache/)
    const etag = res.headers.get('etag')
    expect(etag).toBeTruthy()
    const again = await fetch(`${base}/widget.js`, { headers: { 'if-none-match': etag! } })
    expect(again.status).toBe(304)
    const chunks = [...(await res.text()).matchAll(/import\(`\.\/(chunks\/[\w-]+\.js)`\)/g)].map((m) => m[1])
    expect(chunks.length).toBeGreaterThan(0)
    for (const chunk of chunks) {
      const part = await fetch(`${base}/${chunk}`, { headers: { origin: 'https://news.example' } })
      expect(part.status, chunk).toBe(200)
      expect(part.headers.get('content-type')).toMatch(/javascript/)
      expect(part.headers.get('cache-control')).toMatch(/immutable/)
      expect(part.headers.get('access-control-allow-origin')).toBe('*')
    }
  })

  it('does not mount twice when the page loads the script twice', async () => {
    const page = await browser.newPage()
    await page.goto(`${base}/`)
    await page.locator('byline-comments').first().waitFor()
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const again = document.createElement('script')
          again.src = '/widget.js'
          again.onload = () => resolve()
          document.body.append(again)
        }),
    )
    expect(await page.locator('byline-comments').count()).toBe(1)
    await page.close()
  })
})
