import type { Page } from 'playwright-core'
import { describe, expect, inject, it } from 'vitest'
import { chromiumForTheseTests } from './browser'

/** The paragraphs of the body of the comment that says `marker`, as the widget shows them in its shadow root. */
const paragraphsOf = (page: Page, marker: string) =>
  page.evaluate((marker) => {
    const root = document.querySelector('byline-comments')!.shadowRoot!
    const article = Array.from(root.querySelectorAll('article')).find((a) => a.textContent!.includes(marker))
    return article && Array.from(article.children).filter((e) => e.localName === 'p').map((p) => p.textContent)
  }, marker)

describe('typing into the widget, end to end', () => {
  const base = inject('bylineUrl')
  const browser = chromiumForTheseTests()

  it('a comment typed as two paragraphs (Enter, Enter between them) is published as two paragraphs', async () => {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${base}/`)
    await page.getByText(/Your comment goes to/).waitFor()

    const first = `The N7 could stop at the side entrance. ${Date.now()}`
    const second = 'It would save a long walk at night.'
    const type = async (name: string, text: string) => {
      await page.getByRole('textbox', { name, exact: true }).click()
      await page.keyboard.type(text)
    }
    await type('Name', 'Lena Brandt')
    await type('Email', 'lena@visitor.test')
    await type('Comment', first)
    await page.keyboard.press('Enter')
    await page.keyboard.press('Enter')
    await page.keyboard.type(second)

    const answer = page.waitForResponse((r) => r.request().method() === 'POST' && /\/comments$/.test(r.url()))
    await page.getByRole('button', { name: 'Post comment' }).click()
    const res = await answer
    // What the widget sent: the field's value, where a line break is LF whatever the platform.
    expect(res.request().postDataJSON()).toMatchObject({ body: `${first}\n\n${second}` })
    // The worker's own words if it refuses, so a failure says why.
    expect(res.status(), await res.text()).toBe(201)
    await page.getByRole('status').filter({ hasText: /posted/i }).waitFor()
    expect(await paragraphsOf(page, first)).toEqual([first, second])

    // What the worker stored, read back as everyone will see it.
    await page.reload()
    await page.getByText(first).waitFor()
    expect(await paragraphsOf(page, first)).toEqual([first, second])
    expect(errors).toEqual([])
    await page.close()
  })

  it("sends the language of the page (or of the element) with a post, so the visitor's mail comes in it", async () => {
    // An address of its own (wrangler honours cf-connecting-ip), so these posts to the demo site share no rate limit.
    const context = await browser.newContext({ locale: 'de-DE', extraHTTPHeaders: { 'cf-connecting-ip': '198.51.100.23' } })
    const hosts = { page: `${base}/lang-host/page`, element: `${base}/lang-host/element`, none: `${base}/lang-host/none` }
    const embed = (htmlLang: string, elementLang: string) =>
      `<!doctype html><html${htmlLang}><head><title>Council news</title></head><body><h1>Council news</h1>
<byline-comments site="demo"${elementLang}></byline-comments><script src="/widget.js" async></script></body></html>`
    await context.route(hosts.page, (r) => r.fulfill({ contentType: 'text/html; charset=utf-8', body: embed(' lang="fr-CA"', '') }))
    await context.route(hosts.element, (r) => r.fulfill({ contentType: 'text/html; charset=utf-8', body: embed(' lang="fr-CA"', ' lang="ar"') }))
    await context.route(hosts.none, (r) => r.fulfill({ contentType: 'text/html; charset=utf-8', body: embed('', '') }))
    const sentFrom = async (url: string) => {
      const page = await context.newPage()
      await page.goto(url)
      await page.getByText(/Your comment goes to/).waitFor()
      await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Lena Brandt')
      await page.getByRole('textbox', { name: 'Email', exact: true }).fill('lena@visitor.test')
      await page.getByRole('textbox', { name: 'Comment', exact: true }).fill(`Which language? ${url} ${Date.now()}`)
      const answer = page.waitForResponse((r) => r.request().method() === 'POST' && /\/comments$/.test(r.url()))
      await page.getByRole('button', { name: 'Post comment' }).click()
      const res = await answer
      expect(res.status(), await res.text()).toBe(201)
      await page.close()
      return (res.request().postDataJSON() as { locale?: string }).locale
    }
    expect(await sentFrom(hosts.page)).toBe('fr-CA')
    expect(await sentFrom(hosts.element)).toBe('ar')
    expect(await sentFrom(hosts.none)).toBe('de-DE')
    await context.close()
  })
})
