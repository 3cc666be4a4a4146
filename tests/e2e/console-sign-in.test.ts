import { describe, expect, it } from 'vitest'
import { chromiumForTheseTests } from './browser'
import { base, expectAccessible, freshOrg, givenConsoleOrg, signInToConsole } from './console'

describe('the console: sign-in, views, sign-out', () => {
  const browser = chromiumForTheseTests()

  it('signs in through the dev outbox, shows every view without an axe violation, light and dark, and signs out', async () => {
    const org = freshOrg('console')
    await givenConsoleOrg(org)
    const context = await browser.newContext()
    const signedOut = await context.newPage()
    await signedOut.goto(`${base()}/admin`)
    await signedOut.getByRole('heading', { name: 'Sign in to the Byline console' }).waitFor()
    await expectAccessible(signedOut, 'the sign-in form')
    await signedOut.close()

    const page = await signInToConsole(context, org)
    const nav = page.getByRole('navigation', { name: 'Console' })
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      for (const link of await nav.getByRole('link').all()) {
        const moves = (await link.getAttribute('aria-current')) !== 'page'
        await link.click()
        await expect.poll(() => link.getAttribute('aria-current')).toBe('page')
        await page.locator('h1').first().waitFor()
        // Like a new page, the new view's heading has the focus (a screen reader announces where the admin is).
        if (moves) await expect.poll(() => page.evaluate(() => (document.querySelector('byline-console')!.shadowRoot!.querySelector('main')!.firstElementChild!.shadowRoot!.activeElement as HTMLElement | null)?.tagName)).toBe('H1')
        await expectAccessible(page, `${await link.textContent()} (${scheme})`)
      }
    }

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('heading', { name: 'Sign in to the Byline console' }).waitFor()
    await page.reload()
    await page.getByRole('heading', { name: 'Sign in to the Byline console' }).waitFor()
    await context.close()
  })

  it('fits a 360 px screen: nothing wider than the viewport', async () => {
    const org = freshOrg('narrow')
    await givenConsoleOrg(org)
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } })
    const page = await signInToConsole(context, org)
    for (const link of await page.getByRole('navigation', { name: 'Console' }).getByRole('link').all()) {
      await link.click()
      await page.locator('h1').first().waitFor()
      expect(await page.evaluate(() => document.documentElement.scrollWidth), (await link.textContent()) ?? '').toBeLessThanOrEqual(360)
    }
    await context.close()
  })
})
