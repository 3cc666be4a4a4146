import { afterEach, expect, test } from 'vitest'
import { page } from 'vitest/browser'
import type { Doc } from '../../schema/api/document'
import { asResponder, cleanUp, conversation, mountWidget, stubApi, thread, tom, visitorComment } from './helpers'

afterEach(cleanUp)

test('hostile visitor text renders as literal text, and an unsafe link is not a link', async () => {
  const name = '<img src=x onerror=alert(1)>'
  const body: Doc = {
    type: 'doc',
    children: [
      { type: 'paragraph', children: [{ type: 'text', value: '<script>alert(1)</script>' }] },
      { type: 'code_block', value: '<img src=y onerror=alert(2)>' },
      {
        type: 'paragraph',
        children: [
          // The worker refuses these; the widget must not trust that it always will.
          { type: 'link', href: 'javascript:alert(1)', children: [{ type: 'text', value: 'click me' }] },
          { type: 'link', href: ' JaVaScRiPt:alert(2)', children: [{ type: 'text', value: 'me too' }] },
          { type: 'link', href: 'data:text/html,<script>alert(3)</script>', children: [{ type: 'text', value: 'and me' }] },
          { type: 'link', href: 'mailto:press@example.org', children: [{ type: 'text', value: 'write' }] },
        ],
      },
    ],
  }
  stubApi({
    get: () =>
      Response.json(
        thread({ conversations: [conversation({ comments: [visitorComment(name, body)] })] }),
      ),
  })
  const el = await mountWidget()
  const root = el.shadowRoot!

  await expect.element(page.getByText(name)).toBeVisible()
  await expect.element(page.getByText('<script>alert(1)</script>')).toBeVisible()
  await expect.element(page.getByText('<img src=y onerror=alert(2)>')).toBeVisible()
  expect(root.querySelectorAll('script')).toHaveLength(0)
  // The only image is the responder's photo.
  expect([...root.querySelectorAll('img')].map((img) => img.alt)).toEqual(['Tom Reyes'])

  await expect.element(page.getByText('click me')).toBeVisible()
  const comment = page.getByRole('article')
  expect(comment.getByRole('link').elements().map((a) => a.getAttribute('href'))).toEqual(['mailto:press@example.org'])
  expect(root.querySelector('[href^="javascript" i], [href^=" javascript" i], [href^="data" i]')).toBeNull()
})

test('a staff photo URL that is not http(s) is not loaded', async () => {
  stubApi({ get: () => Response.json(thread({ responder: asResponder({ ...tom, photoUrl: 'javascript:alert(1)' }) })) })
  const el = await mountWidget()
  await expect.element(page.getByText('Your comment goes to Tom Reyes')).toBeVisible()
  expect(el.shadowRoot!.querySelectorAll('img')).toHaveLength(0)
})
