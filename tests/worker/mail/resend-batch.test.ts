import { describe, expect, it } from 'vitest'
import { RESEND_BATCH_SIZE, resendMailer, sendAll, type OutgoingMail } from '../../../worker/src/mail/mailer'

/*
 * Many messages through Resend: its batch endpoint, a hundred per call, validated permissively so a refused
 * message fails alone; what each message became is what the outbox records for its delivery.
 */

const FROM = { name: 'Byline', email: 'byline@example.org' }

const mail = (i: number, overrides: Partial<OutgoingMail> = {}): OutgoingMail => ({
  to: { email: `reader${i}@visitor.test` },
  subject: `Message ${i}`,
  text: `Text ${i}`,
  html: `<p>Text ${i}</p>`,
  ...overrides,
})

type Call = { url: string; headers: Headers; body: unknown[] }

function fakeResend(answer: (body: unknown[], call: number) => Response) {
  const calls: Call[] = []
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const body = JSON.parse(String(init?.body)) as unknown[]
    calls.push({ url: String(input), headers: new Headers(init?.headers), body })
    return answer(body, calls.length - 1)
  }
  return { fetch, calls }
}

describe('resendMailer, many messages at once', () => {
  it('sends 250 messages in three calls to the batch endpoint, a hundred at most each', async () => {
    const { fetch, calls } = fakeResend((body) => Response.json({ data: body.map((_, i) => ({ id: `re_${i}` })) }))
    const mails = Array.from({ length: 250 }, (_, i) => mail(i))
    const outcomes = await sendAll(resendMailer({ apiKey: 'k', from: FROM, fetch }), mails, Date.now())

    expect(outcomes.every((o) => o === null)).toBe(true)
    expect(calls.map((c) => [c.url, c.body.length])).toEqual([
      ['https://api.resend.com/emails/batch', RESEND_BATCH_SIZE],
      ['https://api.resend.com/emails/batch', RESEND_BATCH_SIZE],
      ['https://api.resend.com/emails/batch', 50],
    ])
    expect(calls[0]!.headers.get('authorization')).toBe('Bearer k')
    expect(calls[0]!.headers.get('x-batch-validation')).toBe('permissive')
    expect(calls[2]!.body[49]).toEqual({ from: 'Byline <byline@example.org>', to: ['reader249@visitor.test'], subject: 'Message 249', text: 'Text 249', html: '<p>Text 249</p>' })
  })

  it('fails only the messages Resend refused, and only the batch a refusal of the whole call belongs to', async () => {
    const { fetch } = fakeResend((_body, call) =>
      call === 0
        ? Response.json({ data: [{ id: 're_0' }], errors: [{ index: 1, message: 'Invalid `to` field.' }] })
        : Response.json({ message: 'Too many requests' }, { status: 429 }),
    )
    const mails = [...Array.from({ length: RESEND_BATCH_SIZE }, (_, i) => mail(i)), mail(100)]
    const outcomes = await sendAll(resendMailer({ apiKey: 'k', from: FROM, fetch }), mails, Date.now())

    expect(outcomes[0]).toBeNull()
    expect(outcomes[1]?.message).toBe('Resend refused the message: Invalid `to` field.')
    expect(outcomes.slice(2, RESEND_BATCH_SIZE).every((o) => o === null)).toBe(true)
    expect(outcomes[RESEND_BATCH_SIZE]?.message).toBe('Resend refused the message: 429 Too many requests')
  })

  it('never sends a message unfit for a header, and sends the others', async () => {
    const { fetch, calls } = fakeResend((body) => Response.json({ data: body.map(() => ({ id: 're' })) }))
    const outcomes = await sendAll(resendMailer({ apiKey: 'k', from: FROM, fetch }), [mail(0, { subject: 'Evil\r\nBcc: x@example.net' }), mail(1)], Date.now())

    expect(outcomes[0]?.message).toMatch(/Subject/)
    expect(outcomes[1]).toBeNull()
    expect(calls).toHaveLength(1)
    expect(calls[0]!.body).toHaveLength(1)
  })
})
