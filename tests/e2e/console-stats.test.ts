import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { chromiumForTheseTests } from './browser'
import { base, expectAccessible, freshOrg, givenConsoleOrg, signInToConsole } from './console'

type Record = { conversations: number; answeredRate: number | null; medianFirstReplySeconds: number | null; p90FirstReplySeconds?: number | null }
type Figures = { openConversations: number; record: Record; weekly: (number | null)[] }
type Stats = {
  weeks: string[]
  responders: (Figures & { handle: string; name: string })[]
  sites: (Figures & { id: string; name: string })[]
  overdue: { assignee: { name: string }; page: { url: string } }[]
}

/** A visitor's comment on the org's site, posted as the widget posts it; answers its conversation's id. */
async function visitorComment(site: string, path: string, body: string): Promise<string> {
  const res = await fetch(`${base()}/v1/sites/${site}/comments`, {
    method: 'POST',
    headers: { origin: new URL(base()).origin, 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${base()}${path}`, name: 'Noor Visitor', email: 'noor@visitor.test', body }),
  })
  expect(res.status, await res.clone().text()).toBe(201)
  return ((await res.json()) as { comment: { conversationId: string } }).comment.conversationId
}

/** A console call from the signed-in page, as the console makes it (its session cookie, its CSRF header). */
function fromConsole<T>(page: Page, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ([path, body]) => {
      const res = await fetch(path as string, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'X-Byline-Console': '1', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: res.status, json: await res.json() }
    },
    [path, body] as const,
  )
}

const stats = async (page: Page) => (await fromConsole<Stats>(page, '/v1/console/stats')).json

/** What a record's cell must say for a figure the API gives: the record's own words for null, else some figure. */
function expectFigure(cell: string, value: number | null | undefined, what: string) {
  if (value === null || value === undefined) expect(cell, what).toBe('not enough history yet')
  else expect(cell, what).toMatch(/^(under a minute|\d+ min|\d+ h( \d+ min)?|\d+ d( \d+ h)?)$/)
}

/** The cells of the table row whose header is `name`, in the region `region`. */
async function rowCells(page: Page, region: string, name: string): Promise<string[]> {
  const row = page.getByRole('region', { name: region }).getByRole('row').filter({ has: page.getByRole('rowheader', { name }) })
  return (await row.getByRole('cell').allInnerTexts()).map((t) => t.trim())
}

function expectRecordRow(cells: string[], f: Figures, what: string) {
  const [open, conversations, answered, median, p90] = cells.slice(-5)
  expect(Number(open), `${what}: open`).toBe(f.openConversations)
  expect(Number(conversations), `${what}: conversations`).toBe(f.record.conversations)
  if (f.record.answeredRate === null) expect(answered, `${what}: answered`).toBe('not enough history yet')
  else expect(answered, `${what}: answered`).toBe(`${Math.round(f.record.answeredRate * 100)}%`)
  expectFigure(median!, f.record.medianFirstReplySeconds, `${what}: median`)
  expectFigure(p90!, f.record.p90FirstReplySeconds, `${what}: p90`)
}

describe('the console: response times', () => {
  const browser = chromiumForTheseTests()

  it('shows each responder and site as the stats API counts them, the overdue list, and 12 weeks as a chart and a table', { timeout: 180_000 }, async () => {
    const org = freshOrg('stats')
    // A reply-time target of a few seconds: what Sam leaves unanswered is overdue by the time the console looks.
    await givenConsoleOrg(org, (doc) => (doc.sites[0].settings.replyTargetHours = 0.001))
    const context = await browser.newContext()
    const page = await signInToConsole(context, org)

    // Six questions for Sam (the default responder), one for Rita (the /planning/** rule); Sam answers five.
    const sams: string[] = []
    for (let i = 0; i < 6; i++) sams.push(await visitorComment(org, `/news/item-${i}`, `Question ${i} for the housing team, ${org}`))
    await visitorComment(org, '/planning/depot', `When is the depot hearing? ${org}`)
    for (const [i, id] of sams.slice(0, 5).entries()) {
      const reply = await fromConsole(page, `/v1/admin/conversations/${id}/replies`, { staff: 'sam', body: `Answer ${i}: the team will write to you.` })
      expect(reply.status, JSON.stringify(reply.json)).toBe(201)
    }
    await expect.poll(async () => (await stats(page)).overdue.length, { timeout: 30_000 }).toBe(2)

    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Response times' }).click()
    await page.getByRole('heading', { level: 1, name: 'Response times' }).waitFor()
    await page.getByRole('status').filter({ hasText: 'Figures as of' }).waitFor()

    // The site's record is counted on the read; the people's records are rolled up a minute after a change, so
    // the page is compared with the API read on either side of it, until both reads agree (nothing moved between).
    await expect
      .poll(
        async () => {
          const before = await stats(page)
          await page.getByRole('button', { name: 'Refresh the figures' }).click()
          await page.getByRole('status').filter({ hasText: 'Figures as of' }).waitFor()
          const shown = {
            sam: await rowCells(page, "Responders' figures", 'Sam Ortiz'),
            rita: await rowCells(page, "Responders' figures", 'Rita Gomes'),
            site: await rowCells(page, "Sites' figures", 'Council news'),
          }
          const after = await stats(page)
          if (JSON.stringify(before.responders) !== JSON.stringify(after.responders)) return 'the record moved while the page read it'
          for (const handle of ['sam', 'rita'] as const)
            expectRecordRow(shown[handle], after.responders.find((r) => r.handle === handle)!, handle)
          expectRecordRow(shown.site, after.sites[0]!, 'the site')
          return 'as the API says'
        },
        { timeout: 90_000, interval: 1_000 },
      )
      .toBe('as the API says')

    const now = await stats(page)
    const site = now.sites[0]!
    // Five answered of six waiting for Sam, one for Rita: the site has enough history for its figures, Rita does not.
    expect(site.openConversations).toBe(2)
    expect(site.record.answeredRate).not.toBeNull()
    expect(now.responders.find((r) => r.handle === 'rita')!.record.answeredRate).toBeNull()

    const overdue = page.getByRole('table').filter({ has: page.getByText("Waiting past their site's reply-time target") })
    const overdueRows = overdue.locator('tbody tr')
    expect(await overdueRows.count()).toBe(now.overdue.length)
    for (const [i, item] of now.overdue.entries()) {
      await expect.poll(() => overdueRows.nth(i).getByRole('link').getAttribute('href')).toBe(item.page.url)
      expect(await overdueRows.nth(i).innerText()).toContain(item.assignee.name)
    }

    // Sam's chart: twelve weeks, a bar for each answered one, and a table of the same twelve figures.
    const sam = now.responders.find((r) => r.handle === 'sam')!
    const chart = page.getByRole('img', { name: /^Weekly median first reply, Sam Ortiz, last 12 weeks: answered in/ })
    expect(await chart.locator('g.week').count()).toBe(12)
    expect(await chart.locator('rect.bar').count()).toBe(sam.weekly.filter((w) => w !== null).length)
    expect(sam.weekly[11]).not.toBeNull()
    const table = page.getByRole('table', { name: 'Weekly median first reply: Sam Ortiz' })
    const rows = table.locator('tbody tr')
    expect(await rows.count()).toBe(12)
    // The weeks the page read: seven days each, the last ending when its figures were generated.
    const generatedAt = Date.parse((await page.getByRole('status').filter({ hasText: 'Figures as of' }).locator('time').getAttribute('datetime'))!)
    const shownWeeks = await table.locator('tbody time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')!))
    expect(shownWeeks).toEqual(now.weeks.map((_, j) => new Date(generatedAt - (12 - j) * 7 * 86_400_000).toISOString()))
    for (const [i, median] of sam.weekly.entries()) {
      const cell = (await rows.nth(i).getByRole('cell').nth(1).innerText()).trim()
      if (median === null) expect(cell).toMatch(/^—/)
      else expectFigure(cell, median, `week ${i}`)
    }
    // Rita has answered nothing: her chart says so, and her table has twelve empty weeks.
    await page.getByRole('img', { name: /Rita Gomes, last 12 weeks: no conversation was answered/ }).waitFor()
    const rita = page.getByRole('table', { name: 'Weekly median first reply: Rita Gomes' }).locator('tbody tr')
    expect(await rita.count()).toBe(12)

    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      await expectAccessible(page, `response times with history (${scheme})`)
    }
    await context.close()
  })
})
