import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { chromiumForTheseTests } from './browser'
import { expectAccessible, freshOrg, givenConsoleOrg, signInToConsole } from './console'

/** What GET /v1/console/config answers: what the organisation has in force. */
async function savedConfig(page: Page): Promise<any> {
  return page.evaluate(async () => (await fetch('/v1/console/config')).json())
}

/** Applies the working copy as an admin does: the #config view's review, then its "Apply these changes". */
async function applyThroughConfig(page: Page) {
  await page.getByRole('link', { name: 'Review and import' }).click()
  await page.getByRole('button', { name: 'Apply these changes', exact: true }).click({ timeout: 20_000 })
  await expect.poll(() => page.getByRole('button', { name: 'Apply these changes', exact: true }).count(), { timeout: 20_000 }).toBe(0)
  await expect.poll(() => page.getByText('You have changes that are not applied yet').count()).toBe(0)
}

/** The element that has focus, through the shadow roots it sits in: its id and text. */
async function focused(page: Page): Promise<{ id: string; text: string }> {
  return page.evaluate(() => {
    let at: Element | null = document.activeElement
    while (at?.shadowRoot?.activeElement) at = at.shadowRoot.activeElement
    return { id: at?.id ?? '', text: at?.textContent ?? '' }
  })
}
const focusedText = async (page: Page) => (await focused(page)).text

/** Whether a staff photo shows a loaded picture (and not the initials). */
const showsPicture = (where: Locator) =>
  where
    .locator('console-staff-photo img')
    .evaluateAll((imgs) => imgs.some((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0))

async function openStaff(page: Page) {
  await page.getByRole('link', { name: 'Staff' }).click()
  await page.getByRole('heading', { name: 'Staff', level: 1 }).waitFor()
}

describe('the console: staff', () => {
  const browser = chromiumForTheseTests()

  it("edits Sam: role, a bio with a line break, the photo's preview and initials, time zone, digest, away and delegate", async () => {
    const org = freshOrg('staff')
    await givenConsoleOrg(org)
    // British English: the list's dates read "1 Jul 2030, 12:00".
    const context = await browser.newContext({ locale: 'en-GB' })
    const page = await signInToConsole(context, org)
    await openStaff(page)
    const active = page.getByRole('list', { name: 'Active staff' })
    await expect.poll(async () => (await active.getByRole('listitem').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()).sort()).toEqual([
      'Lee Chan Transport officer · lee Edit',
      'Rita Gomes Planning officer · rita Edit',
      'Sam Ortiz Housing officer · sam Edit',
    ])
    // Nobody has a photo: each row shows initials.
    await active.getByText('SO', { exact: true }).waitFor()
    await expectAccessible(page, 'the staff list')

    await page.getByRole('button', { name: 'Edit Sam Ortiz' }).click()
    const editor = page.getByRole('region', { name: 'Edit Sam Ortiz' })
    await expect.poll(() => focusedText(page)).toBe('Edit Sam Ortiz')

    await editor.getByLabel('Role', { exact: true }).fill('Head of housing')
    await editor.getByLabel('Short bio').fill('Housing questions.\nAnswers within a day.')
    await editor.getByLabel('Short bio').press('Tab')
    await editor.getByText('40 of 280 characters').waitFor()

    // The photo: a picture that loads is previewed; one that does not, or none, shows the initials.
    const photo = editor.getByLabel('Photo URL')
    await photo.fill('/demo/photos/adaeze.svg')
    await expect.poll(() => showsPicture(editor)).toBe(true)
    await editor.getByText('Visitors see this photo beside the name.').waitFor()
    await photo.fill('/demo/photos/nobody-here.svg')
    await editor.getByText('The photo did not load from this address: visitors would see the initials.').waitFor()
    await editor.getByText('SO', { exact: true }).waitFor()
    await expectAccessible(page, 'a photo that does not load')
    await photo.fill('')
    await editor.getByText('No photo: visitors see the initials.').waitFor()
    await photo.fill('not a url')
    await photo.press('Tab')
    await editor.getByText('Write an http(s) address (https://…) or a path on this server').waitFor()
    expect(await photo.getAttribute('aria-invalid')).toBe('true')
    await photo.fill('/demo/photos/adaeze.svg')
    await photo.press('Tab')
    await expect.poll(() => photo.getAttribute('aria-invalid')).toBe('false')

    await editor.getByLabel('Disclaimer').fill('Views my own')
    await editor.getByLabel('Disclaimer').press('Tab')
    await editor.getByLabel('Time zone').selectOption('Europe/Paris')
    await editor.getByRole('radio', { name: /^Daily/ }).check()
    await editor.getByLabel('Hour of the daily digest, in their time zone').selectOption({ label: '07:00' })

    // An away period, whole days first, then with times; a "to" before the "from" is refused under it.
    await editor.getByRole('button', { name: 'Add an away period' }).click()
    const away = editor.getByRole('group', { name: 'Away period 1' })
    await away.getByLabel('From (first day away)').fill('2030-07-01')
    await away.getByLabel('To (last day away)').fill('2030-06-20')
    await away.getByLabel('To (last day away)').press('Tab')
    await away.getByText('"to" must not be before "from"').waitFor()
    await expectAccessible(page, 'an away period refused')
    await away.getByLabel('To (last day away)').fill('2030-07-14')
    await away.getByLabel('To (last day away)').press('Tab')
    await expect.poll(() => away.getByText('must not be before').count()).toBe(0)
    await away.getByLabel('Whole days').uncheck()
    await away.getByLabel('From', { exact: true }).fill('2030-07-01T12:00')
    await away.getByLabel('From', { exact: true }).press('Tab')
    await editor.getByLabel('Delegate').selectOption({ label: 'Rita Gomes (Planning officer)' })
    await page.getByText('You have changes that are not applied yet').waitFor()

    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      await expectAccessible(page, `the staff editor (${scheme})`)
    }
    await page.emulateMedia({ colorScheme: 'light' })
    // The list shows the working copy: the new role and the photo.
    await active.getByText('Head of housing').waitFor()
    await active.getByText(/Away 1 Jul 2030, 12:00 to 14 Jul 2030, 17:00, Rita Gomes stands in/).waitFor()
    await expect.poll(() => showsPicture(active)).toBe(true)

    await applyThroughConfig(page)
    const sam = (await savedConfig(page)).staff.find((s: any) => s.handle === 'sam')
    expect(sam).toMatchObject({
      role: 'Head of housing',
      bio: 'Housing questions.\nAnswers within a day.',
      photoUrl: '/demo/photos/adaeze.svg',
      disclaimer: 'Views my own',
      timeZone: 'Europe/Paris',
      digest: { frequency: 'daily', hour: 7 },
      away: [{ from: '2030-07-01T12:00', to: '2030-07-14T17:00' }],
      delegate: 'rita',
    })
    await context.close()
  }, 120_000)

  it("edits Lee's role by keyboard alone, and fits 360 px with the editor open", async () => {
    const org = freshOrg('keys')
    await givenConsoleOrg(org)
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } })
    const page = await signInToConsole(context, org)
    await openStaff(page)
    await page.getByRole('button', { name: 'Edit Lee Chan' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => focusedText(page)).toBe('Edit Lee Chan')
    await page.keyboard.press('Tab') // Name
    await page.keyboard.press('Tab') // Role
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.type('Buses and trains')
    await page.keyboard.press('Tab')
    await page.getByText('You have changes that are not applied yet').waitFor()
    await page.getByRole('list', { name: 'Active staff' }).getByText('Buses and trains').waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await expectAccessible(page, 'the staff editor at 360 px')
    await context.close()
  }, 120_000)

  it('adds a member, deactivates after a confirm step that names the rules, and reactivates', async () => {
    const org = freshOrg('people')
    await givenConsoleOrg(org)
    const context = await browser.newContext()
    const page = await signInToConsole(context, org)
    await openStaff(page)

    // A member needs a handle, name, role and address; a bad address is refused under its field.
    const add = page.getByRole('button', { name: 'Add the member' })
    await page.getByLabel('Handle').fill('amira')
    await page.getByLabel('Name', { exact: true }).fill('Amira Haddad')
    await page.getByLabel('Role', { exact: true }).fill('Parks officer')
    await page.getByLabel('Email', { exact: true }).fill('amira at council')
    await add.click()
    const emailField = page.getByLabel('Email', { exact: true })
    await expect.poll(() => emailField.getAttribute('aria-invalid')).toBe('true')
    await expectAccessible(page, 'a new member refused')
    await emailField.fill(`amira-${org}@staff.test`)
    await add.click()
    await page.getByRole('region', { name: 'Edit Amira Haddad' }).waitFor()
    await expect.poll(() => focusedText(page)).toBe('Edit Amira Haddad')
    await page.getByRole('list', { name: 'Active staff' }).getByText('AH', { exact: true }).waitFor()

    // Rita is named by a rule: the confirm step says so, and that past replies keep her byline.
    await page.getByRole('button', { name: 'Edit Rita Gomes' }).click()
    await page.getByRole('button', { name: 'Deactivate Rita Gomes…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Deactivate Rita Gomes?' })
    await dialog.waitFor()
    await dialog.getByText('past replies keep their byline').waitFor()
    await dialog.getByRole('link', { name: 'Council news: routing rule 1' }).waitFor()
    await expectAccessible(page, 'the deactivate confirm step')
    // The safe answer has focus; leaving the dialog goes back to the button that opened it.
    await expect.poll(() => focusedText(page)).toBe('Keep them')
    await page.keyboard.press('Enter')
    await expect.poll(() => dialog.isVisible()).toBe(false)
    await expect.poll(() => focusedText(page)).toBe('Deactivate Rita Gomes…')
    await page.getByRole('button', { name: 'Deactivate Rita Gomes…' }).click()
    await dialog.getByRole('button', { name: 'Deactivate', exact: true }).click()
    const said = page.getByRole('status').filter({ hasText: 'Rita Gomes is deactivated in your changes' })
    await said.getByRole('link', { name: 'Council news: routing rule 1' }).waitFor()
    const deactivated = page.getByRole('list', { name: 'Deactivated' })
    await deactivated.getByText('Deactivated in your changes, not applied yet').waitFor()
    await expectAccessible(page, 'a member deactivated in the working copy')
    // Put back as she was.
    await deactivated.getByRole('button', { name: 'Reactivate Rita Gomes' }).click()
    await page.getByRole('status').filter({ hasText: 'Rita Gomes is back on the staff' }).waitFor()
    expect(await page.getByRole('list', { name: 'Active staff' }).getByText('Rita Gomes').count()).toBe(1)

    // Lee is named nowhere: deactivated and applied, then listed apart and brought back with a role and address.
    await page.getByRole('button', { name: 'Edit Lee Chan' }).click()
    await page.getByRole('button', { name: 'Deactivate Lee Chan…' }).click()
    await page.getByRole('dialog', { name: 'Deactivate Lee Chan?' }).getByText('No rule or setting names them.').waitFor()
    await page.getByRole('dialog', { name: 'Deactivate Lee Chan?' }).getByRole('button', { name: 'Deactivate', exact: true }).click()
    await applyThroughConfig(page)
    const applied = await savedConfig(page)
    expect(applied.staff.map((s: any) => s.handle).sort()).toEqual(['amira', 'rita', 'sam'])

    await openStaff(page)
    const former = page.getByRole('list', { name: 'Deactivated' })
    await former.getByText('Lee Chan').waitFor()
    // A new member may not take a former member's handle.
    await page.getByLabel('Handle').fill('lee')
    await page.getByLabel('Name', { exact: true }).fill('Lee Other')
    await page.getByLabel('Role', { exact: true }).fill('Someone else')
    await page.getByLabel('Email', { exact: true }).fill(`other-${org}@staff.test`)
    await page.getByRole('button', { name: 'Add the member' }).click()
    await page.getByText('a former member (Lee Chan) had the handle "lee"').waitFor()

    await former.getByRole('button', { name: 'Reactivate Lee Chan' }).click()
    const form = page.getByRole('form', { name: 'Reactivate Lee Chan' })
    await expect.poll(async () => (await focused(page)).id).toBe('reactivate-role')
    await form.getByRole('button', { name: 'Reactivate Lee Chan' }).click()
    await form.getByText('must not be empty').waitFor()
    await expectAccessible(page, 'the reactivate form refused')
    await form.getByLabel('Role').fill('Transport officer')
    await form.getByLabel('Email').fill(`lee-${org}@staff.test`)
    await form.getByRole('button', { name: 'Reactivate Lee Chan' }).click()
    await page.getByRole('status').filter({ hasText: 'Lee Chan is back on the staff' }).waitFor()
    await applyThroughConfig(page)
    const back = (await savedConfig(page)).staff.find((s: any) => s.handle === 'lee')
    expect(back).toMatchObject({ name: 'Lee Chan', role: 'Transport officer', email: `lee-${org}@staff.test` })
    await openStaff(page)
    await page.getByText('Nobody is deactivated.').waitFor()
    await context.close()
  }, 180_000)
})
