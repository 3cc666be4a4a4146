import { afterEach, expect, test, vi } from 'vitest'
import { page } from 'vitest/browser'
import { API, cleanUp, json, stubApi, thread } from './helpers'

afterEach(cleanUp)

function place(attrs: Record<string, string> = {}) {
  const el = document.createElement('byline-comments')
  for (const [k, v] of Object.entries({ site: 'demo', api: API, ...attrs })) el.setAttribute(k, v)
  document.body.append(el)
  return el
}

test('says it is loading, then shows the thread', async () => {
  let answer: (r: Response) => void = () => {}
  stubApi({ get: () => new Promise<Response>((resolve) => (answer = resolve)) })
  place()
  const loading = page.getByText('Loading comments…')
  await expect.element(loading).toBeVisible()
  await expect.element(loading).toHaveAttribute('aria-live', 'polite')

  answer(Response.json(thread()))
  await expect.element(page.getByText('Your comment goes to')).toBeVisible()
  expect(page.getByText('Loading comments…').elements()).toHaveLength(0)
})

test('an unknown site: the error in words, a try-again button, and one console warning', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  stubApi({ get: () => json({ error: { code: 'site_not_found', message: 'There is no site "nope".' } }, 404) })
  place({ site: 'nope' })
  place({ site: 'nope' })

  await expect.element(page.getByText('Comments could not be loaded. There is no site "nope".').first()).toBeVisible()
  await expect.element(page.getByRole('button', { name: 'Try again' }).first()).toBeVisible()
  expect(warn).toHaveBeenCalledTimes(1)
  expect(warn.mock.calls[0]![0]).toMatch(/^byline\/unknown-site: /)
})

test('an origin the site does not allow: byline/origin-not-allowed', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  stubApi({ get: () => json({ error: { code: 'origin_not_allowed', message: 'This page may not embed the site.' } }, 403) })
  place()
  await expect.element(page.getByText('This page may not embed the site.', { exact: false })).toBeVisible()
  expect(warn).toHaveBeenCalledTimes(1)
  expect(warn.mock.calls[0]![0]).toMatch(/^byline\/origin-not-allowed: /)
})

test('try again loads the thread once the worker answers', async () => {
  let up = false
  stubApi({ get: () => (up ? Response.json(thread()) : Promise.reject(new TypeError('Failed to fetch'))) })
  place()
  await expect.element(page.getByText('Could not reach the comment service', { exact: false })).toBeVisible()
  up = true
  await page.getByRole('button', { name: 'Try again' }).click()
  await expect.element(page.getByText('Your comment goes to')).toBeVisible()
})

test('the form waits, unseen, for the thread, and then shows the draft the visitor left', async () => {
  localStorage.setItem('byline:visitor:demo', JSON.stringify({ name: 'Jane Reader', email: 'jane@example.org' }))
  let answer: (r: Response) => void = () => {}
  stubApi({ get: () => new Promise<Response>((resolve) => (answer = resolve)) })
  place()
  await expect.element(page.getByText('Loading comments…')).toBeVisible()
  expect(page.getByRole('form', { name: 'Write a comment' }).elements()).toHaveLength(0)
  expect(page.getByRole('region', { name: 'Who will answer' }).elements()).toHaveLength(0)
  expect(page.getByRole('link', { name: 'Your data' }).elements()).toHaveLength(0)

  answer(Response.json(thread()))
  await expect.element(page.getByRole('form', { name: 'Write a comment' })).toBeVisible()
  await expect.element(page.getByRole('region', { name: 'Who will answer' })).toHaveTextContent('Your comment goes to Tom Reyes, Budget analyst')
  await expect.element(page.getByLabelText('Name', { exact: true })).toHaveValue('Jane Reader')
  await expect.element(page.getByRole('link', { name: 'Your data' })).toBeVisible()
})
