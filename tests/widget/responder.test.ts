import { afterEach, describe, expect, test } from 'vitest'
import { page } from 'vitest/browser'
import type { ResponderStats } from '../../schema/api/thread'
import { mount } from '../../widget/src/index'
import {
  amira,
  asResponder,
  cleanUp,
  conversation,
  json,
  mountWidget,
  stubApi,
  text,
  thread,
  tom,
  visitorComment,
} from './helpers'

afterEach(() => {
  cleanUp()
  document.querySelectorAll('script[data-site]').forEach((el) => el.remove())
})

const card = () => page.getByRole('region', { name: 'Who will answer' })

/** The card's record line for these figures, or null when it shows none. */
async function recordLine(stats: Partial<ResponderStats>) {
  stubApi({ get: () => Response.json(thread({ responder: asResponder(tom, stats) })) })
  await mountWidget()
  await expect.element(card().getByText('Your comment goes to Tom Reyes')).toBeVisible()
  const line = card().getByText(/Usually replies|conversation/)
  return line.elements().length ? line.element().textContent : null
}

const HOUR = 3600

describe('the responder card tells how they usually do', () => {
  test.each<[number, string]>([
    [20 * 60, 'Usually replies within an hour.'],
    [HOUR, 'Usually replies within an hour.'],
    [HOUR + 1, 'Usually replies within a few hours.'],
    [6 * HOUR, 'Usually replies within a few hours.'],
    [18 * HOUR, 'Usually replies within a day.'],
    [24 * HOUR, 'Usually replies within a day.'],
    [50 * HOUR, 'Usually replies within a few days.'],
    [72 * HOUR + 1, 'Usually replies within a week or more.'],
    [20 * 24 * HOUR, 'Usually replies within a week or more.'],
  ])('a median first reply of %is: "%s"', async (seconds, words) => {
    expect(await recordLine({ conversations: 20, medianFirstReplySeconds: seconds })).toBe(words)
  })

  test.each<[number, string]>([
    [1, 'Answers every conversation.'],
    [0.96, 'Answers 9 in 10 conversations.'], // not "10 in 10": one was missed
    [0.87, 'Answers 9 in 10 conversations.'],
    [0.5, 'Answers 5 in 10 conversations.'],
    [0.14, 'Answers 1 in 10 conversations.'],
  ])('an answered rate of %f: "%s"', async (answeredRate, words) => {
    expect(await recordLine({ conversations: 40, answeredRate })).toBe(words)
  })

  test('both figures, in one quiet line under the bio', async () => {
    const line = await recordLine({ conversations: 40, answeredRate: 0.8, medianFirstReplySeconds: 3 * HOUR })
    expect(line).toBe('Usually replies within a few hours. Answers 8 in 10 conversations.')
    expect(card().getByText(tom.bio).element().compareDocumentPosition(card().getByText(line!).element())).toBe(
      Node.DOCUMENT_POSITION_FOLLOWING,
    )
  })

  test.each<[string, Partial<ResponderStats>]>([
    ['too little history (null figures)', { conversations: 2, answeredRate: null, medianFirstReplySeconds: null }],
    ['no conversations at all', { conversations: 0, answeredRate: 1, medianFirstReplySeconds: null }],
    ['an answered rate that rounds to none in ten', { conversations: 30, answeredRate: 0.04 }],
    ['an answered rate of zero', { conversations: 30, answeredRate: 0 }],
  ])('claims nothing for %s', async (_, stats) => {
    expect(await recordLine(stats)).toBeNull()
  })
})

describe('the responder attribute', () => {
  test('is sent with the thread query and with every post', async () => {
    const api = stubApi({
      get: () =>
        Response.json(
          thread({
            responder: asResponder(amira),
            conversations: [conversation({ id: 'conv-1', comments: [visitorComment('Jane Reader', text('Question'))] })],
          }),
        ),
      post: async (req) => {
        const input = await req.json()
        return json({ comment: visitorComment(input.name, text(input.body), input.conversationId ?? 'conv-new') }, 201)
      },
    })
    await mountWidget({ page: '/', responder: 'amira' })
    expect(new URL(api.requests[0]!.url).searchParams.get('responder')).toBe('amira')

    const field = (name: string) => page.getByLabelText(name, { exact: true })
    await field('Name').fill('Jane Reader')
    await field('Email').fill('jane@example.org')
    await field('Comment').fill('A new question')
    await page.getByRole('button', { name: 'Post comment' }).click()
    await expect.element(page.getByRole('status')).toHaveTextContent('Posted')

    await page.getByRole('button', { name: 'Reply to Jane Reader' }).first().click()
    await field('Comment').fill('A follow-up')
    await page.getByRole('button', { name: 'Post reply' }).click()
    await expect.poll(() => api.posts().length).toBe(2)

    const [comment, reply] = await Promise.all(api.posts().map((r) => r.json()))
    expect(comment).toMatchObject({ responder: 'amira', body: 'A new question' })
    expect(comment.conversationId).toBeUndefined()
    expect(reply).toMatchObject({ responder: 'amira', conversationId: 'conv-1', body: 'A follow-up' })
  })

  test('is left out when absent or empty', async () => {
    const api = stubApi({ get: () => Response.json(thread()) })
    await mountWidget({ responder: '' })
    expect(new URL(api.requests[0]!.url).searchParams.has('responder')).toBe(false)
  })

  test('changing it asks for the thread again', async () => {
    const api = stubApi({ get: () => Response.json(thread()) })
    const el = await mountWidget()
    el.responder = 'tom'
    await expect.poll(() => api.requests.length).toBe(2)
    expect(new URL(api.requests[1]!.url).searchParams.get('responder')).toBe('tom')
  })

  test('the script tag passes data-responder on', () => {
    stubApi({ get: () => Response.json(thread()) })
    const script = document.createElement('script')
    script.type = 'text/plain'
    Object.assign(script.dataset, { site: 'demo', responder: 'amira' })
    document.body.append(script)
    expect(mount(script)?.getAttribute('responder')).toBe('amira')
  })
})
