import { describe, expect, inject, it } from 'vitest'
import { chromiumForTheseTests } from './browser'

const base = inject('bylineUrl')

describe('the widget under a strict host-page CSP', () => {
  const browser = chromiumForTheseTests()

  it("renders and posts on a page whose CSP allows only its own origin (no inline script or style)", async () => {
    const page = await browser.newPage()
    const violations: string[] = []
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text())
    })
    // A host page served with the strictest reasonable policy, on the worker's origin (the demo site's origin).
    await page.route(`${base}/csp-host`, (route) =>
      route.fulfill({
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'" },
        body: `<!doctype html><html lang="en"><head><title>Strict</title></head><body><h1>Strict page</h1>
<script src="/widget.js" data-site="demo" async></script></body></html>`,
      }),
    )
    await page.goto(`${base}/csp-host`)
    await page.getByText(/Your comment goes to/).waitFor()
    const field = (name: string) => page.getByRole('textbox', { name, exact: true })
    const body = `Posted under a strict CSP ${Date.now()}`
    await field('Name').fill('Strict Reader')
    await field('Email').fill('strict@visitor.test')
    await field('Comment').fill(body)
    await page.getByRole('button', { name: /post/i }).click()
    await page.getByText(body).waitFor()
    // Styles applied (constructable stylesheets are not inline styles): the button has the accent background.
    const background = await page.getByRole('button', { name: /post/i }).evaluate((b) => getComputedStyle(b).backgroundColor)
    expect(background).not.toBe('rgba(0, 0, 0, 0)')
    expect(violations).toEqual([])
  })
})
