import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Thread } from '../../schema'
import worker from '../../worker/src/index'
import { countAll, getThread, givenSite, mailFor, pageUrl, posted, replyAddressOf } from './helpers'

type Rejection = { reason: string | null }

/** A raw reply as a mail client would send it: new text on top, the digest quoted below. */
function rawReply(o: { from: string; to: string; messageId?: string; body: string; headers?: string[] }) {
  return [
    `From: ${o.from}`,
    `To: ${o.to}`,
    `Subject: Re: Jo is waiting for your answer`,
    `Date: Thu, 26 Nov 2026 10:00:00 +0000`,
    `Message-ID: ${o.messageId ?? `<${crypto.randomUUID()}@mail.example.org>`}`,
    `In-Reply-To: <not-trusted@byline.test>`,
    ...(o.headers ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    o.body,
    '',
    'On Thu, 26 Nov 2026 at 09:00, Byline <byline@example.org> wrote:',
    '> Jo is waiting for your answer on “Budget”',
    '> When does the consultation close?',
    '',
  ].join('\r\n')
}

async function deliver(raw: string, to: string, envelopeFrom = 'amira@example.org') {
  const bytes = new TextEncoder().encode(raw)
  const rejection: Rejection = { reason: null }
  const message = {
    from: envelopeFrom,
    to,
    headers: new Headers(),
    raw: new Response(bytes).body!,
    rawSize: bytes.byteLength,
    setReject: (reason: string) => void (rejection.reason = reason),
    forward: async () => ({}) as EmailSendResult,
    reply: async () => ({}) as EmailSendResult,
  } as unknown as ForwardableEmailMessage
  const ctx = createExecutionContext()
  await worker.email(message, env, ctx)
  await waitOnExecutionContext(ctx)
  return rejection
}

/** A conversation for amira and the reply address from her notice. */
async function setup() {
  const site = await givenSite()
  const marker = crypto.randomUUID()
  const c = await posted(site, { name: 'Jo', body: `Question ${marker}` })
  const address = replyAddressOf(await mailFor('Amira Haddad', marker))!
  return { site, c, address }
}

const staffComments = async (site: string) => {
  const thread = (await (await getThread(site, { url: pageUrl() })).json()) as Thread
  return thread.conversations.flatMap((c) => c.comments).filter((m) => m.author.kind === 'staff')
}

describe('reply by email', () => {
  it('publishes the new text, without the quoted digest, under the staff identity', async () => {
    const { site, address } = await setup()
    const rejection = await deliver(rawReply({ from: 'Amira Haddad <amira@example.org>', to: address, body: 'It closes on 30 April.\r\n\r\nAmira' }), address)
    expect(rejection.reason).toBeNull()
    const replies = await staffComments(site)
    expect(replies).toHaveLength(1)
    expect(replies[0]!.author).toEqual({ kind: 'staff', handle: 'amira' })
    expect(JSON.stringify(replies[0]!.body)).toContain('It closes on 30 April.')
    expect(JSON.stringify(replies[0]!.body)).not.toContain('wrote:')
    await mailFor('Jo', 'It closes on 30 April.', /replied to you$/)
  })

  it('creates one reply when the same message is delivered twice', async () => {
    const { site, address } = await setup()
    const raw = rawReply({ from: 'amira@example.org', to: address, messageId: `<dup-${crypto.randomUUID()}@mail.example.org>`, body: 'Once only.' })
    await deliver(raw, address)
    await deliver(raw, address)
    expect(await staffComments(site)).toHaveLength(1)
  })

  it('creates one reply when a client re-sends the same words under a new Message-ID, recording the second as ignored', async () => {
    const { site, address } = await setup()
    const resent = `<resent-${crypto.randomUUID()}@mail.example.org>`
    await deliver(rawReply({ from: 'amira@example.org', to: address, body: 'The consultation closes on Friday.' }), address)
    const rejection = await deliver(rawReply({ from: 'amira@example.org', to: address, messageId: resent, body: 'The consultation closes on Friday.\r\n' }), address)
    expect(rejection.reason).toBeNull()
    expect(await staffComments(site)).toHaveLength(1)
    const row = await env.DB.prepare(`SELECT outcome, reason FROM inbound_messages WHERE message_id = ?1`).bind(resent).first()
    expect(row).toEqual({ outcome: 'ignored', reason: 'the same reply was already published' })
    await deliver(rawReply({ from: 'amira@example.org', to: address, body: 'And one more thing.' }), address)
    expect(await staffComments(site)).toHaveLength(2)
  })

  it('ignores auto-replies without bouncing them', async () => {
    const { site, address } = await setup()
    const rejection = await deliver(
      rawReply({ from: 'amira@example.org', to: address, body: 'I am out of the office until Monday.', headers: ['Auto-Submitted: auto-replied'] }),
      address,
    )
    expect(rejection.reason).toBeNull()
    expect(await staffComments(site)).toHaveLength(0)
  })

  it.each([
    ['another sender', (a: string) => rawReply({ from: 'Mallory <mallory@evil.example>', to: a, body: 'Forged answer' }), /must come from Amira Haddad's own address/],
    ['an unknown reply address', () => rawReply({ from: 'amira@example.org', to: 'reply+aaaaaaaaaaaaaaaaaaaaaaaaaa@inbound.byline.test', body: 'x' }), /not known/],
    ['a message with nothing above the quote', (a: string) => rawReply({ from: 'amira@example.org', to: a, body: '' }), /No reply could be published/],
  ])('rejects %s with a reason, publishing nothing', async (_, build, reason) => {
    const { site, address } = await setup()
    const raw = build(address)
    const to = /^To: (.*)$/m.exec(raw)![1]!
    const before = await countAll()
    const rejection = await deliver(raw, to)
    expect(rejection.reason).toMatch(reason)
    expect(await staffComments(site)).toHaveLength(0)
    expect(await countAll()).toEqual(before)
  })

  it('rejects an expired reply address', async () => {
    const { address } = await setup()
    await env.DB.prepare(`UPDATE tokens SET expires_at = 0 WHERE purpose = 'reply_address'`).run()
    const rejection = await deliver(rawReply({ from: 'amira@example.org', to: address, body: 'Late answer' }), address)
    expect(rejection.reason).toMatch(/expired/)
  })

  it('never trusts In-Reply-To: the address alone decides the conversation', async () => {
    const first = await setup()
    const second = await setup()
    await deliver(rawReply({ from: 'amira@example.org', to: second.address, body: 'For the second one.' }), second.address)
    expect(await staffComments(first.site)).toHaveLength(0)
    expect(await staffComments(second.site)).toHaveLength(1)
  })
})

import appleMail from './inbound/fixtures/apple-mail.eml?raw'
import gmail from './inbound/fixtures/gmail.eml?raw'
import iphone from './inbound/fixtures/iphone.eml?raw'
import nonAscii from './inbound/fixtures/non-ascii.eml?raw'
import outlookAndroid from './inbound/fixtures/outlook-android.eml?raw'
import outlookDesktop from './inbound/fixtures/outlook-desktop.eml?raw'
import outlookWeb from './inbound/fixtures/outlook-web.eml?raw'
import thunderbird from './inbound/fixtures/thunderbird.eml?raw'
import outOfOffice from './inbound/fixtures/out-of-office.eml?raw'
import exchangeOof from './inbound/fixtures/exchange-oof.eml?raw'
import bounce from './inbound/fixtures/bounce.eml?raw'

const FIXTURE_ADDRESS = 'reply+k7q3x9m2w4p8z6t5r1v0@inbound.example.org'
const text = (doc: unknown) => JSON.stringify(doc)

describe('reply by email from real mail clients, through the handler', () => {
  it.each([
    ['Gmail', gmail, "we're open on Sundays"],
    ['Outlook desktop', outlookDesktop, 'The opening hours on the page were out of date'],
    ['Outlook on the web', outlookWeb, ''],
    ['Outlook for Android', outlookAndroid, ''],
    ['Apple Mail', appleMail, ''],
    ['Thunderbird', thunderbird, ''],
    ['iPhone', iphone, ''],
    ['a non-ASCII reply', nonAscii, ''],
  ])('%s: publishes the answer without the quoted digest', async (_, fixture, expected) => {
    const { site, address } = await setup()
    const raw = fixture.replaceAll(FIXTURE_ADDRESS, address)
    const rejection = await deliver(raw, address)
    expect(rejection.reason).toBeNull()
    const replies = await staffComments(site)
    expect(replies).toHaveLength(1)
    const body = text(replies[0]!.body)
    if (expected) expect(body).toContain(expected)
    expect(body).not.toMatch(/wrote:|Original Message|^>|Question [0-9a-f-]{36}/)
  })

  it.each([
    ['an out-of-office', outOfOffice],
    ['an Exchange automatic reply', exchangeOof],
    ['a bounce', bounce],
  ])('%s: ignored, not bounced, nothing published', async (_, fixture) => {
    const { site, address } = await setup()
    const rejection = await deliver(fixture.replaceAll(FIXTURE_ADDRESS, address), address, '')
    expect(rejection.reason).toBeNull()
    expect(await staffComments(site)).toHaveLength(0)
  })
})
