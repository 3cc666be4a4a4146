import { describe, expect, inject, it } from 'vitest'
import { chromiumForTheseTests } from './browser'
import { waitForMail } from './mail'

const base = inject('bylineUrl')

describe('staff answer from email, end to end', () => {
  const browser = chromiumForTheseTests()

  it('comment → digest in the outbox → Reply link → reply on the page with the byline → visitor notice', async () => {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))

    // A visitor comments on the press release: the /press/* rule gives it to Kamran, who reads hourly digests.
    await page.goto(`${base}/press/answered-by-name.html`)
    await page.getByText(/Your comment goes to/).waitFor()
    const question = `Who answers when Kamran is on leave? ${Date.now()}`
    const field = (name: string) => page.getByRole('textbox', { name, exact: true })
    await field('Name').fill('Ruth Mensah')
    await field('Email').fill('ruth@visitor.test')
    await field('Comment').fill(question)
    await page.getByRole('button', { name: /post/i }).click()
    await page.getByText(question).waitFor()

    // The dev outbox's button runs the cron, which queues and sends his hourly digest.
    const outbox = await browser.newPage()
    await outbox.goto(`${base}/dev/mail`)
    await outbox.getByRole('button', { name: 'Run the cron now' }).click()
    await outbox.getByRole('status').filter({ hasText: /Cron ran/ }).waitFor()
    const digest = await waitForMail((m) => m.to.startsWith('Kamran Siddiqui') && /waiting for your answer$/.test(m.subject) && m.text.includes(question))
    expect(digest.subject).toMatch(/^\d+ (person is|people are) waiting for your answer$/)

    // Click Reply: the page shows the question; GET changed nothing, the form's POST publishes.
    const replyLink = digest.links.find((l) => l.includes('/answer/') && !l.includes('#'))!
    const answer = await browser.newPage()
    await answer.goto(replyLink)
    await answer.getByText(question).waitFor()
    await answer.getByRole('textbox', { name: /Reply as Kamran Siddiqui/ }).fill('Mei-Lin or Adaeze, by name, and the page will say so.')
    await answer.getByRole('button', { name: 'Publish reply' }).click()
    await answer.getByRole('status').filter({ hasText: /published under your name/ }).waitFor()

    // The visitor's page shows the reply with Kamran's byline card, without a hand-written refresh of anything else.
    await page.reload()
    await page.getByText('Mei-Lin or Adaeze, by name, and the page will say so.').waitFor()
    await page.getByText('Answered by Kamran Siddiqui').waitFor()
    await page.getByRole('img', { name: 'Kamran Siddiqui' }).first().waitFor()

    // And the visitor is told, by name and role.
    const notice = await waitForMail((m) => m.to.includes('ruth@visitor.test') && m.text.includes('Mei-Lin or Adaeze'))
    expect(notice.subject).toBe('Kamran Siddiqui (Press Officer) replied to you')
    expect(errors).toEqual([])
  })

  it('shows a clear page for a tampered link, and changes nothing', async () => {
    const page = await browser.newPage()
    const res = await page.goto(`${base}/answer/${'z'.repeat(26)}`)
    expect(res!.status()).toBe(403)
    await page.getByRole('heading', { name: 'This link does not work' }).waitFor()
  })
})
