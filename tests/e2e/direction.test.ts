import type { Page } from 'playwright-core'
import { describe, expect, inject, it } from 'vitest'
import type { Thread } from '../../schema'
import { chromiumForTheseTests } from './browser'
import { E2E_ADMIN_TOKEN } from './global-setup'

/*
 * A name that carries a right-to-left override (U+202E turns everything after it around) on the pages and in the
 * emails the worker makes, laid out by Chromium: the words after the name stay after it. A visitor's name loses the
 * override when it comes in (docs/unicode.md); a staff name comes from the organisation's config, which keeps it,
 * so it is the name that has to be isolated (<bdi>) wherever it is shown.
 */

type DevMail = { messages: { to: string; subject: string; text: string; html: string; links: string[] }[] }

const base = inject('bylineUrl')
const SITE = 'e2e-direction'
const pageUrl = `${base}/e2e/direction`
const OVERRIDE = '\u202E'
const STAFF = { name: `${OVERRIDE}Rosa Lind`, role: 'Transport editor', email: 'rosa@direction.test' }

/** An organisation of its own whose one member of staff has the override at the start of her name. */
async function setUpSite() {
  const res = await fetch(`${base}/v1/admin/config`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      org: { id: 'e2e-direction-news', name: 'Direction News' },
      staff: [{ handle: 'rosa', ...STAFF, digest: { frequency: 'immediate' } }],
      sites: [{ id: SITE, name: 'Direction News', origins: [base], settings: { defaultResponder: 'rosa' } }],
    }),
  })
  expect(res.status, await res.text()).toBe(200)
}

/** The first message in the dev outbox that matches, once it is there. */
async function mailWhere(match: (m: DevMail['messages'][number]) => boolean) {
  let found: DevMail['messages'][number] | undefined
  await expect
    .poll(
      async () => {
        const mail = (await (await fetch(`${base}/dev/mail.json`)).json()) as DevMail
        found = mail.messages.find(match)
        return found
      },
      { timeout: 15_000 },
    )
    .toBeDefined()
  return found!
}

type Box = { left: number; right: number; top: number; bottom: number }

/**
 * Where each of `words` is drawn inside the first element that matches `selector` and holds all of them. With
 * `unisolated`, in a copy of that element put beside it whose <bdi> elements are plain text: what the words would
 * look like if the name were not isolated.
 */
function drawn(page: Page, selector: string, words: string[], unisolated = false): Promise<Box[]> {
  return page.evaluate(
    ({ selector, words, unisolated }) => {
      const holder = Array.from(document.querySelectorAll(selector)).find((e) => words.every((w) => e.textContent!.includes(w)))
      if (!holder) throw new Error(`no ${selector} holding ${words.join(' / ')}`)
      let el = holder
      if (unisolated) {
        el = holder.cloneNode(true) as Element
        el.querySelectorAll('bdi').forEach((bdi) => bdi.replaceWith(...Array.from(bdi.childNodes)))
        el.normalize()
        holder.after(el)
      }
      return words.map((word) => {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const at = n.textContent!.indexOf(word)
          if (at < 0) continue
          const range = document.createRange()
          range.setStart(n, at)
          range.setEnd(n, at + word.length)
          const { left, right, top, bottom } = range.getBoundingClientRect()
          return { left, right, top, bottom }
        }
        throw new Error(`no text ${word}`)
      })
    },
    { selector, words, unisolated },
  )
}

/** In these left-to-right pages, each box is drawn after the one before it, on the same line. */
function expectInReadingOrder(boxes: Box[]) {
  for (let i = 1; i < boxes.length; i++) {
    expect(boxes[i]!.top).toBeLessThan(boxes[i - 1]!.bottom)
    expect(boxes[i]!.left).toBeGreaterThanOrEqual(boxes[i - 1]!.right - 1)
  }
}

describe('a right-to-left override in a name, laid out in Chromium', () => {
  const browser = chromiumForTheseTests()

  it('keeps to the name on the reply page and in both emails; the visitor\'s own override was removed', async () => {
    await setUpSite()
    const marker = crypto.randomUUID()
    const posted = await fetch(`${base}/v1/sites/${SITE}/comments`, {
      method: 'POST',
      headers: { origin: base, 'content-type': 'application/json' },
      body: JSON.stringify({
        url: pageUrl,
        title: 'Night buses',
        name: `${OVERRIDE}Jane Reader`,
        email: 'jane@direction.test',
        body: `متى يبدأ الخط الليلي؟ ${marker}`,
      }),
    })
    expect(posted.status, await posted.clone().text()).toBe(201)

    // The notice Rosa gets: "Your answer is published under your name (NAME), with your role…".
    const notice = await mailWhere((m) => m.to.includes(STAFF.email) && m.text.includes(marker))
    const page = await browser.newPage()
    await page.setContent(notice.html)
    expectInReadingOrder(await drawn(page, 'p', ['under your name (', 'Rosa Lind', '), with your role']))

    // The reply page: the visitor's name came in without its override; Rosa's keeps to itself in each sentence.
    await page.goto(notice.links.find((l) => l.includes('/answer/') && !l.includes('#'))!)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Answer Jane Reader on Night buses')
    const label = ['Reply as ', 'Rosa Lind', ', ', 'Transport editor']
    expectInReadingOrder(await drawn(page, 'label', label))
    expectInReadingOrder(await drawn(page, 'p', ['Waiting for ', 'Rosa Lind', '.']))
    expectInReadingOrder(await drawn(page, 'p', ['signed in by this link as ', 'Rosa Lind']))
    // Not isolated, the same label would be turned around from the name on: the check above can fail.
    const [, name, , role] = await drawn(page, 'label', label, true)
    expect(role!.right).toBeLessThanOrEqual(name!.left + 1)

    await page.getByRole('textbox', { name: /^Reply as/ }).fill(`The N7 starts at midnight. ${marker}`)
    await page.getByRole('button', { name: 'Publish reply' }).click()
    await page.getByRole('status').filter({ hasText: /published under your name/ }).waitFor()

    // The visitor's email: "NAME, ROLE at SITE, replied to your comment on …".
    const reply = await mailWhere((m) => m.to.includes('jane@direction.test') && m.text.includes('The N7 starts at midnight.'))
    expect(reply.text).toContain('Hello Jane Reader,')
    await page.setContent(reply.html)
    expectInReadingOrder(await drawn(page, 'p', ['Rosa Lind', ', ', 'Transport editor', ' at ', 'Direction News', ', replied to']))

    // What the thread serves: the name as stored, without the override.
    const thread = (await (await fetch(`${base}/v1/sites/${SITE}/thread?url=${encodeURIComponent(pageUrl)}`)).json()) as Thread
    expect(thread.conversations[0]!.comments[0]!.author).toEqual({ kind: 'visitor', name: 'Jane Reader' })
    await page.close()
  })
})
