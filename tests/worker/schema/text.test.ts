import { describe, expect, it } from 'vitest'
import { bodyText, httpUrl, lineText, nameText } from '../../../schema'

/* The text rules of docs/unicode.md, on the helpers every boundary parses with. */

const body = bodyText(10_000)
const line = lineText(300)
const name = nameText(80)

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues.map((i) => i.message)

describe('bodyText', () => {
  it.each([
    ['CRLF paragraphs from a textarea', 'First point.\r\n\r\nSecond point.\r\nSame paragraph.', 'First point.\n\nSecond point.\nSame paragraph.'],
    ['a lone CR', 'one\rtwo', 'one\ntwo'],
    ['CR, CRLF and LF mixed', 'a\r\nb\rc\nd\r\r\ne', 'a\nb\nc\nd\n\ne'],
    ['a CR before a CRLF', 'a\r\r\nb', 'a\n\nb'],
    ['CRLF around the text', '\r\nhello\r\n', '\nhello\n'],
  ])('turns %s into LF', (_, typed, stored) => {
    expect(body.parse(typed)).toBe(stored)
  })

  it.each([
    ['an emoji ZWJ sequence', 'Our family 👩\u200d👩\u200d👧 says thanks'],
    ['skin tones and flags', '👍🏽 🇫🇷 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}'],
    ['an emoji variation selector', 'I ❤\ufe0f this, not ❤\ufe0e'],
    ['combining marks, not normalised', 'Cafe\u0301 and café and Zalgo z\u0335\u0321\u0358a\u0337'],
    ['Arabic with RTL marks', 'مرحبا \u200fبالعالم\u200f: 2024'],
    ['Hebrew inside an RTL embedding', 'He said \u202bשלום עולם\u202c and left'],
    ['isolates and an override', '\u2067עברית\u2069 then \u202eevil\u202c'],
    ['Persian with a zero-width non-joiner', 'می\u200cخواهم بدانم'],
    ['tabs and inner spaces', '\tindented  twice\n    code'],
    ['noncharacters and a BOM', 'x\uFDD0\uFFFF\uFEFFy'],
  ])('keeps %s byte for byte', (_, typed) => {
    expect(body.parse(typed)).toBe(typed)
  })

  it.each([
    ['a lone high surrogate', 'broken \ud800 text'],
    ['a lone low surrogate', 'broken \udc00 text'],
    ['a low surrogate before a high one', '\udc00\ud800'],
    ['a high surrogate at the very end', 'emoji cut in half \ud83d'],
  ])('refuses %s, saying why, and nothing else', (_, typed) => {
    const r = body.safeParse(typed)
    expect(messages(r)).toEqual(['must be valid Unicode: it contains an unpaired surrogate (such as "\\ud800" in JSON)'])
  })

  it.each([
    ['NUL', 'a\u0000b'],
    ['a bell', 'bell \u0007'],
    ['an escape sequence', 'red \u001b[31m'],
    ['DEL', 'a\u007fb'],
    ['a C1 control (NEL)', 'a\u0085b'],
    ['a vertical tab', 'a\u000bb'],
  ])('refuses %s', (_, typed) => {
    expect(messages(body.safeParse(typed))).toEqual(['must not contain control characters other than tab and newline'])
  })

  it('refuses a body of line breaks only as empty', () => {
    expect(messages(body.safeParse('\r\n\r\n'))).toEqual(['must not be empty'])
  })

  it('counts the limit after CRLF became LF', () => {
    const short = bodyText(5)
    expect(short.parse('ab\r\ncd')).toBe('ab\ncd')
    expect(messages(short.safeParse('ab\r\ncde'))).toEqual(['must be at most 5 characters'])
  })
})

describe('lineText', () => {
  it.each([
    ['a CRLF', 'Budget\r\n2025', 'Budget 2025'],
    ['a lone CR', 'Budget\r2025', 'Budget 2025'],
    ['an LF', 'Budget\n2025', 'Budget 2025'],
    ['a line separator', 'Budget\u20282025', 'Budget 2025'],
    ['line breaks at the ends', '\r\nBudget 2025\r\n', 'Budget 2025'],
  ])('makes %s a space', (_, typed, stored) => {
    expect(line.parse(typed)).toBe(stored)
  })

  it('keeps a title as typed otherwise: RTL marks, zero-width characters and inner spaces', () => {
    for (const title of ['\u200fשלום עולם', 'عنوان  الصفحة', 'Zero\u200bwidth', '👩\u200d💻 Jobs'])
      expect(line.parse(title)).toBe(title)
  })

  it.each([
    ['high', 'Title \ud800'],
    ['low', '\udfffTitle'],
  ])('refuses a lone %s surrogate', (_, typed) => {
    expect(messages(line.safeParse(typed))).toEqual(['must be valid Unicode: it contains an unpaired surrogate (such as "\\ud800" in JSON)'])
  })

  it('refuses a tab and other controls, and an empty line', () => {
    expect(messages(line.safeParse('a\tb'))).toEqual(['must not contain control characters'])
    expect(messages(line.safeParse(' \r\n '))).toEqual(['must not be empty'])
  })
})

describe('nameText', () => {
  it.each([
    ['a zero-width space', 'Jo\u200b Visitor', 'Jo Visitor'],
    ['a right-to-left override', '\u202eJo Visitor', 'Jo Visitor'],
    ['every bidi control', '\u200eJo\u200f \u202aV\u202bi\u202cs\u202di\u202et\u2066o\u2067r\u2068\u2069\u061c', 'Jo Visitor'],
    ['word joiner, BOM and Mongolian vowel separator', 'Jo\u2060\ufeff\u180e', 'Jo'],
    ['hidden TAG text', 'Jo\u{E0001}\u{E0069}\u{E0067}\u{E006E}\u{E006F}\u{E0072}\u{E0065}\u{E007F}', 'Jo'],
    ['noncharacters', 'Jo\uFDD0\uFDEF\uFFFE\uFFFF\u{1FFFE}\u{10FFFF}', 'Jo'],
    ['a variation selector after a letter', 'Jo\uFE0F\uFE00', 'Jo'],
    ['an ideographic variation selector', '葛\u{E0100}城', '葛城'],
    ['a ZWJ or ZWNJ between Latin letters', 'A\u200dm\u200cira', 'Amira'],
    ['a Hangul filler', 'Jo\u3164', 'Jo'],
    ['a soft hyphen', 'Jo\u00ad', 'Jo'],
    ['invisible characters at the ends, then spaces', '\u200b Jo \u200b', 'Jo'],
    ['a line break', 'Jo\r\nVisitor', 'Jo Visitor'],
  ])('removes %s', (_, typed, stored) => {
    expect(name.parse(typed)).toBe(stored)
  })

  it.each([
    ['an emoji ZWJ sequence', 'Sam 👩\u200d👩\u200d👧'],
    ['a ZWJ sequence with skin tone', 'Dev 👩🏽\u200d💻'],
    ['an emoji variation selector', 'Jo ❤\ufe0f'],
    ['a ZWJ sequence with selectors', 'Alex 🏳\ufe0f\u200d🌈'],
    ['a keycap', 'Team 1\ufe0f\u20e3'],
    ['a subdivision flag', 'Rab 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}'],
    ['a Persian name with a ZWNJ', 'علی\u200cرضا'],
    ['a Sinhala conjunct with a ZWJ', 'ශ්\u200dරී ලංකා'],
    ['a Devanagari half form with a ZWJ', 'क्\u200dष'],
    ['Hebrew', 'שרה כהן'],
    ['combining marks, not normalised', 'Zoe\u0308 Chloé'],
    ['inner spaces', 'Jo  Visitor'],
  ])('keeps %s', (_, typed) => {
    expect(name.parse(typed)).toBe(typed)
  })

  it.each([
    ['only zero-width spaces', '\u200b\u200b\u200b'],
    ['only bidi controls and spaces', '\u202e \u200f'],
    ['only TAG characters', '\u{E0041}\u{E0042}'],
    ['only Hangul fillers', '\u3164\u3164'],
    ['only the blank Braille pattern', '\u2800'],
  ])('refuses a name of %s, saying so', (_, typed) => {
    expect(messages(name.safeParse(typed))).toEqual([
      'must contain visible characters (zero-width and other invisible characters are removed from names)',
    ])
  })

  it('refuses an empty name as empty', () => {
    expect(messages(name.safeParse('  '))).toEqual(['must not be empty'])
  })

  it.each([
    ['high', 'Jo \ud83d'],
    ['low', '\ude00 Jo'],
  ])('refuses a lone %s surrogate', (_, typed) => {
    expect(messages(name.safeParse(typed))).toEqual(['must be valid Unicode: it contains an unpaired surrogate (such as "\\ud800" in JSON)'])
  })

  it('refuses controls, and counts the limit without the removed characters', () => {
    expect(messages(name.safeParse('Jo\u001b[31m'))).toEqual(['must not contain control characters'])
    expect(nameText(3).parse('Jo\u200b\u200b\u200be')).toBe('Joe')
    expect(messages(nameText(3).safeParse('Joey'))).toEqual(['must be at most 3 characters'])
    // Far over the limit, it is refused before anything is removed.
    expect(messages(nameText(3).safeParse(`Jo${'\u200b'.repeat(20)}`))).toEqual(['must be at most 3 characters'])
  })
})

describe('httpUrl', () => {
  it('refuses a lone surrogate in a page URL', () => {
    expect(messages(httpUrl.safeParse('https://www.example.org/news/\ud800'))).toEqual([
      'must be valid Unicode: it contains an unpaired surrogate (such as "\\ud800" in JSON)',
    ])
    expect(httpUrl.parse('https://www.example.org/news/😀')).toBe('https://www.example.org/news/😀')
  })
})
