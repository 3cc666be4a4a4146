import type { Page } from 'playwright-core'
import { describe, expect, inject, it } from 'vitest'
import { COMMENT_MAX_CHARS, type Doc, type Thread } from '../../schema'
import { chromiumForTheseTests } from './browser'

/*
 * What a member of staff types into the reply page, typed by Chromium's keyboard into the page the worker
 * serves: the paragraphs they wrote are the paragraphs published, and a refused form gives their words back.
 */

type DevMail = { messages: { to: string; subject: string; text: string; links: string[] }[] }

const base = inject('bylineUrl')
// Not a demo page: these conversations stay out of the ones the demo's own tests read.
const pageUrl = `${base}/e2e/reply-page-input`

/** A visitor's question about the night network, which the demo gives to Tomasz (immediate notices). */
async function ask(): Promise<{ conversationId: string; marker: string }> {
  const marker = `When does the N7 start running? ${crypto.randomUUID()}`
  const res = await fetch(`${base}/v1/sites/demo/comments`, {
    method: 'POST',
    headers: { origin: base, 'content-type': 'application/json' },
    body: JSON.stringify({ url: pageUrl, topic: 'night-network', name: 'Lena Vogt', email: 'lena@visitor.test', body: marker }),
  })
  expect(res.status).toBe(201)
  const { comment } = (await res.json()) as { comment: { conversationId: string } }
  return { conversationId: comment.conversationId, marker }
}

/** The Reply link of the notice Tomasz got for this question. */
async function replyLink(marker: string): Promise<string> {
  let link: string | undefined
  await expect
    .poll(
      async () => {
        const mail = (await (await fetch(`${base}/dev/mail.json`)).json()) as DevMail
        const notice = mail.messages.find((m) => m.to.startsWith('Tomasz Zieliński') && m.text.includes(marker))
        link = notice?.links.find((l) => l.includes('/answer/') && !l.includes('#'))
        return link
      },
      { timeout: 15_000 },
    )
    .toBeDefined()
  return link!
}

async function conversation(conversationId: string) {
  const thread = (await (await fetch(`${base}/v1/sites/demo/thread?url=${encodeURIComponent(pageUrl)}`)).json()) as Thread
  return { ...thread.conversations.find((c) => c.id === conversationId)!, people: thread.people }
}

/** What the page said after a form: its notice, or why it refused. */
const outcome = (page: Page) => page.getByRole('status').or(page.getByRole('alert')).first().textContent()

describe('typing into the reply page, in Chromium', () => {
  const browser = chromiumForTheseTests()

  it('publishes two typed paragraphs as two paragraphs', async () => {
    const { conversationId, marker } = await ask()
    const page = await browser.newPage()
    await page.goto(await replyLink(marker))
    await page.getByRole('textbox', { name: /^Reply as Tomasz Zieliński/ }).click()
    await page.keyboard.type('First paragraph.')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Enter')
    await page.keyboard.type('Second paragraph.')
    await page.getByRole('button', { name: 'Publish reply' }).click()
    // The browser sends the box's line breaks as CRLF; a refusal here names what the worker objected to.
    expect(await outcome(page)).toMatch(/published under your name/)

    const { comments, people } = await conversation(conversationId)
    const reply = comments.at(-1)!
    expect(reply.author.kind === 'staff' && people[reply.author.handle]).toMatchObject({ name: 'Tomasz Zieliński' })
    expect(reply.body).toEqual<Doc>({
      type: 'doc',
      children: [
        { type: 'paragraph', children: [{ type: 'text', value: 'First paragraph.' }] },
        { type: 'paragraph', children: [{ type: 'text', value: 'Second paragraph.' }] },
      ],
    })
    await page.close()
  })

  it('gives a refused reply back in the box, as it was typed', async () => {
    const { conversationId, marker } = await ask()
    const page = await browser.newPage()
    await page.goto(await replyLink(marker))
    const box = page.getByRole('textbox', { name: /^Reply as Tomasz Zieliński/ })
    // The box's maxlength is a courtesy (it counts a line break as one character; the browser sends two): the
    // worker's limit is the one that holds. Lifted here to send more than the worker takes.
    await box.evaluate((el) => el.removeAttribute('maxlength'))
    await box.click()
    await page.keyboard.type('Too long, and kept:')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Enter')
    // Pasted, not typed: ten thousand key presses would only slow the test.
    await page.keyboard.insertText('x'.repeat(COMMENT_MAX_CHARS))
    const typed = await box.inputValue()
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/reply') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Publish reply' }).click(),
    ])
    expect(response.status()).toBe(400)
    expect(await outcome(page)).toBe(`Your reply must be at most ${COMMENT_MAX_CHARS} characters.`)
    expect(await page.getByRole('textbox', { name: /^Reply as Tomasz Zieliński/ }).inputValue()).toBe(typed)
    expect(typed).toBe(`Too long, and kept:\n\n${'x'.repeat(COMMENT_MAX_CHARS)}`)
    expect((await conversation(conversationId)).comments.map((c) => c.author.kind)).toEqual(['visitor'])
    await page.close()
  })

  it('publishes one reply for a double click, a back-button resubmit and a second tab, and says so each time', async () => {
    const { conversationId, marker } = await ask()
    const link = await replyLink(marker)
    const context = await browser.newContext()
    const [first, second] = [await context.newPage(), await context.newPage()]
    let sent = 0
    context.on('request', (r) => void (r.method() === 'POST' && r.url().endsWith('/reply') && sent++))
    await first.goto(link)
    await second.goto(link)
    const words = 'The N7 starts at midnight from the station.'
    const publish = async (page: Page) => {
      const box = page.getByRole('textbox', { name: /^Reply as Tomasz Zieliński/ })
      // After Back the browser may give the box its text again, or an empty box: the person types it again.
      if ((await box.inputValue()) !== words) await box.fill(words)
      return page.getByRole('button', { name: 'Publish reply' })
    }

    await (await publish(first)).dblclick()
    expect(await outcome(first)).toMatch(/published under your name/)
    await first.goBack()
    await (await publish(first)).click()
    expect(await outcome(first)).toMatch(/published under your name/)
    await (await publish(second)).click()
    expect(await outcome(second)).toMatch(/published under your name/)

    // The double click sent the form once or twice, Back and the second tab once each: one reply was published.
    expect(sent).toBeGreaterThanOrEqual(3)
    const staffReplies = (await conversation(conversationId)).comments.filter((c) => c.author.kind === 'staff')
    expect(staffReplies.map((c) => c.body)).toEqual<Doc[]>([
      { type: 'doc', children: [{ type: 'paragraph', children: [{ type: 'text', value: words }] }] },
    ])
    await context.close()
  })

  it('hides a comment only after "Yes", with no script on the page', async () => {
    const { marker } = await ask()
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(await replyLink(marker))
    const yes = page.getByRole('button', { name: 'Yes, hide it' })
    expect(await yes.isVisible()).toBe(false)
    await page.getByText('Hide…').click()
    await yes.click()
    expect(await outcome(page)).toMatch(/^Hidden/)
    // Hidden now: the comment says so, and the page offers to hide it no more.
    await page.getByRole('article').getByText('hidden by moderators').waitFor()
    expect(await page.getByText('Hide…').count()).toBe(0)
    expect(errors).toEqual([])
    await page.close()
  })
})
