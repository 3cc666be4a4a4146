import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { chromiumForTheseTests } from './browser'
import { base, expectAccessible, freshOrg, givenConsoleOrg, signInToConsole } from './console'

/** The working copy as the console would apply it: what GET /v1/console/config answers after an apply. */
async function savedConfig(page: Page): Promise<any> {
  return page.evaluate(async () => (await fetch('/v1/console/config', { headers: { 'x-byline-console': '1' } })).json())
}

/** The text of the element that has focus, through the shadow roots it sits in. */
async function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => {
    let at: Element | null = document.activeElement
    while (at?.shadowRoot?.activeElement) at = at.shadowRoot.activeElement
    return at?.textContent ?? ''
  })
}

/** Applies the working copy as an admin does: the #config view's review, then its "Apply these changes". */
async function applyThroughConfig(page: Page) {
  await page.getByRole('link', { name: 'Review and import' }).click()
  await page.getByRole('button', { name: 'Apply these changes', exact: true }).click({ timeout: 20_000 })
  await expect.poll(() => page.getByRole('button', { name: 'Apply these changes', exact: true }).count(), { timeout: 20_000 }).toBe(0)
  await expect.poll(() => page.getByText('You have changes that are not applied yet').count()).toBe(0)
}

describe('the console: sites and the organisation', () => {
  const browser = chromiumForTheseTests()

  it('edits a site: an origin refused inline, the embed code copied, a page checked both ways, light and dark', async () => {
    const org = freshOrg('sites')
    await givenConsoleOrg(org)
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] })
    const page = await signInToConsole(context, org)
    await page.getByRole('link', { name: 'Sites' }).click()
    await page.getByRole('heading', { name: 'Sites and organisation', level: 1 }).waitFor()
    await expectAccessible(page, 'the sites view')

    await page.getByRole('button', { name: 'Edit Council news' }).click()
    const editor = page.getByRole('region', { name: 'Site Council news' })
    await editor.getByRole('heading', { name: 'Site: Council news' }).waitFor()
    // The editor's heading takes focus, so the keyboard goes on from there.
    await expect.poll(() => focusedText(page)).toBe('Site: Council news')

    // A URL with a path is not an origin: refused under the field, with the origin it means.
    const add = editor.getByLabel('Add an origin')
    await add.fill('https://news.council.test/planning/')
    await editor.getByRole('button', { name: 'Add origin' }).click()
    const refusal = editor.getByText('Only the origin goes here: https://news.council.test')
    await refusal.waitFor()
    expect(await add.getAttribute('aria-invalid')).toBe('true')
    expect(await add.getAttribute('aria-describedby')).toBe(await refusal.getAttribute('id'))
    await expectAccessible(page, 'an origin refused')
    await add.fill('https://news.council.test')
    await editor.getByRole('button', { name: 'Add origin' }).click()
    await expect.poll(() => editor.getByLabel('Origin 2').inputValue()).toBe('https://news.council.test')
    await page.getByText('You have changes that are not applied yet').waitFor()

    // An origin edited into something else gets the schema's own message under it.
    const second = editor.getByLabel('Origin 2')
    await second.fill('news.council.test')
    await second.press('Tab')
    await editor.getByText('must be an origin such as https://www.example.org').waitFor()
    expect(await second.getAttribute('aria-invalid')).toBe('true')
    await expectAccessible(page, 'an origin the schema refuses')
    await second.fill('https://news.council.test')
    await second.press('Tab')
    await expect.poll(() => editor.getByText('must be an origin such as').count()).toBe(0)

    // The embed code names this worker and the site; Copy puts it on the clipboard and says so.
    const snippet = `<script src="${new URL(base()).origin}/widget.js" data-site="${org}" async></script>`
    await editor.getByText(snippet, { exact: true }).waitFor()
    await editor.getByRole('button', { name: 'Copy the embed code' }).click()
    await editor.getByRole('status').filter({ hasText: 'Copied.' }).waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet)

    // Check a page: on an origin, off every origin (with the near miss named), and not a URL at all.
    const check = async (address: string) => {
      await editor.getByLabel('Page address').fill(address)
      await editor.getByRole('button', { name: 'Check this page' }).click()
    }
    const answer = editor.getByRole('status').filter({ hasText: /embed|address/ })
    await check(`${new URL(base()).origin}/news/bins?ref=mail`)
    await expect.poll(() => answer.textContent()).toMatch(new RegExp(`Yes: this page is on ${new URL(base()).origin}, one of this site's origins, so the embed\\s+works there`))
    await check('https://news.council.test/planning/')
    await expect.poll(() => answer.textContent()).toMatch(/Yes: this page is on https:\/\/news\.council\.test.*once you apply your changes/s)
    await check('http://news.council.test/planning/')
    await expect.poll(() => answer.textContent()).toMatch(/No: the embed would be refused on this page\. Its origin, http:\/\/news\.council\.test, is not one of this site's origins\.\s+Origins must match exactly.*https:\/\/news\.council\.test/s)
    await expectAccessible(page, 'a page off the site')
    await check('news.council.test/planning')
    await expect.poll(() => answer.textContent()).toContain('That is not a web address')

    // Settings: pre-moderation, the responder attribute (a rule at the top), a reply target.
    await editor.getByLabel('Pre-moderation').selectOption('first_time')
    await editor.getByLabel('Embeds may name their responder').check()
    await editor.getByLabel('Reply-time target (hours)').fill('8')
    await editor.getByLabel('Reply-time target (hours)').press('Tab')
    await editor.getByLabel('Banned words').fill('spam\n  scam  \n\n')
    await editor.getByLabel('Banned words').press('Tab')
    await page.emulateMedia({ colorScheme: 'dark' })
    await expectAccessible(page, 'the site editor, dark')
    await page.emulateMedia({ colorScheme: 'light' })

    await applyThroughConfig(page)
    const site = (await savedConfig(page)).sites.find((s: any) => s.id === org)
    expect(site.origins).toEqual([new URL(base()).origin, 'https://news.council.test'])
    expect(site.settings).toMatchObject({ moderation: 'first_time', replyTargetHours: 8, bannedWords: ['spam', 'scam'] })
    expect(site.rules).toEqual([{ when: { responderAttribute: true } }, { when: { path: '/planning/**' }, assign: { staff: 'rita' } }])
    await context.close()
  }, 120_000)

  it('selects the embed code for the keyboard to copy when the browser refuses the clipboard', async () => {
    const org = freshOrg('noclip')
    await givenConsoleOrg(org)
    const context = await browser.newContext()
    // A browser that will not let pages write to the clipboard.
    await context.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new DOMException('refused', 'NotAllowedError')) } })
    })
    const page = await signInToConsole(context, org)
    await page.getByRole('link', { name: 'Sites' }).click()
    await page.getByRole('button', { name: 'Edit Council news' }).click()
    const editor = page.getByRole('region', { name: 'Site Council news' })
    await editor.getByRole('button', { name: 'Copy the embed code' }).click()
    await editor.getByRole('status').filter({ hasText: 'the code is selected, press Ctrl+C' }).waitFor()
    expect(await page.evaluate(() => getSelection()?.toString())).toBe(
      `<script src="${new URL(base()).origin}/widget.js" data-site="${org}" async></script>`,
    )
    await context.close()
  }, 120_000)

  it('adds a site and an admin, and renames the organisation, by keyboard alone, at 360 px', async () => {
    const org = freshOrg('newsite')
    await givenConsoleOrg(org)
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } })
    const page = await signInToConsole(context, org)
    await page.getByRole('link', { name: 'Sites' }).click()
    await page.getByRole('heading', { name: 'Sites and organisation', level: 1 }).waitFor()

    // The organisation's name: focus it, type, Tab away (the change is written as the field is left).
    await page.getByLabel('Organisation name').focus()
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.type('Kestrel Borough Council')
    await page.keyboard.press('Tab')
    await page.getByText('You have changes that are not applied yet').waitFor()

    // An admin: a bad address is refused, a good one listed with a Remove button; the signed-in admin has none.
    await page.getByLabel("New admin's email").focus()
    await page.keyboard.type('not an address')
    await page.keyboard.press('Enter')
    await page.getByText('Enter the email address their sign-in link goes to.').waitFor()
    await page.getByLabel("New admin's email").fill('')
    await page.getByLabel("New admin's email").focus()
    await page.keyboard.type(`editor-${org}@council.test`)
    await page.keyboard.press('Tab')
    await page.keyboard.type('Eddie Tor')
    await page.keyboard.press('Enter')
    await page.getByRole('button', { name: `Remove editor-${org}@council.test` }).waitFor()
    expect(await page.getByRole('button', { name: `Remove owner-${org}@council.test` }).count()).toBe(0)
    await page.getByText('You (another admin can remove you)').waitFor()

    // A new site: the id is checked, then the site is added and its editor opens on its heading.
    await page.getByLabel('Site id').focus()
    await page.keyboard.type('Bad Id')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Bus news')
    await page.keyboard.press('Tab')
    await page.keyboard.type('https://buses.council.test')
    await page.keyboard.press('Enter')
    const idError = page.getByText('must be lower-case letters, digits and dashes')
    await idError.waitFor()
    expect(await page.getByLabel('Site id').getAttribute('aria-invalid')).toBe('true')
    await expectAccessible(page, 'a new site refused')
    await page.getByLabel('Site id').fill('')
    await page.getByLabel('Site id').focus()
    await page.keyboard.type(`${org}-buses`)
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Tab')
    expect(await focusedText(page)).toBe('Add the site')
    await page.keyboard.press('Enter')
    const editor = page.getByRole('region', { name: 'Site Bus news' })
    await editor.getByRole('heading', { name: 'Site: Bus news' }).waitFor()
    await expect.poll(() => focusedText(page)).toBe('Site: Bus news')
    expect(await editor.getByLabel('Default responder').inputValue()).toBe('rita')
    await editor.getByText(`data-site="${org}-buses"`).waitFor()
    await page.getByRole('button', { name: 'Edit Bus news' }).waitFor()
    await expectAccessible(page, 'a site added')
    // At 360 px, with the site's editor open, nothing is wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    // The other site's editor starts afresh.
    await page.getByRole('button', { name: 'Edit Council news' }).click()
    await page.getByRole('region', { name: 'Site Council news' }).getByRole('heading', { name: 'Site: Council news' }).waitFor()

    await applyThroughConfig(page)
    const saved = await savedConfig(page)
    expect(saved.org.name).toBe('Kestrel Borough Council')
    expect(saved.admins).toContainEqual({ email: `editor-${org}@council.test`, name: 'Eddie Tor' })
    expect(saved.sites.map((s: any) => [s.id, s.name, s.origins, s.settings.defaultResponder])).toContainEqual([
      `${org}-buses`,
      'Bus news',
      ['https://buses.council.test'],
      'rita',
    ])
    await context.close()
  }, 120_000)
})
