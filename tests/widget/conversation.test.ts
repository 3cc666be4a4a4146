import { afterEach, describe, expect, test } from 'vitest'
import { page } from 'vitest/browser'
import type { Conversation, Handover } from '../../schema/api/thread'
import { amira, ben, cleanUp, conversation, mountWidget, staffComment, stubApi, text, thread, tom, visitorComment } from './helpers'

afterEach(cleanUp)

/** Shows one conversation and returns its list item. */
async function show(partial: Partial<Conversation>) {
  const c = conversation({ comments: [visitorComment('Jane Reader', text('When is the vote?'))], ...partial })
  stubApi({ get: () => Response.json(thread({ conversations: [c] })) })
  await mountWidget()
  return page.getByRole('listitem')
}

/** The quiet lines under the comments of the conversation, in order. */
const lines = async (partial: Partial<Conversation>) =>
  [...(await show(partial)).element().querySelectorAll(':scope > p')].map((p) => p.textContent)

const handover = (h: Partial<Handover> & Pick<Handover, 'reason'>): Handover => ({
  from: amira,
  to: ben,
  note: null,
  at: '2026-03-15T10:00:00.000Z',
  ...h,
})

describe('where a conversation stands', () => {
  test('awaiting: names who it is waiting for, under the comments', async () => {
    const item = await show({ status: 'awaiting', assignee: amira })
    const line = item.getByText('Awaiting a reply from Amira Haddad', { exact: true })
    await expect.element(line).toBeVisible()
    const comment = item.getByRole('article').element()
    expect(comment.compareDocumentPosition(line.element()) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    // Quiet: smaller than the comment's text.
    expect(parseFloat(getComputedStyle(line.element()).fontSize)).toBeLessThan(
      parseFloat(getComputedStyle(comment.querySelector('p')!).fontSize),
    )
  })

  test('answered: names the member of staff who replied last, not who holds it now', async () => {
    expect(
      await lines({
        status: 'answered',
        assignee: ben,
        comments: [
          visitorComment('Jane Reader', text('When is the vote?')),
          staffComment(amira, text('On the 21st.')),
          visitorComment('Jane Reader', text('Streamed?')),
          staffComment(tom, text('Yes.')),
        ],
      }),
    ).toEqual(['Answered by Tom Reyes'])
  })

  test('answered without a staff comment in the thread: names the assignee', async () => {
    expect(await lines({ status: 'answered', assignee: amira })).toEqual(['Answered by Amira Haddad'])
  })

  test('closed: says so, and offers no reply', async () => {
    const item = await show({ status: 'closed', assignee: amira })
    await expect.element(item.getByText('Closed', { exact: true })).toBeVisible()
    expect(item.getByText('Amira Haddad').elements()).toHaveLength(0)
    expect(item.getByRole('button', { name: /Reply/ }).elements()).toHaveLength(0)
  })
})

describe('hand-overs', () => {
  test.each<[string, Handover, string]>([
    ['away', handover({ reason: 'away' }), 'Handed from Amira Haddad to Ben Okafor: Amira Haddad is away.'],
    [
      'away, with a note',
      handover({ reason: 'away', note: 'Back on Monday.' }),
      'Handed from Amira Haddad to Ben Okafor: Amira Haddad is away. Back on Monday.',
    ],
    ['escalation', handover({ reason: 'escalation' }), 'Handed from Amira Haddad to Ben Okafor: no reply in time.'],
    [
      'escalation, with a note',
      handover({ reason: 'escalation', note: 'No reply within 24 hours; passed to their delegate.' }),
      'Handed from Amira Haddad to Ben Okafor: no reply in time. No reply within 24 hours; passed to their delegate.',
    ],
    ['by hand', handover({ reason: 'handover' }), 'Handed from Amira Haddad to Ben Okafor by hand.'],
    [
      'by hand, with a note',
      handover({ reason: 'handover', note: 'Ben leads on transport.' }),
      'Handed from Amira Haddad to Ben Okafor by hand: Ben leads on transport.',
    ],
  ])('%s', async (_, h, line) => {
    expect(await lines({ assignee: ben, handovers: [h] })).toEqual([line, 'Awaiting a reply from Ben Okafor'])
  })

  test('one line per hand-over, oldest first, above where the conversation stands', async () => {
    expect(
      await lines({
        status: 'answered',
        assignee: tom,
        handovers: [
          handover({ reason: 'away', from: amira, to: ben }),
          handover({ reason: 'handover', from: ben, to: tom, note: 'Tom knows the budget.' }),
        ],
        comments: [visitorComment('Jane Reader', text('q')), staffComment(tom, text('a'))],
      }),
    ).toEqual([
      'Handed from Amira Haddad to Ben Okafor: Amira Haddad is away.',
      'Handed from Ben Okafor to Tom Reyes by hand: Tom knows the budget.',
      'Answered by Tom Reyes',
    ])
  })

  test('a note is text, never markup', async () => {
    const note = '<img src=x onerror=alert(1)>'
    const item = await show({ handovers: [handover({ reason: 'handover', note })] })
    await expect.element(item.getByText(`by hand: ${note}`, { exact: false })).toBeVisible()
    expect(item.element().querySelectorAll('img')).toHaveLength(0)
  })
})
