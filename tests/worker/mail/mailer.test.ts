import { env, SELF } from 'cloudflare:test'
import PostalMime from 'postal-mime'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Env } from '../../../worker/src/env'
import { cloudflareMailer, devOutboxMailer, mailerFor, resendMailer, type Address, type OutgoingMail } from '../../../worker/src/mail/mailer'
import { listDevMail } from '../../../worker/src/store/dev-mail'

const FROM: Address = { name: 'Byline', email: 'byline@example.org' }

let counter = 0
/** A message with a subject no other test uses, to find it again in the shared dev outbox. */
function mail(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    to: { name: 'Chloé Martin', email: 'chloe@example.org' },
    subject: `Jo commented on “Budget” #${Date.now().toString(36)}-${counter++}`,
    text: 'Jo wrote:\n\nWhen does the consultation close?',
    html: '<p>Jo wrote:</p><p>When does the consultation close?</p>',
    replyTo: { name: 'Chloé via Byline', email: 'reply+tok_abc@inbound.example.org' },
    headers: { 'List-Unsubscribe': '<https://byline.example.org/u/tok>' },
    ...overrides,
  }
}

const content = (s: string | undefined) => (s ?? '').replace(/\n+$/, '')

/** A stand-in for the send_email binding that keeps what it was given. */
function fakeBinding() {
  const sent: EmailMessage[] = []
  const binding = {
    async send(message: EmailMessage) {
      sent.push(message)
      return { messageId: 'fake' }
    },
  } as SendEmail
  return { binding, sent }
}

/** The raw MIME inside an EmailMessage, read where workerd keeps it (the same property the local binding reads). */
const rawOf = (message: EmailMessage) => (message as unknown as Record<string, string | ReadableStream>)['EmailMessage::raw']!

type FetchCall = { url: string; init: RequestInit }
function fakeFetch(response: () => Response) {
  const calls: FetchCall[] = []
  const fetch: typeof globalThis.fetch = async (input, init) => {
    calls.push({ url: String(input), init: init ?? {} })
    return response()
  }
  return { fetch, calls }
}

describe('devOutboxMailer', () => {
  it('keeps the message and its raw MIME, which parses back to the same message', async () => {
    const m = mail()
    await devOutboxMailer(env.DB, FROM).send(m, Date.UTC(2026, 6, 1, 9))
    const row = (await listDevMail(env.DB, 1000)).find((r) => r.subject === m.subject)!
    expect(row).toMatchObject({
      to: 'Chloé Martin <chloe@example.org>',
      replyTo: 'Chloé via Byline <reply+tok_abc@inbound.example.org>',
      text: m.text,
      html: m.html,
      headers: { 'Reply-To': 'Chloé via Byline <reply+tok_abc@inbound.example.org>', 'List-Unsubscribe': '<https://byline.example.org/u/tok>' },
      createdAt: '2026-07-01T09:00:00.000Z',
    })
    const parsed = await PostalMime.parse(row.raw)
    expect(parsed.subject).toBe(m.subject)
    expect(parsed.from).toEqual({ name: 'Byline', address: 'byline@example.org' })
    expect(parsed.to).toEqual([{ name: 'Chloé Martin', address: 'chloe@example.org' }])
    expect(parsed.replyTo).toEqual([{ name: 'Chloé via Byline', address: 'reply+tok_abc@inbound.example.org' }])
    expect(parsed.messageId).toMatch(/@example\.org>$/)
    expect(content(parsed.text)).toBe(m.text)
    expect(content(parsed.html)).toBe(m.html)
  })

  it('shows Reply-To and the raw message in /dev/mail.json and /dev/mail', async () => {
    const m = mail()
    await devOutboxMailer(env.DB, FROM).send(m, Date.now())
    const { messages } = (await (await SELF.fetch('https://byline.test/dev/mail.json')).json()) as {
      messages: { subject: string; replyTo: string | null; raw: string; links: string[] }[]
    }
    const item = messages.find((x) => x.subject === m.subject)!
    expect(item.replyTo).toBe('Chloé via Byline <reply+tok_abc@inbound.example.org>')
    expect((await PostalMime.parse(item.raw)).subject).toBe(m.subject)

    const page = await (await SELF.fetch('https://byline.test/dev/mail')).text()
    expect(page).toContain('Reply-To Chloé via Byline &lt;reply+tok_abc@inbound.example.org&gt;')
    expect(page).toContain('<summary>Raw message</summary>')
  })

  it('stores nothing when a value is unfit for a header', async () => {
    const m = mail({ subject: 'Evil\r\nBcc: victim@example.net' })
    await expect(devOutboxMailer(env.DB, FROM).send(m, Date.now())).rejects.toThrow(/Subject/)
    expect((await listDevMail(env.DB, 1000)).some((r) => r.subject === m.subject)).toBe(false)
  })
})

describe('cloudflareMailer', () => {
  it('hands the binding an EmailMessage with our envelope and our raw MIME', async () => {
    const { binding, sent } = fakeBinding()
    const m = mail()
    await cloudflareMailer(binding, FROM).send(m, Date.UTC(2026, 6, 1, 9))
    expect(sent).toHaveLength(1)
    expect(sent[0]!.from).toBe('byline@example.org')
    expect(sent[0]!.to).toBe('chloe@example.org')
    const parsed = await PostalMime.parse(await new Response(rawOf(sent[0]!)).text())
    expect(parsed.subject).toBe(m.subject)
    expect(parsed.replyTo).toEqual([{ name: 'Chloé via Byline', address: 'reply+tok_abc@inbound.example.org' }])
    expect(parsed.headers.find((h) => h.key === 'list-unsubscribe')?.value).toBe('<https://byline.example.org/u/tok>')
    expect(parsed.messageId).toMatch(/^<[0-9a-f-]{36}@example\.org>$/)
    expect(content(parsed.text)).toBe(m.text)
  })

  it('is accepted by the local send_email binding, which checks Message-ID and that From matches the envelope', async () => {
    await expect(cloudflareMailer(env.EMAIL!, FROM).send(mail(), Date.now())).resolves.toBeUndefined()
  })

  it('sends nothing when a value is unfit for a header', async () => {
    const { binding, sent } = fakeBinding()
    await expect(cloudflareMailer(binding, FROM).send(mail({ to: { name: 'Evil\nBcc: x@y', email: 'chloe@example.org' } }), Date.now())).rejects.toThrow(
      /display name/,
    )
    expect(sent).toHaveLength(0)
  })
})

describe('resendMailer', () => {
  it('posts the message as Resend JSON with the API key as a bearer token', async () => {
    const { fetch, calls } = fakeFetch(() => Response.json({ id: 're_123' }))
    const m = mail({ headers: { 'List-Unsubscribe': '<https://byline.example.org/u/tok>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } })
    await resendMailer({ apiKey: 're_test_key', from: { name: 'Byline, the "desk"', email: 'byline@example.org' }, fetch }).send(m, Date.now())

    expect(calls).toHaveLength(1)
    const [{ url, init }] = calls as [FetchCall]
    expect(url).toBe('https://api.resend.com/emails')
    expect(init.method).toBe('POST')
    const headers = new Headers(init.headers)
    expect(headers.get('authorization')).toBe('Bearer re_test_key')
    expect(headers.get('content-type')).toBe('application/json')
    expect(JSON.parse(init.body as string)).toEqual({
      from: '"Byline, the \\"desk\\"" <byline@example.org>',
      to: ['chloe@example.org'],
      subject: m.subject,
      text: m.text,
      html: m.html,
      reply_to: 'reply+tok_abc@inbound.example.org',
      headers: { 'List-Unsubscribe': '<https://byline.example.org/u/tok>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    })
  })

  it('leaves out reply_to and headers when there are none, and uses a configured endpoint', async () => {
    const { fetch, calls } = fakeFetch(() => Response.json({ id: 're_123' }))
    await resendMailer({ apiKey: 'k', from: FROM, endpoint: 'https://mail.example.net/emails', fetch }).send(mail({ replyTo: undefined, headers: undefined }), Date.now())
    expect(calls[0]!.url).toBe('https://mail.example.net/emails')
    const body = JSON.parse(calls[0]!.init.body as string) as Record<string, unknown>
    expect(body.from).toBe('Byline <byline@example.org>')
    expect(body).not.toHaveProperty('reply_to')
    expect(body).not.toHaveProperty('headers')
  })

  it('throws the status and the provider message on a refusal, never the key', async () => {
    const { fetch } = fakeFetch(() => Response.json({ statusCode: 422, name: 'validation_error', message: 'Invalid `to` field.' }, { status: 422 }))
    const send = resendMailer({ apiKey: 're_secret_key', from: FROM, fetch }).send(mail(), Date.now())
    await expect(send).rejects.toThrow('Resend refused the message: 422 Invalid `to` field.')
    await send.catch((error: Error) => expect(error.message).not.toContain('re_secret_key'))
  })

  it('keeps a short one-line excerpt when the refusal is not JSON', async () => {
    const { fetch } = fakeFetch(() => new Response(`Bad gateway\r\n${'x'.repeat(1000)}`, { status: 502 }))
    const error = await resendMailer({ apiKey: 'k', from: FROM, fetch })
      .send(mail(), Date.now())
      .then(
        () => null,
        (e: Error) => e,
      )
    expect(error?.message).toMatch(/^Resend refused the message: 502 Bad gateway x+$/)
    expect(error!.message.length).toBeLessThan(400)
  })

  it('calls nothing when a value is unfit for a header', async () => {
    const { fetch, calls } = fakeFetch(() => Response.json({ id: 're_123' }))
    await expect(resendMailer({ apiKey: 'k', from: FROM, fetch }).send(mail({ headers: { 'X-Evil': 'a\r\nBcc: x@y' } }), Date.now())).rejects.toThrow(/X-Evil/)
    expect(calls).toHaveLength(0)
  })
})

describe('mailerFor', () => {
  afterEach(() => vi.restoreAllMocks())

  const base = (overrides: Partial<Env>): Env => ({ ...env, MAIL_DRIVER: undefined, RESEND_API_KEY: undefined, RESEND_API_URL: undefined, ...overrides })

  async function inOutbox(subject: string) {
    return (await listDevMail(env.DB, 1000)).some((r) => r.subject === subject)
  }

  it('uses the local outbox in development when MAIL_DRIVER is unset', async () => {
    const m = mail()
    await mailerFor(base({ ENVIRONMENT: 'development' })).send(m, Date.now())
    expect(await inOutbox(m.subject)).toBe(true)
  })

  it('uses the send_email binding elsewhere when MAIL_DRIVER is unset', async () => {
    const { binding, sent } = fakeBinding()
    const m = mail()
    await mailerFor(base({ ENVIRONMENT: 'production', EMAIL: binding, MAIL_FROM: 'Byline Desk <desk@news.example.org>' })).send(m, Date.now())
    expect(sent.map((s) => [s.from, s.to])).toEqual([['desk@news.example.org', 'chloe@example.org']])
    const parsed = await PostalMime.parse(await new Response(rawOf(sent[0]!)).text())
    expect(parsed.from).toEqual({ name: 'Byline Desk', address: 'desk@news.example.org' })
    // The Message-ID is on the domain of MAIL_FROM.
    expect(parsed.messageId).toMatch(/@news\.example\.org>$/)
    expect(await inOutbox(m.subject)).toBe(false)
  })

  it('honours MAIL_DRIVER over the environment', async () => {
    const { binding, sent } = fakeBinding()
    const m = mail()
    await mailerFor(base({ ENVIRONMENT: 'development', MAIL_DRIVER: 'cloudflare', EMAIL: binding })).send(m, Date.now())
    expect(sent).toHaveLength(1)
    expect(await inOutbox(m.subject)).toBe(false)

    const kept = mail()
    await mailerFor(base({ ENVIRONMENT: 'production', MAIL_DRIVER: 'outbox' })).send(kept, Date.now())
    expect(await inOutbox(kept.subject)).toBe(true)
  })

  it('sends through Resend with the API key secret and the configured URL', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockImplementation(async () => Response.json({ id: 're_1' }))
    const m = mail()
    await mailerFor(base({ ENVIRONMENT: 'production', MAIL_DRIVER: 'resend', RESEND_API_KEY: 're_live', RESEND_API_URL: 'https://mail.example.net/emails' })).send(m, Date.now())
    expect(fetchSpy).toHaveBeenCalledTimes(1)
    const [url, init] = fetchSpy.mock.calls[0]!
    expect(String(url)).toBe('https://mail.example.net/emails')
    expect(new Headers(init?.headers).get('authorization')).toBe('Bearer re_live')
    expect(JSON.parse(init?.body as string)).toMatchObject({ subject: m.subject, from: 'Byline <byline@example.org>' })
  })

  it('defaults Resend to its public endpoint', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockImplementation(async () => Response.json({ id: 're_1' }))
    await mailerFor(base({ MAIL_DRIVER: 'resend', RESEND_API_KEY: 're_live' })).send(mail(), Date.now())
    expect(String(fetchSpy.mock.calls[0]![0])).toBe('https://api.resend.com/emails')
  })

  it('says what is missing when the chosen driver cannot work', () => {
    expect(() => mailerFor(base({ MAIL_DRIVER: 'resend' }))).toThrow(/RESEND_API_KEY/)
    expect(() => mailerFor(base({ ENVIRONMENT: 'production', EMAIL: undefined }))).toThrow(/send_email binding named EMAIL/)
    expect(() => mailerFor(base({ MAIL_DRIVER: 'carrier-pigeon' }))).toThrow(/MAIL_DRIVER is "carrier-pigeon"; use outbox, cloudflare or resend/)
    expect(() => mailerFor(base({ MAIL_FROM: 'Byline <not an address>' }))).toThrow(/MAIL_FROM/)
  })
})
