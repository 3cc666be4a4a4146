import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { Thread } from '../../schema'
import { chromiumForTheseTests } from './browser'
import { base, expectAccessible, freshOrg, givenConsoleOrg, signInToConsole } from './console'

/*
 * The conversations queue in Chromium against the real worker: a site that holds every comment, three visitors'
 * comments, and an admin who approves one by keyboard alone, deletes one (the confirm step, banning its author),
 * bans another's address, replies as Sam in two paragraphs and hands a conversation to Lee — each seen where a
 * visitor or the worker sees it, not only on the page.
 */

const HEAVY = 180_000

type Visit = { path: string; title: string; name: string; email: string; body: string; ip?: string }

/** A visitor's comment; `ip` stands for where it comes from (posts are rate-limited per site and address). */
async function post(org: string, p: Visit) {
  const res = await fetch(`${base()}/v1/sites/${org}/comments`, {
    method: 'POST',
    headers: { origin: base(), 'content-type': 'application/json', ...(p.ip ? { 'cf-connecting-ip': p.ip } : {}) },
    body: JSON.stringify({ url: `${base()}${p.path}`, title: p.title, name: p.name, email: p.email, body: p.body }),
  })
  return res
}

async function posted(org: string, p: Visit) {
  const res = await post(org, p)
  expect(res.status, await res.clone().text()).toBe(201)
  return ((await res.json()) as { comment: { id: string; conversationId: string } }).comment
}

async function thread(org: string, path: string): Promise<Thread> {
  const res = await fetch(`${base()}/v1/sites/${org}/thread?url=${encodeURIComponent(`${base()}${path}`)}`)
  expect(res.status).toBe(200)
  return (await res.json()) as Thread
}

/** Presses Tab until `target` has focus: how someone without a mouse gets to it. */
async function tabTo(page: Page, target: Locator, most = 80) {
  for (let i = 0; i < most; i++) {
    if (await target.evaluate((el) => el.matches(':focus'))) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`Tab never reached ${target}`)
}

/** The element that has focus, through the shadow roots: never <body> after an action. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let at: Element | null = document.activeElement
    while (at?.shadowRoot?.activeElement) at = at.shadowRoot.activeElement
    return { tag: at?.tagName.toLowerCase(), text: at?.textContent?.replace(/\s+/g, ' ').trim() }
  })

const said = (page: Page) => page.getByRole('status').filter({ hasText: /\S/ })

describe('the console: conversations queue', () => {
  const browser = chromiumForTheseTests()

  it(
    'approves by keyboard, deletes with a confirm step and bans, replies as Sam in two paragraphs, hands over to Lee',
    async () => {
      const org = freshOrg('queue')
      await givenConsoleOrg(org, (doc) => {
        doc.sites[0].settings.moderation = 'all'
      })
      const ana = { path: '/news/mill-road', title: 'Bus lanes on Mill Road', name: 'Ana Ruiz', email: `ana-${org}@visitor.test`, body: 'When do the works start?' }
      const dan = { path: '/news/parking', title: 'Parking permits', name: 'Dan Troll', email: `dan-${org}@visitor.test`, body: 'Spam spam spam' }
      const hal = { path: '/news/bins', title: 'Bin collections', name: 'Hal Rude', email: `hal-${org}@visitor.test`, body: 'Rude words' }
      const ivo = { path: '/news/library', title: 'Library hours', name: 'Ivo Novak', email: `ivo-${org}@visitor.test`, body: 'Is it open on Sundays?' }
      const a = await posted(org, ana)
      await posted(org, dan)
      await posted(org, hal)
      const i = await posted(org, ivo)
      expect((await thread(org, ana.path)).conversations).toEqual([])

      const context = await browser.newContext()
      const page = await signInToConsole(context, org)
      await page.getByRole('heading', { level: 1, name: 'Conversations' }).waitFor()
      const article = (who: string) => page.getByRole('article', { name: new RegExp(`^${who} on `) })

      // Held tab, then approve Ana's comment: Tab and the arrow keys only.
      const awaitingRadio = page.getByRole('radio', { name: 'Awaiting a reply' })
      await tabTo(page, awaitingRadio)
      await page.keyboard.press('ArrowRight')
      await page.keyboard.press('ArrowRight')
      await expect.poll(() => page.getByRole('radio', { name: 'Held for moderation' }).isChecked()).toBe(true)
      await page.getByRole('heading', { level: 2, name: 'Held for moderation' }).waitFor()
      await article('Ana Ruiz').waitFor()
      await expect.poll(() => page.getByRole('article').count()).toBe(4)
      await expect.poll(() => article('Ana Ruiz').textContent()).toContain('Held for a moderator')
      await expect.poll(() => article('Ana Ruiz').textContent()).toContain(ana.email)
      await expect.poll(() => article('Ana Ruiz').textContent()).toContain('Bus lanes on Mill Road')
      await expectAccessible(page, 'the held queue with items')

      await tabTo(page, article('Ana Ruiz').getByRole('button', { name: 'Approve' }))
      await page.keyboard.press('Enter')
      await said(page).filter({ hasText: "Approved Ana Ruiz's comment on Bus lanes on Mill Road. It is published." }).waitFor()
      await expect.poll(() => article('Ana Ruiz').count()).toBe(0)
      // Focus is on the next item's heading, not lost to the page.
      expect(await focused(page)).toMatchObject({ tag: 'h3' })
      expect((await focused(page)).text).toMatch(/ on /)
      const published = (await thread(org, ana.path)).conversations
      expect(published.map((c) => c.comments[0]!.id)).toEqual([a.id])
      await expectAccessible(page, 'the held queue after an approval')

      // Delete Dan's comment: a confirm step first, which can also ban his address.
      const danItem = article('Dan Troll')
      await danItem.getByRole('button', { name: 'Delete…' }).click()
      const confirm = danItem.getByRole('group', { name: "Delete Dan Troll's comment for good?" })
      await confirm.waitFor()
      expect(await focused(page)).toMatchObject({ text: "Delete Dan Troll's comment for good?" })
      await expectAccessible(page, 'the delete confirm step')
      await confirm.getByRole('button', { name: 'Keep it' }).click()
      await expect.poll(() => confirm.count()).toBe(0)
      expect(await focused(page)).toMatchObject({ tag: 'button', text: 'Delete…' })
      await danItem.getByRole('button', { name: 'Delete…' }).click()
      await confirm.getByRole('checkbox', { name: `Also ban ${dan.email} from Council news` }).check()
      await confirm.getByRole('button', { name: 'Delete for good' }).click()
      await said(page).filter({ hasText: `Deleted Dan Troll's comment on Parking permits. Its words are gone. Banned ${dan.email} from Council news.` }).waitFor()
      await expect.poll(() => danItem.count()).toBe(0)
      expect(await focused(page)).toMatchObject({ tag: 'h3' })
      const again = await post(org, { ...dan, body: 'Me again' })
      expect(res(again.status, await again.json())).toEqual(res(403, { error: expect.objectContaining({ code: 'banned' }) }))

      // Ban Hal by address from the Ban panel; his comment stays held, marked.
      const halItem = article('Hal Rude')
      await halItem.getByRole('button', { name: 'Ban…' }).click()
      const halBan = halItem.getByRole('group', { name: /^Ban Hal Rude from Council news by/ })
      await halBan.getByRole('radio', { name: `their address, ${hal.email}` }).waitFor()
      expect(await halBan.getByRole('radio', { name: `their address, ${hal.email}` }).isChecked()).toBe(true)
      await halItem.getByLabel('Reason (optional, kept in the moderation log)').fill('Abuse')
      await halItem.getByRole('button', { name: 'Ban', exact: true }).click()
      await said(page).filter({ hasText: `Banned ${hal.email} from Council news.` }).waitFor()
      await expect.poll(() => halItem.textContent()).toContain("Author's address banned")
      expect(await focused(page)).toMatchObject({ tag: 'h3', text: 'Hal Rude on Bin collections' })
      const halAgain = await post(org, { ...hal, body: 'Still here' })
      expect(halAgain.status).toBe(403)

      await article('Ivo Novak').getByRole('button', { name: 'Approve' }).click()
      await said(page).filter({ hasText: "Approved Ivo Novak's comment" }).waitFor()
      expect(await focused(page)).toMatchObject({ tag: 'h3', text: 'Hal Rude on Bin collections' })

      // Hiding the last held comment empties the list: focus goes to the list's heading.
      await halItem.getByRole('button', { name: 'Hide' }).click()
      await said(page).filter({ hasText: "Hid Hal Rude's comment on Bin collections. The thread shows it as hidden by moderators." }).waitFor()
      await page.getByText('No comment is held.').waitFor()
      expect(await focused(page)).toEqual({ tag: 'h2', text: 'Held for moderation' })
      await expectAccessible(page, 'the held queue emptied')

      // Awaiting: reply to Ana as Sam, two paragraphs typed with Enter Enter.
      await page.getByRole('radio', { name: 'Awaiting a reply' }).check()
      await page.getByRole('heading', { level: 2, name: 'Awaiting a reply' }).waitFor()
      await expect.poll(() => page.getByRole('article').count()).toBe(2)
      await expectAccessible(page, 'the awaiting queue')
      const anaItem = article('Ana Ruiz')
      await anaItem.getByRole('button', { name: 'Reply…' }).click()
      const reply = anaItem.getByLabel('Reply to Ana Ruiz')
      await expect.poll(async () => (await focused(page)).tag).toBe('textarea')
      expect(await anaItem.getByLabel('Reply as').inputValue()).toBe('sam')
      await page.keyboard.type('The works start in March.')
      await page.keyboard.press('Enter')
      await page.keyboard.press('Enter')
      await page.keyboard.type('Buses keep running throughout.')
      await expectAccessible(page, 'the reply form')
      expect(await reply.inputValue()).toBe('The works start in March.\n\nBuses keep running throughout.')
      await anaItem.getByRole('button', { name: 'Publish reply' }).click()
      await said(page).filter({ hasText: "Published Sam Ortiz's reply to Ana Ruiz on Bus lanes on Mill Road." }).waitFor()
      await expect.poll(() => anaItem.count()).toBe(0)
      expect(await focused(page)).toMatchObject({ tag: 'h3', text: 'Ivo Novak on Library hours' })
      const answered = (await thread(org, ana.path)).conversations[0]!
      const staffReply = answered.comments.find((c) => c.author.kind === 'staff')!
      expect(staffReply.author).toEqual({ kind: 'staff', handle: 'sam' })
      expect(staffReply.body.children.map((n) => n.type)).toEqual(['paragraph', 'paragraph'])
      expect(JSON.stringify(staffReply.body)).toContain('Buses keep running throughout.')
      expect(answered.status).toBe('answered')

      // Hand Ivo's conversation over. Someone else gives it to Rita meanwhile: the refusal shows, the note stays.
      const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
      const behind = await fetch(`${base()}/v1/admin/conversations/${i.conversationId}/handover`, {
        method: 'POST',
        headers: { cookie, origin: base(), 'x-byline-console': '1', 'content-type': 'application/json' },
        body: JSON.stringify({ to: 'rita' }),
      })
      expect(behind.status).toBe(200)
      const ivoItem = article('Ivo Novak')
      await ivoItem.getByRole('button', { name: 'Hand over…' }).click()
      await ivoItem.getByLabel('Hand over to').selectOption({ label: 'Rita Gomes' })
      await ivoItem.getByLabel('Note for the thread (optional)').fill('Rita runs the library consultation')
      await ivoItem.getByRole('button', { name: 'Hand over', exact: true }).click()
      await ivoItem.getByRole('alert').filter({ hasText: 'The conversation is already with Rita Gomes.' }).waitFor()
      expect(await ivoItem.getByLabel('Note for the thread (optional)').inputValue()).toBe('Rita runs the library consultation')
      await expectAccessible(page, 'a refused hand-over')

      await ivoItem.getByLabel('Hand over to').selectOption({ label: 'Lee Chan' })
      await ivoItem.getByLabel('Note for the thread (optional)').fill('Lee knows the opening hours')
      await ivoItem.getByRole('button', { name: 'Hand over', exact: true }).click()
      await said(page).filter({ hasText: "Handed Ivo Novak's conversation on Library hours to Lee Chan." }).waitFor()
      await expect.poll(() => ivoItem.textContent()).toContain('assigned to Lee Chan')
      expect(await ivoItem.getByRole('alert').count()).toBe(0)
      expect(await focused(page)).toMatchObject({ tag: 'h3', text: 'Ivo Novak on Library hours' })
      const handed = (await thread(org, ivo.path)).conversations[0]!
      expect(handed.assignee).toBe('lee')
      expect(handed.handovers.at(-1)).toMatchObject({ to: 'lee', note: 'Lee knows the opening hours' })

      // Filtered to Sam's conversations, none is left; the list says so.
      await page.getByLabel('Assigned to').selectOption({ label: 'Sam Ortiz' })
      await page.getByText('Nothing is waiting for a reply.').waitFor()
      await page.emulateMedia({ colorScheme: 'dark' })
      await page.getByLabel('Assigned to').selectOption({ label: 'Lee Chan' })
      await article('Ivo Novak').waitFor()
      await expectAccessible(page, 'the queue filtered to Lee, dark')
      await context.close()
    },
    HEAVY,
  )

  it(
    'pages with "Show older", moving focus to the first older item, fits a 360 px screen, and signs out when the session is gone',
    async () => {
      const org = freshOrg('queue-pages')
      await givenConsoleOrg(org)
      // 52 comments: a page of 50 and two more.
      for (let n = 1; n <= 52; n++)
        await posted(org, { path: `/news/item-${n}`, title: `Item ${n}`, name: `Visitor ${n}`, email: `v${n}-${org}@visitor.test`, body: `Question ${n}`, ip: `192.0.2.${n}` })
      const context = await browser.newContext({ viewport: { width: 360, height: 740 } })
      const page = await signInToConsole(context, org)
      await page.getByRole('heading', { level: 2, name: 'Awaiting a reply' }).waitFor()
      await expect.poll(() => page.getByRole('article').count()).toBe(50)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
      const first = page.getByRole('article', { name: 'Visitor 52 on Item 52' })
      await first.getByRole('button', { name: 'Reply…' }).click()
      await first.getByLabel('Reply to Visitor 52').waitFor()
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
      await first.getByRole('button', { name: 'Cancel' }).click()
      // Newest first: the last page holds the two oldest.
      await page.getByRole('button', { name: 'Show older' }).click()
      await expect.poll(() => page.getByRole('article').count()).toBe(52)
      await expect.poll(async () => (await focused(page)).text).toBe('Visitor 2 on Item 2')
      expect(await page.getByRole('button', { name: 'Show older' }).count()).toBe(0)

      // The session ends elsewhere (signed out in another tab): the next action brings back the sign-in form.
      const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
      const out = await fetch(`${base()}/v1/console/sign-out`, {
        method: 'POST',
        headers: { cookie, origin: base(), 'x-byline-console': '1', 'content-type': 'application/json' },
        body: '{}',
      })
      expect(out.status).toBe(200)
      await page.getByRole('article', { name: 'Visitor 1 on Item 1' }).getByRole('button', { name: 'Hide' }).click()
      await page.getByRole('heading', { name: 'Sign in to the Byline console' }).waitFor()
      await context.close()
    },
    HEAVY,
  )
})

/** A status and body side by side, so a failure shows both. */
const res = (status: number, body: unknown) => ({ status, body })
