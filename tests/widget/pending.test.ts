import { afterEach, describe, expect, test } from 'vitest'
import { page } from 'vitest/browser'
import type { Comment, Thread } from '../../schema/api/thread'
import { cleanUp, conversation, created, json, mountWidget, pageHref, post, stubApi, text, thread, visitorComment } from './helpers'

afterEach(cleanUp)

const status = () => page.getByRole('status')
const MODERATION = 'Awaiting approval — only you can see it.'
const UNVERIFIED = 'Confirm your email to publish it: we sent a link to jane@example.org.'

/** A fake worker whose thread is `shown()` and whose posts come back pending for `reason`. */
function worker(reason: 'moderation' | 'unverified', shown: () => Thread = () => thread()) {
  let stored: Comment | undefined
  const api = stubApi({
    get: () => Response.json(shown()),
    post: async (req) => {
      if (req.url.endsWith('/verify'))
        return json({ accepted: true, message: 'If that address is yours, a new link is on its way.' }, 202)
      const res = await created(req, { state: 'pending', ownerToken: 'owner-secret', pendingReason: reason })
      stored = ((await res.clone().json()) as { comment: Comment }).comment
      return res
    },
  })
  return { api, stored: () => stored! }
}

/** The visitor reloads the page. */
async function remount(attrs: Record<string, string> = {}) {
  document.querySelector('byline-comments')!.remove()
  return mountWidget(attrs)
}

describe('a comment that waits', () => {
  test('for a moderator: shown to its author only, marked, and kept across a reload', async () => {
    const { stored } = worker('moderation')
    await mountWidget()
    await post('Is the budget online?')

    await expect.element(status()).toHaveTextContent(MODERATION)
    const article = page.getByRole('article')
    await expect.element(article.getByText('Is the budget online?')).toBeVisible()
    await expect.element(article.getByText(MODERATION)).toBeVisible()
    expect(page.getByRole('button', { name: 'Send the link again' }).elements()).toHaveLength(0)

    // The worker shows it to nobody, so the thread that comes back after a reload does not have it.
    await remount()
    await expect.element(page.getByRole('article').getByText('Is the budget online?')).toBeVisible()
    await expect.element(page.getByRole('article').getByText(MODERATION)).toBeVisible()
    expect(stored().state).toBe('pending')
  })

  test('for an email confirmation: says where the link went, and asks for it again', async () => {
    const { api } = worker('unverified')
    await mountWidget()
    await post('First time here')

    const article = page.getByRole('article')
    await expect.element(article.getByText(UNVERIFIED)).toBeVisible()
    await article.getByRole('button', { name: 'Send the link again' }).click()

    await expect.element(status()).toHaveTextContent('If that address is yours, a new link is on its way.')
    const verify = api.posts().find((r) => r.url.endsWith('/verify'))!
    expect(verify.url).toBe('https://byline.test/v1/sites/demo/verify')
    expect(await verify.json()).toEqual({ email: 'jane@example.org', url: pageHref() })

    await remount()
    await expect.element(page.getByRole('article').getByText(UNVERIFIED)).toBeVisible()
  })

  test('once the thread has it published, the mark and the local copy go', async () => {
    let published: Comment | undefined
    const { stored } = worker('moderation', () =>
      thread(published ? { conversations: [conversation({ comments: [published] })] } : {}),
    )
    await mountWidget()
    await post('Approve me')
    await expect.element(page.getByText(MODERATION).first()).toBeVisible()

    published = { ...stored(), state: 'published' }
    await remount()
    await expect.element(page.getByRole('article').getByText('Approve me')).toBeVisible()
    expect(page.getByText(MODERATION).elements()).toHaveLength(0)
    expect(page.getByRole('article').elements()).toHaveLength(1)
    const mine = JSON.parse(localStorage.getItem('byline:mine:demo')!) as Record<string, { pending?: unknown }>
    expect(mine[stored().id]).toMatchObject({ token: 'owner-secret' })
    expect(mine[stored().id]!.pending).toBeUndefined()

    // Gone from the published thread later on: nothing of it comes back from this browser.
    published = undefined
    await remount()
    expect(page.getByText('Approve me').elements()).toHaveLength(0)
  })

  test('a pending reply shows in its conversation, and only on its own page', async () => {
    const question = visitorComment('Sam Other', text('Where is the agenda?'), 'conv-1')
    worker('moderation', () => thread({ conversations: [conversation({ comments: [question] })] }))
    await mountWidget({ page: '/budget' })
    await page.getByRole('button', { name: 'Reply to Sam Other' }).click()
    await post('Same question', 'Post reply')
    await expect.element(status()).toHaveTextContent(MODERATION)

    await remount({ page: '/budget' })
    const conv = page.getByRole('listitem').filter({ hasText: 'Where is the agenda?' })
    await expect.element(conv.getByText('Same question')).toBeVisible()
    await expect.element(conv.getByText(MODERATION)).toBeVisible()

    document.querySelector('byline-comments')!.remove()
    await mountWidget({ page: '/another' })
    expect(page.getByText('Same question').elements()).toHaveLength(0)
  })
})
