import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { chromiumForTheseTests } from './browser'
import { adminOf, expectAccessible, freshOrg, givenConsoleOrg, signInToConsole } from './console'

/** The organisation's config document as the console reads it, from the signed-in page. */
const configOf = (page: Page) =>
  page.evaluate(async () => (await fetch('/v1/console/config', { headers: { 'X-Byline-Console': '1' } })).json()) as Promise<any>

/** The console's working copy, which the other views edit through draft.update(edit). */
const draftOf = () => (document.querySelector('byline-console') as any).draft

const open = async (page: Page, view: string, heading: string) => {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: view }).click()
  await page.getByRole('heading', { level: 1, name: heading }).waitFor()
}

describe('the console: review and apply, export, import, and the activity log', () => {
  const browser = chromiumForTheseTests()

  it('reviews a change to the working copy in words, applies it, and logs it', { timeout: 120_000 }, async () => {
    const org = freshOrg('review')
    await givenConsoleOrg(org)
    const context = await browser.newContext()
    const page = await signInToConsole(context, org)
    await open(page, 'Review and import', 'Review and import')
    await page.getByText('No changes are waiting.').waitFor()

    await page.evaluate(`(${draftOf})().update((doc) => { doc.org.name = 'Kestrelford Borough Council' })`)
    await page.getByRole('listitem').filter({ hasText: `name: “Council ${org}” → “Kestrelford Borough Council”` }).waitFor()
    await expectAccessible(page, 'a change under review')
    await page.getByRole('button', { name: 'Apply these changes' }).click()
    await page.getByRole('status').filter({ hasText: 'Applied.' }).waitFor()
    expect(await page.getByRole('button', { name: 'Apply these changes' }).count()).toBe(0)
    await page.getByText('No changes are waiting.').waitFor()
    expect((await configOf(page)).org.name).toBe('Kestrelford Borough Council')
    await expectAccessible(page, 'applied')

    // A change the schema refuses is named in words and cannot be applied; discarding it puts back what is in force.
    await page.evaluate(`(${draftOf})().update((doc) => { doc.staff.find((s) => s.handle === 'sam').email = 'not an address' })`)
    const alert = page.getByRole('alert').filter({ hasText: 'These changes cannot be applied yet' })
    await alert.getByText(/^Staff member “sam”, email address: /).waitFor()
    expect(await page.getByRole('button', { name: 'Apply these changes' }).count()).toBe(0)
    await page.emulateMedia({ colorScheme: 'dark' })
    await expectAccessible(page, 'a refused change (dark)')
    await page.emulateMedia({ colorScheme: 'light' })
    await page.getByRole('button', { name: 'Discard changes' }).click()
    await page.getByRole('button', { name: 'Discard them' }).click()
    await page.getByText('No changes are waiting.').waitFor()
    expect((await configOf(page)).staff.find((s: { handle: string }) => s.handle === 'sam').email).toBe(`sam-${org}@staff.test`)

    await open(page, 'Activity', 'Activity')
    const applied = page.getByRole('row').filter({ hasText: 'Applied the configuration' })
    await applied.first().waitFor()
    expect(await applied.first().getByRole('cell').first().innerText()).toBe(adminOf(org))
    expect(await applied.first().getByRole('cell').last().innerText()).toBe('The organisation')
    const signedIn = page.getByRole('row').filter({ hasText: 'Signed in' })
    expect(await signedIn.count()).toBe(1)
    expect(await applied.first().locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    await expectAccessible(page, 'the activity log')

    // More than a page of entries: "Show older" adds the rest after them and leaves focus on the first it added.
    const put = await page.evaluate(async () => {
      const headers = { 'X-Byline-Console': '1', 'content-type': 'application/json' }
      const doc = await (await fetch('/v1/console/config', { headers })).text()
      const statuses = []
      for (let i = 0; i < 50; i++) statuses.push((await fetch('/v1/console/config', { method: 'PUT', headers, body: doc })).status)
      return statuses
    })
    expect(new Set(put)).toEqual(new Set([200]))
    await open(page, 'Review and import', 'Review and import')
    await open(page, 'Activity', 'Activity')
    const rows = page.locator('console-activity').getByRole('row').filter({ has: page.getByRole('rowheader') })
    await expect.poll(() => rows.count()).toBe(50)
    await page.getByRole('button', { name: 'Show older' }).click()
    await expect.poll(() => rows.count()).toBe(52)
    expect(await page.getByRole('button', { name: 'Show older' }).count()).toBe(0)
    await page.getByRole('status').filter({ hasText: 'That is the whole log.' }).waitFor()
    expect(await rows.nth(50).getByRole('rowheader').evaluate((th) => th.matches(':focus'))).toBe(true)
    expect(await rows.last().innerText()).toContain('Signed in')
    await context.close()
  })

  it('exports the configuration, imports an edited document after its diff, and refuses bad JSON with where', { timeout: 120_000 }, async () => {
    const org = freshOrg('import')
    await givenConsoleOrg(org)
    const context = await browser.newContext()
    const page = await signInToConsole(context, org)
    await open(page, 'Review and import', 'Review and import')

    const inForce = await configOf(page)
    const download = page.getByRole('link', { name: 'Download the configuration' })
    expect(await download.getAttribute('download')).toBe(`${org}-byline.json`)
    const [saved] = await Promise.all([page.waitForEvent('download'), download.click()])
    expect(saved.suggestedFilename()).toBe(`${org}-byline.json`)
    const exported = await readFile((await saved.path())!, 'utf8')
    expect(JSON.parse(exported)).toEqual(inForce)
    expect(JSON.parse(await page.getByRole('region', { name: 'The configuration document' }).innerText())).toEqual(inForce)

    // Bad JSON: where it stops being JSON, and nothing changes.
    const pasted = page.getByLabel('Or paste the document')
    await pasted.fill('{\n  "org": {\n    "id": "x",\n  }\n}')
    await page.getByRole('button', { name: 'Review this document' }).click()
    await page.getByRole('alert').filter({ hasText: 'This is not valid JSON: at line 4, column 3' }).waitFor()
    expect(await page.getByRole('button', { name: 'Apply this document' }).count()).toBe(0)
    await expectAccessible(page, 'bad JSON')
    expect(await configOf(page)).toEqual(inForce)

    // A document the worker refuses (a site id another organisation owns): its reason, and nothing changes.
    const taken = JSON.parse(exported)
    taken.sites[0].id = 'demo'
    await pasted.fill(JSON.stringify(taken))
    await page.getByRole('button', { name: 'Review this document' }).click()
    await page.getByRole('alert').filter({ hasText: 'belong to another organisation: demo' }).waitFor()
    expect(await configOf(page)).toEqual(inForce)

    // The export with one more member of staff: the diff says who is added, and applying it makes them staff.
    const doc = JSON.parse(exported)
    doc.staff.push({ handle: 'noor', name: 'Noor Haddad', role: 'Libraries officer', email: `noor-${org}@staff.test` })
    // Chosen as a file this time: choosing it reviews it.
    await page.getByLabel('Choose a JSON file').setInputFiles({ name: 'edited.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc, null, 2)) })
    await page.getByRole('heading', { name: 'What this document would change' }).waitFor()
    expect(JSON.parse(await pasted.inputValue())).toEqual(doc)
    await page.getByRole('listitem').filter({ hasText: 'Added: Noor Haddad (noor)' }).waitFor()
    await expectAccessible(page, 'an imported document under review')
    await page.getByRole('button', { name: 'Apply this document' }).click()
    await page.getByRole('status').filter({ hasText: 'Applied.' }).waitFor()
    const after = await configOf(page)
    expect(after.staff.map((s: { handle: string }) => s.handle).sort()).toEqual(['lee', 'noor', 'rita', 'sam'])
    expect(after.staff.find((s: { handle: string }) => s.handle === 'noor')).toMatchObject({ name: 'Noor Haddad', role: 'Libraries officer' })
    // The export follows what is in force.
    expect(JSON.parse(await page.getByRole('region', { name: 'The configuration document' }).innerText())).toEqual(after)
    await context.close()
  })
})
