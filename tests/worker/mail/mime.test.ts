import PostalMime, { type Email } from 'postal-mime'
import { describe, expect, it } from 'vitest'
import { oneLine, type Address, type OutgoingMail } from '../../../worker/src/mail/mailer'
import { assertHeaderSafe, buildMime } from '../../../worker/src/mail/mime'

const FROM: Address = { name: 'Byline', email: 'byline@example.org' }
const NOW = Date.UTC(2026, 6, 1, 12, 30, 5)

function mail(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    to: { name: 'Amira Haddad', email: 'amira@example.org' },
    subject: 'Jo commented on “Budget”',
    text: 'Jo wrote:\n\nWhen does the consultation close?',
    html: '<p>Jo wrote:</p><p>When does the consultation close?</p>',
    ...overrides,
  }
}

const build = (m: OutgoingMail, from: Address = FROM) => buildMime(m, { from, messageIdDomain: 'example.org', now: NOW })
const parse = (raw: string): Promise<Email> => PostalMime.parse(raw)
/** A part's decoded content, without the line break that belongs to the boundary after it. */
const content = (s: string | undefined) => (s ?? '').replace(/\n+$/, '')
const headerSection = (raw: string) => raw.slice(0, raw.indexOf('\r\n\r\n'))

describe('buildMime', () => {
  it('builds a multipart/alternative message whose every part and header parses back', async () => {
    const m = mail({
      replyTo: { name: 'Amira via Byline', email: 'reply+tok_123@inbound.example.org' },
      headers: { 'List-Unsubscribe': '<https://byline.example.org/u/tok>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'Auto-Submitted': 'auto-generated' },
    })
    const { raw, messageId } = build(m)
    const parsed = await parse(raw)

    expect(parsed.from).toEqual({ name: 'Byline', address: 'byline@example.org' })
    expect(parsed.to).toEqual([{ name: 'Amira Haddad', address: 'amira@example.org' }])
    expect(parsed.replyTo).toEqual([{ name: 'Amira via Byline', address: 'reply+tok_123@inbound.example.org' }])
    expect(parsed.subject).toBe(m.subject)
    expect(parsed.date).toBe('2026-07-01T12:30:05.000Z')
    expect(parsed.messageId).toBe(messageId)
    expect(content(parsed.text)).toBe(m.text)
    expect(content(parsed.html)).toBe(m.html)

    const header = (key: string) => parsed.headers.filter((h) => h.key === key).map((h) => h.value)
    expect(header('mime-version')).toEqual(['1.0'])
    expect(header('content-type')[0]).toMatch(/^multipart\/alternative; boundary=byline-[0-9a-f]{32}$/)
    expect(header('list-unsubscribe')).toEqual(['<https://byline.example.org/u/tok>'])
    expect(header('list-unsubscribe-post')).toEqual(['List-Unsubscribe=One-Click'])
    expect(header('auto-submitted')).toEqual(['auto-generated'])
    // One of each: a caller's header never duplicates one the mailer sets.
    for (const key of ['from', 'to', 'reply-to', 'subject', 'date', 'message-id']) expect(header(key)).toHaveLength(1)
  })

  it('is a multipart/alternative of exactly a text part then an HTML part, the order that makes HTML preferred', async () => {
    const { raw } = build(mail())
    const boundary = /boundary=(\S+)$/.exec(headerSection(raw))![1]!
    const body = raw.slice(raw.indexOf('\r\n\r\n') + 4)
    // No preamble, two parts, the close delimiter, and nothing after it.
    expect(body.startsWith(`--${boundary}\r\n`)).toBe(true)
    expect(body.endsWith(`\r\n--${boundary}--\r\n`)).toBe(true)
    const parts = body.slice(0, -`\r\n--${boundary}--\r\n`.length).split(`--${boundary}\r\n`).slice(1)
    expect(parts.map((p) => p.slice(0, p.indexOf('\r\n\r\n')))).toEqual([
      'Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable',
      'Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable',
    ])
    const parsed = await parse(raw)
    expect(parsed.attachments).toEqual([])
  })

  it('carries Arabic names and subject through From, To, Reply-To and Subject, beside List-Unsubscribe', async () => {
    const m = mail({
      to: { name: 'أميرة حداد', email: 'amira@example.org' },
      replyTo: { name: 'أميرة عبر بايلاين', email: 'reply+tok_123@inbound.example.org' },
      subject: 'علّق جو على «الميزانية» — هل من موعد؟',
      headers: { 'List-Unsubscribe': '<https://byline.example.org/u/tok>, <mailto:u+tok@inbound.example.org>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    })
    const { raw } = build(m, { name: 'بايلاين', email: 'byline@example.org' })
    const parsed = await parse(raw)
    expect(parsed.from).toEqual({ name: 'بايلاين', address: 'byline@example.org' })
    expect(parsed.to).toEqual([{ name: 'أميرة حداد', address: 'amira@example.org' }])
    expect(parsed.replyTo).toEqual([{ name: 'أميرة عبر بايلاين', address: 'reply+tok_123@inbound.example.org' }])
    expect(parsed.subject).toBe(m.subject)
    const header = (key: string) => parsed.headers.filter((h) => h.key === key).map((h) => h.value)
    expect(header('list-unsubscribe')).toEqual([m.headers!['List-Unsubscribe']])
    expect(header('list-unsubscribe-post')).toEqual(['List-Unsubscribe=One-Click'])
    // The address stays outside the encoded-words, where every reader and filter can see it.
    expect(headerSection(raw)).toMatch(/\r\nReply-To: (=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=(\r\n)? )+<reply\+tok_123@inbound\.example\.org>\r\n/)
  })

  it('writes only RFC 2047-sized encoded-words, and a header section of "Name: value" lines and folds', () => {
    const long = `${'Ünïcödé 🎉 '.repeat(30)}end`
    const { raw } = build(mail({ subject: long, to: { name: long.slice(0, 60), email: 'to@example.org' }, replyTo: { name: 'Zoë', email: 'reply+t@inbound.example.org' } }))
    const section = headerSection(raw)
    expect(section).toMatch(/^[\x00-\x7f]*$/)
    for (const word of section.match(/=\?[^?]*\?[BQ]\?[^?]*\?=/g)!) expect(word.length).toBeLessThanOrEqual(75)
    for (const line of section.split('\r\n')) {
      expect(line).toMatch(/^([!-9;-~]+: | )/)
      expect(line.length).toBeLessThanOrEqual(78)
    }
  })

  it('sends both parts as UTF-8 quoted-printable, so the whole message is 7-bit with no line over 76 in the body', () => {
    const { raw } = build(mail({ text: `${'é'.repeat(700)} ${'a'.repeat(2000)}`, html: `<p>${'ü'.repeat(3000)}</p>` }))
    expect(raw).toMatch(/^[\x00-\x7f]*$/)
    expect(raw.match(/Content-Type: text\/(plain|html); charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable/g)).toHaveLength(2)
    const body = raw.slice(raw.indexOf('\r\n\r\n') + 4)
    for (const line of body.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76)
    expect(raw.endsWith('--\r\n')).toBe(true)
  })

  it('has no header without a CRLF and no bare CR or LF anywhere', () => {
    const { raw } = build(mail({ text: 'one\ntwo\rthree\r\nfour', html: '<p>a</p>\n<p>b</p>' }))
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
  })

  it('gives a fresh Message-ID on the configured domain each time', () => {
    const a = build(mail()).messageId
    const b = build(mail()).messageId
    expect(a).toMatch(/^<[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@example\.org>$/)
    expect(b).not.toBe(a)
    expect(() => buildMime(mail(), { from: FROM, messageIdDomain: 'bad domain>', now: NOW })).toThrow(/Message-ID domain/)
  })

  it.each([
    ['accents', 'Chloé Martin-Lefèvre'],
    ['emoji', 'Jo 🎉 Visitor 👩🏽‍💻'],
    ['quotes', 'Jo "the boss" Visitor'],
    ['a comma', 'Okafor, Ben'],
    ['angle brackets', 'Jo <admin@example.org>'],
    ['a backslash and parentheses', 'C:\\Users (Jo)'],
    ['every hazard at once', 'Zoë "Z", <z@evil.test> (\\) 🚀'],
    ['what looks like an encoded-word', '=?UTF-8?B?RXZpbA==?='],
    ['a long name', `${'Ünïcödé '.repeat(20)}Name`],
  ])('keeps a display name with %s intact in From, To and Reply-To', async (_, name) => {
    const { raw } = build(mail({ to: { name, email: 'to@example.org' }, replyTo: { name, email: 'reply+t@inbound.example.org' } }), { name, email: 'byline@example.org' })
    const parsed = await parse(raw)
    expect(parsed.from).toEqual({ name, address: 'byline@example.org' })
    expect(parsed.to).toEqual([{ name, address: 'to@example.org' }])
    expect(parsed.replyTo).toEqual([{ name, address: 'reply+t@inbound.example.org' }])
    for (const field of ['From', 'To', 'Reply-To']) {
      const lines = headerSection(raw).match(new RegExp(`^${field}:.*(\r\n .*)*`, 'm'))![0].split('\r\n')
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(78)
    }
  })

  it('writes plain names and subjects as plain text, encoding only what needs it', () => {
    const header = headerSection(build(mail({ subject: 'A plain question', to: { name: 'Ben Okafor', email: 'ben@example.org' } })).raw)
    expect(header).toContain('\r\nSubject: A plain question\r\n')
    expect(header).toContain('\r\nTo: Ben Okafor <ben@example.org>\r\n')
    expect(header).toContain('\r\nFrom: Byline <byline@example.org>\r\n')
    expect(build(mail({ to: { email: 'ben@example.org' } })).raw).toContain('\r\nTo: ben@example.org\r\n')
    expect(build(mail({ subject: 'Café' })).raw).toMatch(/\r\nSubject: =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=\r\n/)
  })

  it.each([
    ['accents', 'Réponse à « la consultation » — où et quand ?'],
    ['emoji', 'Jo 🎉 commented on 👩🏽‍💻 “Budget”'],
    ['quotes and commas', 'He said "no", then: <b>yes</b>'],
    ['something that looks encoded', '=?UTF-8?B?RXZpbA==?= is not decoded'],
    ['a long ASCII title', `Jo commented on ${'the consultation on the river route '.repeat(12)}`],
    ['one very long word', 'x'.repeat(1500)],
    ['a long non-ASCII title', 'Ça déborde 🚀 '.repeat(80)],
  ])('keeps a subject with %s intact, folded onto lines of at most 78', async (_, subject) => {
    const { raw } = build(mail({ subject: subject.trim() }))
    expect((await parse(raw)).subject).toBe(subject.trim())
    const subjectLines = headerSection(raw).match(/^Subject:.*(\r\n .*)*/m)![0].split('\r\n')
    for (const line of subjectLines) expect(line.length).toBeLessThanOrEqual(78)
  })

  it('keeps long lines, non-ASCII, trailing spaces, "=" and lone dots of the text and HTML exactly', async () => {
    const text = [
      `A line longer than SMTP allows: ${'lorem ipsum '.repeat(120)}end`,
      `Accents and emoji: ${'àéîõü ß 中文 🎉 '.repeat(100)}`,
      'Trailing spaces stay   ',
      'Trailing tab stays\t',
      'Equals =3D and = signs =',
      '.',
      '..two dots',
      'From the start of a line',
      '--byline-not-the-boundary',
    ].join('\n')
    const html = `<!doctype html><html><body><p style="font-family:system-ui">${'Ünïcødé & <b>bold</b> '.repeat(200)}</p></body></html>`
    const { raw } = build(mail({ text, html }))
    expect(raw).not.toContain('\r\n.\r\n')
    const parsed = await parse(raw)
    expect(content(parsed.text)).toBe(text)
    expect(content(parsed.html)).toBe(html)
  })

  it('normalises every line break in the bodies to CRLF on the wire and \\n when read', async () => {
    const parsed = await parse(build(mail({ text: 'one\r\ntwo\rthree\nfour' })).raw)
    expect(content(parsed.text)).toBe('one\ntwo\nthree\nfour')
  })

  it('folds a long custom header value at its spaces', async () => {
    const value = Array.from({ length: 6 }, (_, i) => `<https://byline.example.org/unsubscribe/${i}/${'t'.repeat(10)}>`).join(', ')
    const { raw } = build(mail({ headers: { 'List-Unsubscribe': value } }))
    const lines = headerSection(raw).match(/^List-Unsubscribe:.*(\r\n .*)*/m)![0].split('\r\n')
    expect(lines.length).toBeGreaterThan(1)
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(78)
    expect((await parse(raw)).headers.find((h) => h.key === 'list-unsubscribe')?.value).toBe(value)
  })
})

describe('header safety: a value with a line break is refused, never sent', () => {
  const evil = 'Evil\r\nBcc: victim@example.net'
  const cases: [string, OutgoingMail, Address?][] = [
    ['the subject', mail({ subject: evil })],
    ['the subject (LF only)', mail({ subject: 'Evil\nBcc: victim@example.net' })],
    ['the subject (CR only)', mail({ subject: 'Evil\rBcc: victim@example.net' })],
    ['the To name', mail({ to: { name: evil, email: 'amira@example.org' } })],
    ['the To address', mail({ to: { email: 'amira@example.org\r\nBcc: victim@example.net' } })],
    ['the Reply-To name', mail({ replyTo: { name: evil, email: 'reply+t@inbound.example.org' } })],
    ['the Reply-To address', mail({ replyTo: { email: 'reply+t@inbound.example.org>\r\nBcc: victim@example.net' } })],
    ['the From name', mail(), { name: evil, email: 'byline@example.org' }],
    ['a header value', mail({ headers: { 'List-Unsubscribe': `<https://x.example/u>${'\r\n'}Bcc: victim@example.net` } })],
    ['a header name', mail({ headers: { 'X-Evil\r\nBcc': 'victim@example.net' } })],
    ['a NUL in the subject', mail({ subject: 'Evil\0' })],
  ]

  it.each(cases)('in %s', (_, m, from) => {
    expect(() => build(m, from)).toThrow(Error)
    // The message names the field, never the value: Reply-To and List-Unsubscribe values carry tokens.
    try {
      build(m, from)
    } catch (error) {
      expect((error as Error).message).not.toContain('victim')
    }
  })

  it('refuses a header the mailer owns, and a non-ASCII custom header value', () => {
    for (const name of ['Bcc', 'bcc', 'Cc', 'From', 'To', 'Reply-To', 'Subject', 'Message-ID', 'Date', 'Content-Type', 'MIME-Version']) {
      expect(() => build(mail({ headers: { [name]: 'victim@example.net' } })), name).toThrow(/set by the mailer/)
    }
    expect(() => build(mail({ headers: { 'X-Note': 'café' } }))).toThrow(/printable ASCII/)
    expect(() => build(mail({ headers: { 'X-Note': 'x'.repeat(1200) } }))).toThrow(/too long/)
  })

  it.each(['not-an-address', 'jo@', '@example.org', 'jo smith@example.org', '"jo"@example.org', 'jo@exa mple.org', 'a,b@example.org', 'jo@example.org, victim@example.net'])(
    'refuses the address %j',
    (email) => {
      expect(() => build(mail({ to: { email } }))).toThrow(/not a usable email address/)
    },
  )

  it('lets a value one-lined by oneLine() through as text, with no header added', async () => {
    const { raw } = build(
      mail({
        subject: oneLine('Hello\r\nBcc: victim@example.net'),
        to: { name: oneLine('Evil\r\nBcc: victim@example.net'), email: 'amira@example.org' },
        replyTo: { name: oneLine('Evil\u2028Cc: victim@example.net'), email: 'reply+t@inbound.example.org' },
      }),
    )
    const parsed = await parse(raw)
    expect(parsed.headers.map((h) => h.key)).not.toContain('bcc')
    expect(parsed.headers.map((h) => h.key)).not.toContain('cc')
    expect(parsed.bcc).toBeUndefined()
    expect(parsed.subject).toBe('Hello Bcc: victim@example.net')
    expect(parsed.to).toEqual([{ name: 'Evil Bcc: victim@example.net', address: 'amira@example.org' }])
    expect(headerSection(raw)).not.toMatch(/^(Bcc|Cc):/im)
  })

  it('assertHeaderSafe accepts one line and refuses CR, LF and NUL', () => {
    expect(() => assertHeaderSafe('one line, with “quotes” and tabs\t')).not.toThrow()
    for (const bad of ['a\rb', 'a\nb', 'a\r\nb', 'a\0b']) expect(() => assertHeaderSafe(bad, 'Subject')).toThrow(/^Subject /)
  })
})
