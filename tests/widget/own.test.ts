import { afterEach, describe, expect, test } from 'vitest'
import { page, userEvent } from 'vitest/browser'
import type { Comment } from '../../schema/api/thread'
import {
  amira,
  cleanUp,
  conversation,
  created,
  json,
  mountWidget,
  post,
  staffComment,
  stubApi,
  text,
  thread,
  visitorComment,
} from './helpers'

afterEach(cleanUp)

const MINUTE = 60_000
const ago = (minutes: number) => new Date(Date.now() - minutes * MINUTE).toISOString()
const status = () => page.getByRole('status')
const button = (name: string) => page.getByRole('button', { name, exact: true })

/** A comment this browser posted earlier: its owner token (and source) are in storage, as a post leaves them. */
function remember(id: string, mine: { token: string; source?: string }) {
  localStorage.setItem('byline:mine:demo', JSON.stringify({ [id]: mine }))
}

/** Shows one conversation of these comments, in a site with a 15-minute edit window. */
function show(comments: Comment[], handlers: Parameters<typeof stubApi>[0] = {}) {
  return stubApi({ get: () => Response.json(thread({ conversations: [conversation({ comments })] })), ...handlers })
}

describe("the visitor's own comments", () => {
  test('a comment just posted can be edited: its source comes back, the PATCH carries the owner token', async () => {
    let stored: Comment | undefined
    const api = stubApi({
      get: () => Response.json(thread()),
      post: async (req) => {
        const res = await created(req, { ownerToken: 'owner-secret' })
        stored = ((await res.clone().json()) as { comment: Comment }).comment
        return res
      },
      patch: async (req) =>
        json({ comment: { ...stored!, body: text(((await req.json()) as { body: string }).body), editedAt: new Date().toISOString() } }),
    })
    const el = await mountWidget()
    await post('Will the vote be *streamed*?')
    await expect.element(status()).toHaveTextContent('Posted')

    const article = page.getByRole('article')
    await article.getByRole('button', { name: 'Edit' }).click()
    const editor = article.getByLabelText('Edit your comment')
    await expect.element(editor).toHaveValue('Will the vote be *streamed*?')
    await expect.poll(() => el.shadowRoot!.activeElement).toBe(editor.element())

    await editor.fill('Will the vote be streamed live?')
    await article.getByRole('button', { name: 'Save' }).click()

    await expect.element(status()).toHaveTextContent('Saved.')
    await expect.element(article.getByText('Will the vote be streamed live?')).toBeVisible()
    await expect.element(article.getByText('(edited)')).toBeVisible()
    const [patch] = api.sent('PATCH')
    expect(patch!.url).toBe(`https://byline.test/v1/comments/${stored!.id}`)
    expect(patch!.headers.get('authorization')).toBe('Bearer owner-secret')
    expect(patch!.headers.get('content-type')).toBe('application/json')
    expect(await patch!.json()).toEqual({ body: 'Will the vote be streamed live?' })
    // The next edit starts from the edited text.
    await article.getByRole('button', { name: 'Edit' }).click()
    await expect.element(article.getByLabelText('Edit your comment')).toHaveValue('Will the vote be streamed live?')
  })

  test('Edit shows within the edit window, counted from createdAt by this browser, and Delete always', async () => {
    remember('c-recent', { token: 't1', source: 'Recent' })
    show([{ ...visitorComment('Jane Reader', text('Recent')), id: 'c-recent', createdAt: ago(14) }])
    await mountWidget()
    await expect.element(button('Edit')).toBeVisible()
    await expect.element(button('Delete')).toBeVisible()
    cleanUp()

    remember('c-old', { token: 't2', source: 'Old' })
    show([{ ...visitorComment('Jane Reader', text('Old')), id: 'c-old', createdAt: ago(16) }])
    await mountWidget()
    await expect.element(button('Delete')).toBeVisible()
    expect(button('Edit').elements()).toHaveLength(0)
  })

  test('without the source text in storage there is nothing to edit: Delete only', async () => {
    remember('c-1', { token: 't1' })
    show([{ ...visitorComment('Jane Reader', text('Mine')), id: 'c-1', createdAt: ago(1) }])
    await mountWidget()
    await expect.element(button('Delete')).toBeVisible()
    expect(button('Edit').elements()).toHaveLength(0)
  })

  test("others' comments have neither Edit nor Delete, whatever this browser holds for other ids", async () => {
    remember('someone-else', { token: 't', source: 's' })
    show([
      { ...visitorComment('Sam Other', text('Not mine')), createdAt: ago(1) },
      { ...staffComment(amira, text('Not mine either')), createdAt: ago(1) },
    ])
    await mountWidget()
    await expect.element(page.getByText('Not mine either')).toBeVisible()
    expect(button('Edit').elements()).toHaveLength(0)
    expect(button('Delete').elements()).toHaveLength(0)
  })

  test('an edit the worker refuses keeps the text and says why', async () => {
    remember('c-1', { token: 't1', source: 'First words' })
    show([{ ...visitorComment('Jane Reader', text('First words')), id: 'c-1', createdAt: ago(1) }], {
      patch: () =>
        json({ error: { code: 'edit_window_closed', message: 'Comments can be edited for 15 minutes.' } }, 403),
    })
    await mountWidget()
    await button('Edit').click()
    await page.getByLabelText('Edit your comment').fill('Second words')
    await button('Save').click()

    await expect.element(status()).toHaveTextContent('Comments can be edited for 15 minutes.')
    await expect.element(page.getByLabelText('Edit your comment')).toHaveValue('Second words')
    expect(page.getByRole('article').getByText('(edited)').elements()).toHaveLength(0)
  })

  test('Cancel closes the editor and leaves the comment as it was', async () => {
    remember('c-1', { token: 't1', source: 'As it was' })
    const api = show([{ ...visitorComment('Jane Reader', text('As it was')), id: 'c-1', createdAt: ago(1) }])
    await mountWidget()
    await button('Edit').click()
    await page.getByLabelText('Edit your comment').fill('Changed my mind')
    await button('Cancel').click()
    await expect.element(page.getByText('As it was')).toBeVisible()
    expect(page.getByLabelText('Edit your comment').elements()).toHaveLength(0)
    expect(api.sent('PATCH')).toHaveLength(0)
  })
})

describe('deleting', () => {
  test('asks "Delete for good?" in the page, then sends DELETE with the owner token and takes the comment away', async () => {
    remember('c-1', { token: 'owner-secret', source: 'Oops' })
    const api = show([{ ...visitorComment('Jane Reader', text('Oops')), id: 'c-1', createdAt: ago(1) }], {
      delete: () => new Response(null, { status: 204 }),
    })
    const el = await mountWidget()
    await button('Delete').click()

    const confirm = button('Delete for good?')
    await expect.element(confirm).toBeVisible()
    await expect.poll(() => el.shadowRoot!.activeElement).toBe(confirm.element())
    expect(api.sent('DELETE')).toHaveLength(0)

    await confirm.click()
    await expect.element(status()).toHaveTextContent('Comment deleted.')
    expect(page.getByRole('article').elements()).toHaveLength(0)
    await expect.element(page.getByText('No comments yet.')).toBeVisible()
    const [req] = api.sent('DELETE')
    expect(req!.url).toBe('https://byline.test/v1/comments/c-1')
    expect(req!.headers.get('authorization')).toBe('Bearer owner-secret')
    expect(await req!.text()).toBe('')
    expect(JSON.parse(localStorage.getItem('byline:mine:demo')!)).toEqual({})
  })

  test('by keyboard: Enter on Delete, Enter on "Delete for good?", and focus lands on the placeholder left behind', async () => {
    remember('c-first', { token: 't1', source: 'My question' })
    show(
      [
        { ...visitorComment('Jane Reader', text('My question')), id: 'c-first', createdAt: ago(1) },
        staffComment(amira, text('The answer')),
      ],
      { delete: () => new Response(null, { status: 204 }) },
    )
    const el = await mountWidget()
    const focused = () => el.shadowRoot!.activeElement
    ;(button('Delete').element() as HTMLElement).focus()
    await userEvent.keyboard('{Enter}')
    await expect.poll(focused).toBe(button('Delete for good?').element())
    await userEvent.keyboard('{Enter}')

    await expect.element(status()).toHaveTextContent('Comment deleted.')
    const [placeholder] = page.getByRole('article').all()
    await expect.poll(focused).toBe(placeholder!.element())
    await expect.element(placeholder!.getByText('Comment deleted.')).toBeVisible()
    expect(placeholder!.element().matches(':focus-visible')).toBe(true)
  })

  test('by keyboard: a comment that leaves nothing behind hands focus to the thread, and Tab goes on to the form', async () => {
    remember('c-1', { token: 't1', source: 'Oops' })
    show([{ ...visitorComment('Jane Reader', text('Oops')), id: 'c-1', createdAt: ago(1) }], {
      delete: () => new Response(null, { status: 204 }),
    })
    const el = await mountWidget()
    const focused = () => el.shadowRoot!.activeElement
    ;(button('Delete').element() as HTMLElement).focus()
    await userEvent.keyboard('{Enter}')
    await userEvent.keyboard('{Enter}')

    await expect.element(status()).toHaveTextContent('Comment deleted.')
    await expect.poll(focused).toBe(page.getByRole('region', { name: 'Comments' }).element())
    await userEvent.tab()
    expect(focused()).toBe(page.getByLabelText('Name', { exact: true }).element())
  })

  test('Cancel keeps the comment and sends nothing', async () => {
    remember('c-1', { token: 't1', source: 'Keep me' })
    const api = show([{ ...visitorComment('Jane Reader', text('Keep me')), id: 'c-1', createdAt: ago(1) }])
    await mountWidget()
    await button('Delete').click()
    await button('Cancel').click()
    await expect.element(button('Delete')).toBeVisible()
    expect(button('Delete for good?').elements()).toHaveLength(0)
    expect(api.sent('DELETE')).toHaveLength(0)
  })

  test('the first comment of a conversation with replies stays as "Comment deleted.", without its author', async () => {
    remember('c-first', { token: 't1', source: 'My question' })
    show(
      [
        { ...visitorComment('Jane Reader', text('My question')), id: 'c-first', createdAt: ago(1) },
        staffComment(amira, text('The answer')),
      ],
      { delete: () => new Response(null, { status: 204 }) },
    )
    await mountWidget()
    await button('Delete').click()
    await button('Delete for good?').click()

    const [first, reply] = page.getByRole('article').all()
    await expect.element(first!.getByText('Comment deleted.')).toBeVisible()
    expect(first!.getByText('Jane Reader').elements()).toHaveLength(0)
    expect(first!.getByText('My question').elements()).toHaveLength(0)
    expect(first!.getByRole('button').elements()).toHaveLength(0)
    await expect.element(reply!.getByText('The answer')).toBeVisible()
  })

  test('a refused deletion says why and keeps the comment', async () => {
    remember('c-1', { token: 'stale', source: 'Still here' })
    show([{ ...visitorComment('Jane Reader', text('Still here')), id: 'c-1', createdAt: ago(1) }], {
      delete: () => json({ error: { code: 'not_owner', message: 'This comment was not posted from here.' } }, 403),
    })
    await mountWidget()
    await button('Delete').click()
    await button('Delete for good?').click()
    await expect.element(status()).toHaveTextContent('This comment was not posted from here.')
    await expect.element(page.getByText('Still here')).toBeVisible()
  })
})

describe('placeholders', () => {
  test('a hidden comment with replies: "Hidden by moderators." under its author, quiet', async () => {
    show([
      { ...visitorComment('Jane Reader', { type: 'doc', children: [] }), state: 'hidden' },
      staffComment(amira, text('We removed a personal detail.')),
    ])
    await mountWidget()
    const [first, reply] = page.getByRole('article').all()
    const line = first!.getByText('Hidden by moderators.')
    await expect.element(line).toBeVisible()
    await expect.element(first!.getByText('Jane Reader')).toBeVisible()
    // Quiet: smaller than a comment's text.
    const size = (e: Element) => parseFloat(getComputedStyle(e).fontSize)
    expect(size(line.element())).toBeLessThan(size(reply!.getByText('We removed a personal detail.').element()))
  })

  test('a deleted comment with replies: "Comment deleted." and no author name', async () => {
    show([
      { ...visitorComment('Jane Reader', { type: 'doc', children: [] }), state: 'deleted' },
      staffComment(amira, text('Answered anyway.')),
    ])
    await mountWidget()
    const [first] = page.getByRole('article').all()
    await expect.element(first!.getByText('Comment deleted.')).toBeVisible()
    expect(first!.getByText('Jane Reader').elements()).toHaveLength(0)
  })
})
