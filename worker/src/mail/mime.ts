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
 *
 * Written here rather than by a MIME library: the libraries at hand write every display name and subject as one
 * base64 encoded-word, however long and even when plain ASCII, which breaks RFC 2047's 75-character limit past
 * ~40 bytes and is a spam signal. One text part and one HTML part are a dozen lines of RFC 2045/2046.
 */
export function buildMime(mail: OutgoingMail, opts: { from: Address; messageIdDomain: string; now: number }): { raw: string; messageId: string } {
  checkMail(mail, opts.from)
  if (!domainPattern.test(opts.messageIdDomain)) throw new Error('The Message-ID domain is not a host name')
  const messageId = `<${crypto.randomUUID()}@${opts.messageIdDomain}>`
  // Unpredictable: text quoted from a visitor cannot close a part whose boundary it does not know.
  const boundary = `byline-${crypto.randomUUID().replaceAll('-', '')}`

  const headers = [
    field('Date', new Date(opts.now).toUTCString().replace(/GMT$/, '+0000')),
    field('From', mailboxHeader('From', opts.from)),
    ...(mail.replyTo ? [field('Reply-To', mailboxHeader('Reply-To', mail.replyTo))] : []),
    field('To', mailboxHeader('To', mail.to)),
    field('Message-ID', messageId),
    field('Subject', unstructuredHeader('Subject', mail.subject)),
    field('MIME-Version', '1.0'),
    ...Object.entries(mail.headers ?? {}).map(([name, value]) => field(name, fold(name, value.split(' ')))),
    field('Content-Type', fold('Content-Type', ['multipart/alternative;', `boundary=${boundary}`])),
  ]
  const part = (type: 'plain' | 'html', body: string) =>
    [
      `--${boundary}`,
      field('Content-Type', `text/${type}; charset=UTF-8`),
      field('Content-Transfer-Encoding', 'quoted-printable'),
      '',
      quotedPrintable(body),
    ].join('\r\n')
  // The CRLF before each delimiter belongs to the delimiter (RFC 2046 5.1.1), so each part decodes to its text exactly.
  const raw = [...headers, '', part('plain', mail.text), part('html', mail.html), `--${boundary}--`, ''].join('\r\n')
  return { raw, messageId }
}

/**
 * One header line. Every value is built above from checked input, so this only restates the invariant that makes
 * injection impossible: printable ASCII, and no line break except a fold (CRLF followed by a space).
 */
function field(name: string, value: string): string {
  if (!/^[\x20-\x7e\t]*(?:\r\n[ \t][\x20-\x7e\t]*)*$/.test(value)) throw new Error(`Header ${name} would not be one folded ASCII line`)
  return `${name}: ${value}`
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
