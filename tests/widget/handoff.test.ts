import { afterEach, describe, expect, test } from 'vitest'
import { page } from 'vitest/browser'
import type { NewCommentInput } from '../../schema/api/comments'
import type { Comment } from '../../schema/api/thread'
import { cleanUp, conversation, created, mountWidget, post, stubApi, text, thread, visitorComment } from './helpers'

/*
 * The confirmation page's "Back to …" link: the page URL with `#byline-confirmed=` and base64url JSON
 * `{ site, credential, owners }`, as the worker's withHandoff writes it.
 */

const where = () => location.pathname + location.search

afterEach(() => {
  history.replaceState(null, '', where())
  cleanUp()
})

const base64Url = (s: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(s)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')

/** Arrives on this page from the confirmation page with this hand-off in the address. */
function arriveWith(handoff: object) {
  history.replaceState(null, '', `${where()}#byline-confirmed=${base64Url(JSON.stringify(handoff))}`)
}

const UNVERIFIED = 'Confirm your email to publish it: we sent a link to jane@example.org.'
const MODERATION = 'Awaiting approval — only you can see it.'

/** Posted in this browser a minute ago and held for its address: owner token, source and pending copy in storage. */
function heldHere(): Comment {
  const comment = {
    ...visitorComment('Jane Reader', text('Is the budget online?')),
    id: 'held-1',
    state: 'pending' as const,
    createdAt: new Date(Date.now() - 60_000).toISOString(),
  }
  const pending = { comment, reason: 'unverified', email: 'jane@example.org', page: location.pathname }
  localStorage.setItem(
    'byline:mine:demo',
    JSON.stringify({ [comment.id]: { token: 'old-token', source: 'Is the budget online?', pending } }),
  )
  return comment
}

describe('back from the confirmation page', () => {
  test('the widget takes the hand-off: the address bar loses it, the comment is its own, later posts prove the address', async () => {
    const held = heldHere()
    const published = { ...held, state: 'published' as const }
    const api = stubApi({
      get: () => Response.json(thread({ conversations: [conversation({ comments: [published] })] })),
      post: (req) => created(req),
    })
    const before = where()
    arriveWith({ site: 'demo', credential: 'vc1.ZGVtbw.amFuZQ.abc.f00d', owners: { [held.id]: 'new-token' } })
    await mountWidget()

    // Out of the address bar (which people copy and share), path and query kept; nothing added to the history.
    expect(location.hash).toBe('')
    expect(where()).toBe(before)

    // Published now: no "confirm your email", and Edit and Delete are there for it in this browser.
    const article = page.getByRole('article')
    await expect.element(article.getByText('Is the budget online?')).toBeVisible()
    expect(page.getByText(UNVERIFIED).elements()).toHaveLength(0)
    await expect.element(article.getByRole('button', { name: 'Edit', exact: true })).toBeVisible()
    await expect.element(article.getByRole('button', { name: 'Delete', exact: true })).toBeVisible()
    // The new owner token is the one kept; the old one no longer works.
    const mine = JSON.parse(localStorage.getItem('byline:mine:demo')!) as Record<string, { token: string; pending?: unknown }>
    expect(mine[held.id]).toEqual({ token: 'new-token', source: 'Is the budget online?' })

    await post('And the annexes?')
    await expect.element(page.getByRole('status')).toHaveTextContent('Posted')
    const sent = (await api.posts()[0]!.json()) as NewCommentInput
    expect(sent.visitorCredential).toBe('vc1.ZGVtbw.amFuZQ.abc.f00d')
  })

  test('a comment confirmed here but still held for a moderator says so instead of asking for the email again', async () => {
    const held = heldHere()
    stubApi({ get: () => Response.json(thread()) })
    arriveWith({ site: 'demo', credential: 'vc1.x', owners: { [held.id]: 'new-token' } })
    await mountWidget()

    const article = page.getByRole('article')
    await expect.element(article.getByText(MODERATION)).toBeVisible()
    expect(page.getByText(UNVERIFIED).elements()).toHaveLength(0)
    expect(page.getByRole('button', { name: 'Send the link again' }).elements()).toHaveLength(0)
  })

  test('a comment confirmed from another browser becomes this one’s to delete', async () => {
    const theirs = { ...visitorComment('Jane Reader', text('Written on my phone')), id: 'c-phone' }
    stubApi({ get: () => Response.json(thread({ conversations: [conversation({ comments: [theirs] })] })) })
    arriveWith({ site: 'demo', credential: 'vc1.x', owners: { 'c-phone': 'new-token' } })
    await mountWidget()

    // Its text as typed stayed on the phone: Delete, but nothing to edit from.
    const article = page.getByRole('article')
    await expect.element(article.getByRole('button', { name: 'Delete', exact: true })).toBeVisible()
    expect(article.getByRole('button', { name: 'Edit', exact: true }).elements()).toHaveLength(0)
  })

  test("another site's hand-off is left in the address for that site's widget", async () => {
    const api = stubApi({ get: () => Response.json(thread()), post: (req) => created(req) })
    arriveWith({ site: 'other-site', credential: 'vc1.x', owners: {} })
    const hash = location.hash
    await mountWidget()

    expect(location.hash).toBe(hash)
    await post('Hello')
    await expect.element(page.getByRole('status')).toHaveTextContent('Posted')
    expect(((await api.posts()[0]!.json()) as NewCommentInput).visitorCredential).toBeUndefined()
  })

  test('a forged or broken hand-off neither breaks the widget, nor stops it from posting, nor takes a comment from it', async () => {
    stubApi({ get: () => Response.json(thread()), post: (req) => created(req) })
    history.replaceState(null, '', `${where()}#byline-confirmed=%%%not-base64`)
    await mountWidget()
    await expect.element(page.getByText('No comments yet.')).toBeVisible()
    cleanUp()

    // Readable, but not what the worker writes: the credential sent is still a string it accepts, and a comment
    // this browser already owns (published, so its id is public) keeps its owner token.
    const mineBefore = { token: 'real-token', source: 'Mine' }
    localStorage.setItem('byline:mine:demo', JSON.stringify({ 'c-mine': mineBefore }))
    const ours = { ...visitorComment('Jane Reader', text('Mine')), id: 'c-mine' }
    const again = stubApi({
      get: () => Response.json(thread({ conversations: [conversation({ comments: [ours] })] })),
      post: (req) => created(req),
    })
    arriveWith({ site: 'demo', credential: { not: 'a string' }, owners: { 'c-mine': 'forged-token' } })
    await mountWidget()
    await post('Still here')
    await expect.element(page.getByRole('status')).toHaveTextContent('Posted')
    const credential = ((await again.posts()[0]!.json()) as NewCommentInput).visitorCredential
    expect(typeof credential).toBe('string')
    const mine = JSON.parse(localStorage.getItem('byline:mine:demo')!) as Record<string, unknown>
    expect(mine['c-mine']).toEqual(mineBefore)
  })
})
