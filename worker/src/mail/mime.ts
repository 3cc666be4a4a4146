import { createMimeMessage, Mailbox, type MIMEMessage } from 'mimetext/browser'
import type { Address, OutgoingMail } from './mailer'

/*
 * The one place a message becomes RFC 5322 text. Every value that reaches a header is checked here, whoever the
 * caller: a CR, LF or NUL is refused with an Error (never stripped), because by now values should already be one
 * line (`oneLine()`), so one that is not is a bug upstream and rewriting it silently could change what a
 * structured header means. The outbox keeps the error as last_error. Error messages name the field, never its
 * value: a Reply-To or List-Unsubscribe value carries a token.
 */

const utf8 = new TextEncoder()

/** RFC 5322 asks for lines of at most 78 characters; 998 is the hard limit. */
const SOFT_LIMIT = 78
const HARD_LIMIT = 998

/** Throws when a value bound for a header contains CR, LF or NUL: the characters that could end a header early. */
export function assertHeaderSafe(value: string, what = 'A header value'): void {
  if (/[\r\n\0]/.test(value)) throw new Error(`${what} contains a line break or NUL; header values must be one line`)
}

const atom = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
const label = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?'
const domainPattern = new RegExp(`^${label}(?:\\.${label})*$`)
const emailPattern = new RegExp(`^${atom}(?:\\.${atom})*@${label}(?:\\.${label})*$`)

/** Plain addresses only (dot-atom local part, host name): nothing that needs quoting, nothing that could break a header. */
export function assertEmail(email: string, what: string): void {
  assertHeaderSafe(email, what)
  if (email.length > 254 || !emailPattern.test(email)) throw new Error(`${what} is not a usable email address`)
}

const reservedHeaders = new Set([
  'from', 'sender', 'reply-to', 'to', 'cc', 'bcc', 'subject', 'date', 'message-id', 'mime-version',
  'content-type', 'content-transfer-encoding', 'content-disposition', 'content-id', 'return-path', 'received',
])

/** The checks every driver applies before anything is sent, raw MIME or not. */
export function checkMail(mail: OutgoingMail, from: Address): void {
  checkAddress(from, 'From')
  checkAddress(mail.to, 'To')
  if (mail.replyTo) checkAddress(mail.replyTo, 'Reply-To')
  assertHeaderSafe(mail.subject, 'Subject')
  for (const [name, value] of Object.entries(mail.headers ?? {})) {
    if (!/^[!-9;-~]+$/.test(name)) throw new Error('A header name must be printable ASCII without a colon')
    if (reservedHeaders.has(name.toLowerCase())) throw new Error(`Header ${name} is set by the mailer, not by a caller`)
    assertHeaderSafe(value, `Header ${name}`)
    if (!/^[\t\x20-\x7e]*$/.test(value)) throw new Error(`Header ${name} must be printable ASCII`)
  }
}

function checkAddress(address: Address, what: string) {
  assertEmail(address.email, `The ${what} address`)
  if (address.name) assertHeaderSafe(address.name, `The ${what} display name`)
}

/**
 * A multipart/alternative message (text and HTML, UTF-8, quoted-printable) from `opts.from` to `mail.to`, with
 * our own Date and Message-ID so every driver sends the same headers. Throws on any value unfit for a header.
 */
export function buildMime(mail: OutgoingMail, opts: { from: Address; messageIdDomain: string; now: number }): { raw: string; messageId: string } {
  checkMail(mail, opts.from)
  if (!domainPattern.test(opts.messageIdDomain)) throw new Error('The Message-ID domain is not a host name')
  const messageId = `<${crypto.randomUUID()}@${opts.messageIdDomain}>`

  const msg = createMimeMessage()
  // Unpredictable boundaries: text quoted from a visitor cannot close a part it does not know the name of.
  msg.boundaries = { mixed: boundary(), alt: boundary(), related: boundary() }
  msg.setSender(mailboxInput(opts.from))
  msg.setTo(mailboxInput(mail.to))
  if (mail.replyTo) msg.setHeader('Reply-To', new Mailbox(mailboxInput(mail.replyTo)))
  msg.setSubject(mail.subject)
  msg.setHeader('Date', new Date(opts.now).toUTCString().replace(/GMT$/, '+0000'))
  msg.setHeader('Message-ID', messageId)
  for (const [name, value] of Object.entries(mail.headers ?? {})) msg.setHeader(name, fold(name, value.split(' ')))

  // mimetext writes each display name and the subject as a single base64 encoded-word, however long and even when
  // plain ASCII: past ~40 bytes that breaks RFC 2047's 75-character limit, and needless base64 in From/Subject is
  // a spam signal. These encoders fold at 78 columns and encode only what needs it.
  dumpAs(msg, 'From', mailboxHeader('From', opts.from))
  dumpAs(msg, 'To', mailboxHeader('To', mail.to))
  if (mail.replyTo) dumpAs(msg, 'Reply-To', mailboxHeader('Reply-To', mail.replyTo))
  dumpAs(msg, 'Subject', unstructuredHeader('Subject', mail.subject))

  msg.addMessage({ contentType: 'text/plain', charset: 'UTF-8', encoding: 'quoted-printable', data: quotedPrintable(mail.text) })
  msg.addMessage({ contentType: 'text/html', charset: 'UTF-8', encoding: 'quoted-printable', data: quotedPrintable(mail.html) })
  return { raw: `${msg.asRaw()}\r\n`, messageId }
}

const boundary = () => `byline-${crypto.randomUUID().replaceAll('-', '')}`

const mailboxInput = (a: Address) => (a.name ? { addr: a.email, name: a.name } : { addr: a.email })

function dumpAs(msg: MIMEMessage, name: string, text: string) {
  const field = msg.headers.fields.find((f) => f.name === name)
  if (!field) throw new Error(`mimetext has no ${name} field`)
  field.dump = () => text
}

/**
 * Joins tokens with spaces onto lines of at most 78 columns (counting `Name: `). A fold is CRLF + space, which
 * unfolds back to the space it replaced; between encoded-words that space is not content at all.
 */
function fold(name: string, tokens: string[]): string {
  let out = ''
  let line = name.length + 2
  let longest = 0
  tokens.forEach((token, i) => {
    if (i > 0 && token !== '' && line + 1 + token.length > SOFT_LIMIT) {
      longest = Math.max(longest, line)
      out += `\r\n ${token}`
      line = 1 + token.length
    } else {
      out += i > 0 ? ` ${token}` : token
      line += (i > 0 ? 1 : 0) + token.length
    }
  })
  if (Math.max(longest, line) > HARD_LIMIT) throw new Error(`Header ${name} is too long`)
  return out
}

/** RFC 2047 B encoded-words of at most 39 UTF-8 bytes (64 characters), cut between code points, never inside one. */
function encodedWords(text: string): string[] {
  const words: string[] = []
  let chunk: number[] = []
  for (const ch of text) {
    const bytes = utf8.encode(ch)
    if (chunk.length + bytes.length > 39 && chunk.length > 0) {
      words.push(encodedWord(chunk))
      chunk = []
    }
    chunk.push(...bytes)
  }
  if (chunk.length > 0) words.push(encodedWord(chunk))
  return words
}

const encodedWord = (bytes: number[]) => `=?UTF-8?B?${btoa(String.fromCharCode(...bytes))}?=`

/** Printable ASCII that no reader could mistake for an encoded-word. */
const plainAscii = (s: string) => /^[\x20-\x7e]*$/.test(s) && !s.includes('=?')

/** Subject: plain text folded at spaces when it can be, encoded-words otherwise. */
function unstructuredHeader(name: string, text: string): string {
  if (plainAscii(text) && !/ {2}|^ | $/.test(text)) {
    try {
      return fold(name, text.split(' '))
    } catch {
      // A single word too long for one line: fall through to encoded-words, which fold anywhere.
    }
  }
  return fold(name, encodedWords(text))
}

const atomsPattern = new RegExp(`^${atom}(?: ${atom})*$`)

/** `Name <address>`: the name as atoms, a quoted-string, or encoded-words, whichever is plain enough. */
function mailboxHeader(name: string, a: Address): string {
  if (!a.name) return a.email
  const display = a.name
  const words =
    display.length <= 64 && atomsPattern.test(display) && !display.includes('=?')
      ? display.split(' ')
      : display.length <= 64 && plainAscii(display)
        ? [`"${display.replace(/[\\"]/g, '\\$&')}"`]
        : encodedWords(display)
  return fold(name, [...words, `<${a.email}>`])
}

/** An address for a header-less context (an HTTP provider's JSON): `Name <email>`, the name quoted when needed. */
export function formatAddress(a: Address): string {
  if (!a.name) return a.email
  const display = atomsPattern.test(a.name) ? a.name : `"${a.name.replace(/[\\"]/g, '\\$&')}"`
  return `${display} <${a.email}>`
}

/**
 * Quoted-printable (RFC 2045) of UTF-8 text: lines of at most 76 characters with soft breaks, so long lines and
 * any character survive every relay. Line breaks become CRLF; trailing spaces, `=` and a leading `.` are escaped.
 */
export function quotedPrintable(text: string): string {
  return text.split(/\r\n|\r|\n/).map(qpLine).join('\r\n')
}

function qpLine(line: string): string {
  const bytes = utf8.encode(line)
  const out: string[] = []
  let current = ''
  bytes.forEach((b, i) => {
    const last = i === bytes.length - 1
    const literal = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last)
    let token = literal ? String.fromCharCode(b) : escapeByte(b)
    if (current.length + token.length > 75) {
      out.push(`${current}=`)
      current = ''
    }
    if (current === '' && b === 46) token = escapeByte(b)
    current += token
  })
  out.push(current)
  return out.join('\r\n')
}

const escapeByte = (b: number) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`
