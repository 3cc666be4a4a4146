import { z } from 'zod'

/*
 * The text rules of docs/unicode.md, applied wherever text comes in (JSON API, HTML forms, inbound mail): line
 * breaks become LF, lone surrogates and control characters are refused, names lose invisible characters.
 * Everything else is kept as typed: no trimming of inner content, no normalisation.
 */

// Browsers submit a textarea's line breaks as CRLF (and old Mac text has lone CR); stored text has LF only.
const toLf = (s: string) => s.replace(/\r\n?/g, '\n')
// A single line has no line breaks: each one (CRLF counted once) becomes a space, so the words either side stay apart.
const toOneLine = (s: string) => s.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')

// An unpaired surrogate (JSON "\ud800") is not a character: stored as UTF-8 it would silently become U+FFFD.
const loneSurrogate = /\p{Cs}/u
export const wellFormed = {
  message: 'must be valid Unicode: it contains an unpaired surrogate (such as "\\ud800" in JSON)',
  abort: true,
}
export const isWellFormed = (s: string) => !loneSurrogate.test(s)

// Control characters other than tab and newline have no business in a comment; DEL and C1 included.
const forbiddenInBody = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/
const forbiddenInLine = /[\u0000-\u001F\u007F-\u009F]/

// Invisible in a name: zero-width characters, bidi controls, variation selectors, TAG characters, Hangul fillers
// (all Default_Ignorable_Code_Point) and noncharacters. Kept only where they do show: inside an emoji, and the
// joiners that shape letters in Arabic and Indic scripts (علی‌رضا, ශ්‍රී).
const JOINING_SCRIPTS = ['Arabic', 'Syriac', 'Nko', 'Mongolian', 'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati',
  'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala']
const shown = [
  String.raw`\u{1F3F4}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{2,6}\u{E007F}`, // a subdivision flag: 🏴󠁧󠁢󠁳󠁣󠁴󠁿
  String.raw`(?<=\p{Extended_Pictographic}[\p{Emoji_Modifier}\uFE0F]?)\u200D(?=\p{Extended_Pictographic})`, // 👩‍👩‍👧
  String.raw`(?<=\p{Extended_Pictographic})[\uFE0E\uFE0F]`, // text or emoji style: ❤️
  String.raw`(?<=[0-9#*])\uFE0F(?=\u20E3)`, // a keycap: 1️⃣
  ...JOINING_SCRIPTS.map((s) => String.raw`(?<=\p{scx=${s}})[\u200C\u200D](?=\p{scx=${s}})`),
]
const invisibleInName = new RegExp(
  String.raw`(${shown.join('|')})|[\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]`,
  'gu',
)
const withoutInvisible = (s: string) => s.replace(invisibleInName, (_, kept: string | undefined) => kept ?? '')
// A name must show something: a letter, digit, punctuation or symbol (not the blank Braille pattern).
const visible = /(?!\u2800)[\p{L}\p{N}\p{P}\p{S}]/u

/** Multi-line text kept as typed; line breaks become LF, lone surrogates and control characters are refused. */
export const bodyText = (max: number) =>
  z
    .string()
    .refine(isWellFormed, wellFormed)
    .overwrite(toLf)
    .max(max, `must be at most ${max} characters`)
    .refine((s) => s.trim().length > 0, 'must not be empty')
    .refine((s) => !forbiddenInBody.test(s), 'must not contain control characters other than tab and newline')

/**
 * Multi-line text that may be left empty (a staff bio): the rules of bodyText, with its ends trimmed. Written by
 * staff in a textarea or in a config file, shown to visitors beside every answer.
 */
export const optionalBodyText = (max: number) =>
  z
    .string()
    .refine(isWellFormed, wellFormed)
    .overwrite(toLf)
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !forbiddenInBody.test(s), 'must not contain control characters other than tab and newline')

/** One line, trimmed and never empty, line breaks made spaces; the base of lineText and nameText. */
const oneLine = () =>
  z
    .string()
    .refine(isWellFormed, wellFormed)
    .overwrite(toOneLine)
    .trim()
    .min(1, { message: 'must not be empty', abort: true })

/** A single line (a title, a note): no line breaks, no control characters; otherwise as typed. */
export const lineText = (max: number) =>
  oneLine()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !forbiddenInLine.test(s), 'must not contain control characters')

/** A person's name: a single line without invisible characters, which must keep something visible. */
export const nameText = (max: number) =>
  oneLine()
    // Removing invisible characters costs CPU per character: a name many times its limit is refused before it runs.
    .max(max * 4, { message: `must be at most ${max} characters`, abort: true })
    .overwrite(withoutInvisible)
    .trim()
    .refine((s) => visible.test(s), {
      message: 'must contain visible characters (zero-width and other invisible characters are removed from names)',
      abort: true,
    })
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !forbiddenInLine.test(s), 'must not contain control characters')

/** Lower-case slug used for org, site and staff ids. */
export const slug = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'must be lower-case letters, digits and dashes (1-64)')

function parseUrl(s: string): URL | null {
  try {
    return new URL(s)
  } catch {
    return null
  }
}

/** An http(s) URL with no credentials in it. */
export const httpUrl = z
  .url({ protocol: /^https?$/, hostname: z.regexes.hostname })
  .max(2048)
  // zod runs refinements even after the URL check failed, so this one must not throw on garbage.
  .refine((u) => {
    const url = parseUrl(u)
    return !url || (url.username === '' && url.password === '')
  }, 'must not contain credentials')
  .refine(isWellFormed, wellFormed.message)

/** `https://host[:port]` exactly: what a browser sends in the Origin header. */
export const origin = z
  .string()
  .max(300)
  .refine((s) => {
    const u = parseUrl(s)
    return !!u && (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === s
  }, 'must be an origin such as https://www.example.org (scheme, host and optional port, nothing else)')
