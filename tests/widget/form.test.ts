import { afterEach, describe, expect, test } from 'vitest'
import { page } from 'vitest/browser'
import type { NewCommentInput } from '../../schema/api/comments'
import type { Comment } from '../../schema/api/thread'
import {
  amira,
  asResponder,
  cleanUp,
  conversation,
  json,
  mountWidget,
  pageHref,
  staffComment,
  stubApi,
  text,
  thread,
  tom,
  visitorComment,
} from './helpers'

afterEach(cleanUp)

const DRAFT = 'byline:draft:demo:/'
const storedDraft = () => JSON.parse(localStorage.getItem(DRAFT) ?? 'null') as Record<string, string> | null

const nameField = () => page.getByLabelText('Name', { exact: true })
const emailField = () => page.getByLabelText('Email', { exact: true })
const commentField = () => page.getByLabelText('Comment', { exact: true })
const postButton = () => page.getByRole('button', { name: 'Post comment' })
const status = () => page.getByRole('status')

async function fillForm(body = 'Will the vote be streamed?') {
  await nameField().fill('Jane Reader')
  await emailField().fill('jane@example.org')
  await commentField().fill(body)
}

/** The worker's answer to a good post: the comment as stored, in a new conversation. */
function created(req: Request, input: NewCommentInput): Response {
  const comment: Comment = {
    ...visitorComment(input.name, text(input.body), input.conversationId ?? 'conv-new'),
    id: `stored-${req.headers.get('idempotency-key')}`,
  }
  return json({ comment }, 201)
}

describe('the form', () => {
  test('labels every field and reports status politely', async () => {
    stubApi({ get: () => Response.json(thread()) })
    await mountWidget({ page: '/' })

    await expect.element(nameField()).toHaveAttribute('autocomplete', 'name')
    await expect.element(nameField()).toBeRequired()
    await expect.element(emailField()).toHaveAttribute('autocomplete', 'email')
    await expect.element(emailField()).toHaveAttribute('type', 'email')
    await expect.element(emailField()).toBeRequired()
    await expect.element(emailField()).toHaveAccessibleDescription(/never shown publicly/i)
    await expect.element(commentField()).toBeRequired()
    await expect.element(status()).toHaveAttribute('aria-live', 'polite')
    await expect.element(postButton()).toBeVisible()
  })

  test('posts the comment with an Idempotency-Key, shows it and clears the draft', async () => {
    const api = stubApi({
      get: () => Response.json(thread({ responder: asResponder(tom) })),
      post: async (req) => created(req, await req.json()),
    })
    const el = await mountWidget({ page: '/', lang: 'es' })
    const posted = new Promise<Comment>((resolve) =>
      el.addEventListener('byline-comment-posted', (e) => resolve(e.detail.comment), { once: true }),
    )
    await fillForm()
    expect(storedDraft()).toMatchObject({ name: 'Jane Reader', email: 'jane@example.org', body: 'Will the vote be streamed?' })

    await postButton().click()

    await expect.element(status()).toHaveTextContent('Posted — Tom Reyes will see it')
    const [req] = api.posts()
    expect(req!.url).toBe('https://byline.test/v1/sites/demo/comments')
    expect(req!.headers.get('content-type')).toBe('application/json')
    expect(req!.headers.get('idempotency-key')).toMatch(/^[\x21-\x7E]{8,200}$/)
    expect(await req!.json()).toEqual({
      url: pageHref(),
      page: '/',
      title: document.title || undefined,
      name: 'Jane Reader',
      email: 'jane@example.org',
      body: 'Will the vote be streamed?',
      // The element's language: the visitor's mail is written in it.
      locale: 'es',
    })
    await expect.element(page.getByRole('article').getByText('Will the vote be streamed?')).toBeVisible()
    expect((await posted).body).toEqual(text('Will the vote be streamed?'))
    await expect.element(commentField()).toHaveValue('')
    await expect.element(nameField()).toHaveValue('Jane Reader')
    expect(storedDraft()?.body).toBe('')
  })

  test('a failed post keeps the text, says why, and the retry reuses the Idempotency-Key', async () => {
    let fail = true
    const api = stubApi({
      get: () => Response.json(thread()),
      post: async (req) =>
        fail
          ? json({ error: { code: 'internal_error', message: 'Something went wrong on our side.' } }, 500)
          : created(req, await req.json()),
    })
    await mountWidget({ page: '/' })
    await fillForm('Keep me')
    await postButton().click()

    await expect.element(status()).toHaveTextContent('Something went wrong on our side.')
    await expect.element(commentField()).toHaveValue('Keep me')
    expect(storedDraft()?.body).toBe('Keep me')

    fail = false
    await postButton().click()
    await expect.element(status()).toHaveTextContent('Posted')
    const [first, retry] = api.posts()
    expect(retry!.headers.get('idempotency-key')).toBe(first!.headers.get('idempotency-key'))
  })

  test('a network failure keeps the draft, also across a reload, and the retry reuses the key', async () => {
    const api = stubApi({ get: () => Response.json(thread()) })
    await mountWidget({ page: '/' })
    await fillForm('Sent from a train')
    await postButton().click()

    await expect.element(status()).toHaveTextContent('Could not reach the comment service')
    await expect.element(commentField()).toHaveValue('Sent from a train')
    expect(storedDraft()).toMatchObject({ body: 'Sent from a train', name: 'Jane Reader' })

    // The visitor reloads the page: the draft and its key come back.
    document.querySelector('byline-comments')!.remove()
    await mountWidget({ page: '/' })
    await expect.element(commentField()).toHaveValue('Sent from a train')
    await expect.element(emailField()).toHaveValue('jane@example.org')
    await postButton().click()
    await expect.element(status()).toHaveTextContent('Could not reach the comment service')

    const [first, retry] = api.posts()
    expect(retry!.headers.get('idempotency-key')).toBe(first!.headers.get('idempotency-key'))
  })

  test('a changed body is a new comment with a new key', async () => {
    const api = stubApi({ get: () => Response.json(thread()) })
    await mountWidget({ page: '/' })
    await fillForm('First version')
    await postButton().click()
    await expect.element(status()).toHaveTextContent('Could not reach')
    await commentField().fill('Second version')
    await postButton().click()
    await expect.poll(() => api.posts().length).toBe(2)

    const [first, second] = api.posts()
    expect(second!.headers.get('idempotency-key')).not.toBe(first!.headers.get('idempotency-key'))
  })

  test('shows field errors from the worker next to the fields', async () => {
    stubApi({
      get: () => Response.json(thread()),
      post: () =>
        json(
          {
            error: {
              code: 'invalid_request',
              message: 'Some fields need attention.',
              issues: [{ path: ['email'], message: 'Enter an email address such as name@example.org.' }],
            },
          },
          400,
        ),
    })
    const el = await mountWidget({ page: '/' })
    await fillForm('Keep me too')
    await postButton().click()

    await expect.element(status()).toHaveTextContent('Some fields need attention.')
    await expect.element(emailField()).toHaveAttribute('aria-invalid', 'true')
    await expect.element(emailField()).toHaveAccessibleDescription(/Enter an email address such as name@example.org/)
    await expect.element(page.getByText('Enter an email address such as name@example.org.')).toBeVisible()
    await expect.poll(() => el.shadowRoot!.activeElement).toBe(emailField().element())
    await expect.element(nameField()).not.toHaveAttribute('aria-invalid')
    await expect.element(commentField()).toHaveValue('Keep me too')
    expect(storedDraft()?.body).toBe('Keep me too')

    // Fixing the field clears its error.
    await emailField().fill('jane@example.org')
    await expect.element(emailField()).not.toHaveAttribute('aria-invalid')
  })

  test('replies in a conversation: the card names its assignee and the reply lands in it', async () => {
    const api = stubApi({
      get: () =>
        Response.json(
          thread({
            responder: asResponder(tom, { conversations: 30, answeredRate: 0.9, medianFirstReplySeconds: 7200 }),
            conversations: [
              conversation({
                status: 'answered',
                assignee: amira,
                comments: [visitorComment('Jane Reader', text('Question')), staffComment(amira, text('Answer'))],
              }),
            ],
          }),
        ),
      post: async (req) => created(req, await req.json()),
    })
    const el = await mountWidget({ page: '/' })
    await page.getByRole('button', { name: 'Reply to Jane Reader' }).click()

    await expect.element(page.getByText('Your reply goes to Amira Haddad, Press officer')).toBeVisible()
    // The thread's record is Tom's; the assignee's is not in the thread, so the card claims none.
    const card = page.getByRole('region', { name: 'Who will answer' })
    expect(card.getByText(/Usually replies|conversation/).elements()).toHaveLength(0)
    await expect.poll(() => el.shadowRoot!.activeElement).toBe(commentField().element())
    await fillForm('A follow-up')
    await page.getByRole('button', { name: 'Post reply' }).click()

    await expect.element(status()).toHaveTextContent('Posted — Amira Haddad will see it')
    expect(await api.posts()[0]!.json()).toMatchObject({ conversationId: 'conv-1', body: 'A follow-up' })
    const conv = page.getByRole('listitem').filter({ hasText: 'Question' })
    await expect.element(conv.getByText('A follow-up')).toBeVisible()
    // The visitor spoke last, so the conversation waits for Amira again, as the worker will say on reload.
    await expect.element(conv.getByText('Awaiting a reply from Amira Haddad', { exact: true })).toBeVisible()
    expect(conv.getByText('Answered by', { exact: false }).elements()).toHaveLength(0)
    expect(page.getByRole('article').all()).toHaveLength(3)
    await expect.element(page.getByText('Your comment goes to Tom Reyes')).toBeVisible()
    await expect.element(page.getByText('Usually replies within a few hours. Answers 9 in 10 conversations.')).toBeVisible()
  })

  test('Cancel reply makes it a comment of its own again, and the visitor types on in the comment field', async () => {
    stubApi({
      get: () =>
        Response.json(
          thread({ conversations: [conversation({ assignee: amira, comments: [visitorComment('Jane Reader', text('Q'))] })] }),
        ),
    })
    const el = await mountWidget({ page: '/' })
    await page.getByRole('button', { name: 'Reply to Jane Reader' }).click()
    await page.getByRole('button', { name: 'Cancel reply' }).click()

    await expect.element(page.getByText('Your comment goes to Tom Reyes')).toBeVisible()
    await expect.element(page.getByRole('button', { name: 'Post comment' })).toBeVisible()
    await expect.poll(() => el.shadowRoot!.activeElement).toBe(commentField().element())
  })

  test('remembers name and email for the next page of the site', async () => {
    stubApi({
      get: () => Response.json(thread()),
      post: async (req) => created(req, await req.json()),
    })
    await mountWidget({ page: '/' })
    await fillForm()
    await postButton().click()
    await expect.element(status()).toHaveTextContent('Posted')
    document.querySelector('byline-comments')!.remove()

    await mountWidget({ page: '/another' })
    await expect.element(nameField()).toHaveValue('Jane Reader')
    await expect.element(emailField()).toHaveValue('jane@example.org')
    await expect.element(commentField()).toHaveValue('')
  })
})
