import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { page } from 'vitest/browser'
import type { PublicStaff } from '../../schema/api/thread'
import {
  amira,
  asResponder,
  ben,
  cleanUp,
  conversation,
  mountWidget,
  staffComment,
  stubApi,
  text,
  thread,
  visitorComment,
} from './helpers'

// Wide enough that a name and what follows it share a line.
beforeEach(() => page.viewport(1000, 800))
afterEach(cleanUp)

/** A name that turns everything after it around, unless the name is isolated. */
const OVERRIDE = '\u202EJane Reader'
const ARABIC = 'مريم الحداد 2'
const HEBREW = 'דנה כהן'

/** Where an element is drawn. */
const box = (el: Element) => el.getBoundingClientRect()

/** Where `value` is drawn inside `container`, however the markup around it is cut. */
function boxOf(container: Node, value: string) {
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const at = n.textContent!.indexOf(value)
    if (at < 0) continue
    const range = document.createRange()
    range.setStart(n, at)
    range.setEnd(n, at + value.length)
    return range.getBoundingClientRect()
  }
  throw new Error(`no text ${value}`)
}

/** In this left-to-right page, `next` is drawn after `name`, on the same line. */
function expectAfter(name: DOMRect, next: DOMRect) {
  expect(next.top).toBeLessThan(name.bottom)
  expect(next.left).toBeGreaterThanOrEqual(name.right - 1)
}

/** The element that holds exactly this text in a direction of its own: a <bdi> or an element with dir=auto. */
function isolated(container: Element, value: string) {
  const el = [...container.querySelectorAll('bdi, [dir=auto]')].find((e) => e.textContent === value)
  expect(el, value).toBeDefined()
  return el!
}

describe('the direction of what people wrote', () => {
  test("a visitor's name keeps to itself: the date after it stays after it, whatever the name's letters", async () => {
    stubApi({
      get: () =>
        Response.json(
          thread({
            conversations: [OVERRIDE, ARABIC, HEBREW].map((name, i) =>
              conversation({ comments: [visitorComment(name, text('A question.'), `conv-${i}`)] }),
            ),
          }),
        ),
    })
    const root = (await mountWidget()).shadowRoot!
    const articles = root.querySelectorAll('article')
    expect(articles).toHaveLength(3)
    for (const [i, name] of [OVERRIDE, ARABIC, HEBREW].entries()) {
      const article = articles[i]!
      expectAfter(box(isolated(article, name)), box(article.querySelector('time')!))
    }
    // The Arabic and Hebrew names read right to left inside their own box.
    expect(getComputedStyle(isolated(articles[1]!, ARABIC)).direction).toBe('rtl')
    expect(getComputedStyle(isolated(articles[2]!, HEBREW)).direction).toBe('rtl')
  })

  test('"Replying to NAME." keeps its full stop and its Cancel button after the name', async () => {
    stubApi({
      get: () =>
        Response.json(
          thread({ conversations: [conversation({ comments: [visitorComment(OVERRIDE, text('A question.'))] })] }),
        ),
    })
    const root = (await mountWidget()).shadowRoot!
    await page.getByRole('button', { name: 'Reply' }).click()
    const note = page.getByText(/^Replying to/).element()
    isolated(note, OVERRIDE)
    expectAfter(boxOf(note, OVERRIDE), boxOf(note, '.'))
    expectAfter(boxOf(note, OVERRIDE), box(root.querySelector('form button')!))
    await expect.element(page.getByRole('button', { name: 'Cancel reply' })).toBeVisible()
  })

  test("a member of staff's name, role, bio and disclaimer each keep their own direction", async () => {
    const staff: PublicStaff = {
      ...amira,
      name: `\u202E${amira.name}`,
      role: 'مسؤولة الصحافة',
      bio: 'تجيب عن أسئلة البيانات الصحفية.',
      disclaimer: 'הדעות שלי בלבד',
    }
    stubApi({
      get: () =>
        Response.json(
          thread({
            responder: asResponder(staff),
            conversations: [
              conversation({
                assignee: staff,
                comments: [visitorComment('Jane Reader', text('A question.')), staffComment(staff, text('An answer.'))],
              }),
            ],
          }),
        ),
    })
    const root = (await mountWidget()).shadowRoot!
    const byline = root.querySelector('[part=byline]')!
    expectAfter(box(isolated(byline, staff.name)), box(isolated(byline, staff.role)))
    for (const words of [staff.bio, staff.disclaimer!]) expect(getComputedStyle(isolated(byline, words)).direction).toBe('rtl')

    // "Your comment goes to NAME, ROLE": the comma and the role stay after the name.
    const card = root.querySelector('[part=responder]')!
    isolated(card, staff.name)
    isolated(card, staff.role)
    isolated(card, staff.bio)
    expectAfter(boxOf(card, staff.name), boxOf(card, ','))
    expectAfter(boxOf(card, staff.name), boxOf(card, staff.role))
  })

  test('names inside the lines under a conversation are isolated too', async () => {
    const away = { ...ben, name: `\u202E${ben.name}` }
    stubApi({
      get: () =>
        Response.json(
          thread({
            conversations: [
              conversation({
                assignee: away,
                handovers: [{ from: away, to: amira, reason: 'handover', note: 'مرحبا', at: '2026-03-15T10:00:00.000Z' }],
                comments: [visitorComment('Jane Reader', text('A question.'))],
              }),
            ],
          }),
        ),
    })
    const root = (await mountWidget()).shadowRoot!
    const [handed, standing] = root.querySelectorAll('li > p')
    isolated(handed!, away.name)
    expectAfter(boxOf(handed!, away.name), boxOf(handed!, ' to '))
    isolated(handed!, amira.name)
    isolated(handed!, 'مرحبا')
    isolated(standing!, away.name)
    expect(handed!.textContent).toBe(`Handed from ${away.name} to ${amira.name} by hand: مرحبا`)
  })

  test('each paragraph of a comment takes the direction of its own words', async () => {
    stubApi({
      get: () =>
        Response.json(
          thread({
            conversations: [
              conversation({ comments: [visitorComment('Jane Reader', text('متى التصويت؟', 'When is the vote?'))] }),
            ],
          }),
        ),
    })
    const root = (await mountWidget()).shadowRoot!
    const [arabic, english] = root.querySelectorAll('article > p')
    expect(arabic!.getAttribute('dir')).toBe('auto')
    expect(getComputedStyle(arabic!).direction).toBe('rtl')
    expect(getComputedStyle(english!).direction).toBe('ltr')
  })
})
