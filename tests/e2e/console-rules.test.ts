import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { chromiumForTheseTests } from './browser'
import { expectAccessible, freshOrg, givenConsoleOrg, signInToConsole } from './console'

/*
 * The Routing view in Chromium against the real worker: the rules in words, reordering by keyboard, editing with the
 * schema's inline errors, adding and deleting, and the "who answers?" tester answering from the working copy.
 */

const HEAVY = { timeout: 180_000 }

/** The rule whose heading is "Rule n", as a list item. */
const ruleItem = (page: Page, n: number) =>
  page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `Rule ${n}`, exact: true }) })

/** What the tester says now. */
const answer = (page: Page) => page.getByRole('status', { name: 'Who answers?' })

async function expectAnswer(page: Page, ...parts: string[]) {
  for (const part of parts) await expect.poll(() => answer(page).textContent(), { timeout: 10_000 }).toContain(part)
}

/** The focused element, through the console's shadow roots: its text and the heading of the rule it belongs to. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let el: Element | null = document.activeElement
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement
    return { text: el?.textContent?.trim(), rule: el?.closest('li')?.querySelector('h3')?.textContent?.trim() }
  })

/** The sentences a screen reader reads out for a control: what its aria-describedby points at. */
const description = (control: Locator) =>
  control.evaluate((el) => {
    const root = el.getRootNode() as ShadowRoot
    return (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter(Boolean)
      .map((id) => root.getElementById(id)?.textContent?.trim())
      .join(' ')
  })

async function openRouting(page: Page) {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Routing' }).click()
  await page.getByRole('heading', { name: 'Routing', level: 1 }).waitFor()
  await ruleItem(page, 1).waitFor()
}

describe('the console: routing rules and the "who answers?" tester', () => {
  const browser = chromiumForTheseTests()

  it('answers from the working copy: a keyboard reorder changes the answer, an away period goes to the delegate, a bad path shows its error', HEAVY, async () => {
    const org = freshOrg('rules')
    await givenConsoleOrg(org, (doc) => {
      doc.sites[0].rules.push({ when: { path: '/planning/roads/**' }, assign: { staff: 'lee' } }, { when: { always: true }, assign: { staff: 'lee' } })
      const rita = doc.staff.find((s: { handle: string }) => s.handle === 'rita')
      rita.away = [{ from: '2030-01-01', to: '2030-01-31' }]
      rita.delegate = 'sam'
    })
    const context = await browser.newContext()
    const page = await signInToConsole(context, org)
    await openRouting(page)

    // The rules in words, in their order.
    expect(await ruleItem(page, 1).textContent()).toContain('Pages under /planning/** → Rita Gomes')
    expect(await ruleItem(page, 2).textContent()).toContain('Pages under /planning/roads/** → Lee Chan')
    expect(await ruleItem(page, 3).textContent()).toContain('Every page → Lee Chan')
    await expectAccessible(page, 'the Routing view')

    const address = page.getByLabel('Page address')
    await address.fill(`${new URL(page.url()).origin}/planning/roads/x`)
    await expectAnswer(page, 'Rita Gomes answers (rule 1)', 'Rule 1 matched: Pages under /planning/** → Rita Gomes')

    // Keyboard: focus "Move up" on the roads rule and press Enter; focus stays on that rule's "Move up".
    await ruleItem(page, 2).getByRole('button', { name: 'Move up' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => ruleItem(page, 1).textContent()).toContain('Pages under /planning/roads/** → Lee Chan')
    expect(await focused(page)).toEqual({ text: 'Move up', rule: 'Rule 1' })
    await expectAnswer(page, 'Lee Chan answers (rule 1)', 'Rule 1 matched: Pages under /planning/roads/** → Lee Chan')
    // Not applied yet: the console says so.
    await page.getByRole('status').filter({ hasText: 'changes that are not applied yet' }).waitFor()
    // Moving the top rule up again does nothing and keeps the focus where it is.
    await page.keyboard.press('Enter')
    expect(await focused(page)).toEqual({ text: 'Move up', rule: 'Rule 1' })
    expect(await ruleItem(page, 1).textContent()).toContain('/planning/roads/**')

    // A page no path rule claims goes to the catch-all.
    await address.fill('/news/bins')
    await expectAnswer(page, 'Lee Chan answers (rule 3)')

    // Rita is away in January 2030 with Sam as her delegate.
    await address.fill('/planning/housing')
    await expectAnswer(page, 'Rita Gomes answers (rule 2)')
    await page.getByLabel('Moment').fill('2030-01-15T12:00')
    await expectAnswer(page, 'Sam Ortiz answers (rule 2)', 'chose Rita Gomes, who is away at that moment: their delegate Sam Ortiz takes it', 'Intended: Rita Gomes')
    await page.getByLabel('Moment').fill('2030-02-15T12:00')
    await expectAnswer(page, 'Rita Gomes answers (rule 2)')

    // An invalid path: its inline error under the field, read out with it; the tester leaves the rule out.
    await ruleItem(page, 2).getByRole('button', { name: 'Edit' }).click()
    const pattern = ruleItem(page, 2).getByLabel('Path pattern')
    await pattern.fill('planning/**')
    await pattern.press('Tab')
    await ruleItem(page, 2).getByText('must be a path starting with /').waitFor()
    expect(await pattern.getAttribute('aria-invalid')).toBe('true')
    expect(await description(pattern)).toContain('must be a path starting with /')
    await expectAnswer(page, 'Lee Chan answers (rule 3)', 'Left out until their errors are fixed: rule 2')
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      await expectAccessible(page, `the Routing view with an error shown (${scheme})`)
    }
    await pattern.fill('/planning/**')
    await pattern.press('Tab')
    await expect.poll(() => pattern.getAttribute('aria-invalid')).toBe('false')
    await expectAnswer(page, 'Rita Gomes answers (rule 2)')
    await context.close()
  })

  it('adds a rule where it is asked to go, refuses a bad one with its error, and deletes one after a confirm step', HEAVY, async () => {
    const org = freshOrg('rules-add')
    await givenConsoleOrg(org)
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } })
    const page = await signInToConsole(context, org)
    await openRouting(page)

    await page.getByRole('button', { name: 'Add a rule' }).click()
    const form = page.getByRole('region', { name: 'New rule' })
    expect(await focused(page)).toMatchObject({ text: expect.stringContaining('Pages under a path') })
    await form.getByLabel('Matches').selectOption({ label: 'Pages on a topic' })
    await form.getByLabel('Topic', { exact: true }).fill('Road Works')
    await form.getByLabel('Answered by').selectOption({ label: 'A pool of people' })
    await form.getByRole('checkbox', { name: 'Sam Ortiz' }).check()
    await form.getByRole('checkbox', { name: 'Lee Chan' }).check()
    await form.getByLabel('Who in the pool').selectOption({ label: 'Fewest open conversations' })
    await form.getByLabel('Place').selectOption({ label: 'Before rule 1' })
    await form.getByRole('button', { name: 'Add rule' }).click()
    await form.getByText('must be lower-case letters, digits and dashes').waitFor()
    expect(await page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3 }) }).count()).toBe(1)
    await expectAccessible(page, 'the add form with an error shown')

    await form.getByLabel('Topic', { exact: true }).fill('road-works')
    await form.getByLabel('Topic', { exact: true }).press('Tab')
    await form.getByRole('button', { name: 'Add rule' }).click()
    await expect.poll(() => ruleItem(page, 1).textContent()).toContain('Pages on the topic road-works → ')
    // The pool's members in the staff list's order, whichever was ticked first.
    expect(await ruleItem(page, 1).textContent()).toMatch(/→ (Sam Ortiz and Lee Chan|Lee Chan and Sam Ortiz), whoever has the fewest open conversations/)
    expect(await ruleItem(page, 2).textContent()).toContain('Pages under /planning/** → Rita Gomes')
    expect(await focused(page)).toMatchObject({ text: 'Rule 1' })

    await page.getByLabel('Page address').fill('/planning/roads')
    await page.getByLabel('Topic (optional)').fill('road-works')
    await expectAnswer(page, 'answers (rule 1)', 'Rule 1 matched and sends it to a pool')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)

    await ruleItem(page, 1).getByRole('button', { name: 'Delete' }).click()
    const confirm = page.getByRole('button', { name: 'Delete rule 1' })
    expect(await focused(page)).toMatchObject({ text: 'Delete rule 1' })
    await expectAccessible(page, 'the confirm step of a deletion')
    await page.getByRole('button', { name: 'Keep it' }).click()
    expect(await confirm.count()).toBe(0)
    expect(await ruleItem(page, 1).textContent()).toContain('road-works')

    await ruleItem(page, 1).getByRole('button', { name: 'Delete' }).click()
    await page.getByRole('button', { name: 'Delete rule 1' }).click()
    await expect.poll(() => ruleItem(page, 1).textContent()).toContain('Pages under /planning/** → Rita Gomes')
    expect(await ruleItem(page, 2).count()).toBe(0)
    await expectAnswer(page, 'Rita Gomes answers (rule 1)')
    await context.close()
  })
})
