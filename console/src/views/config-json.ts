/*
 * Where a pasted document stops being JSON. JSON.parse says why but, in most of V8's messages, not where ("Unexpected
 * token '}', ... is not valid JSON"); this scanner walks the same grammar (RFC 8259) to the first character that
 * cannot be there, so the import can point at a line and column. It runs only after JSON.parse has refused the text.
 */

export type JsonProblem = { offset: number; line: number; column: number; expected: string }

class Stop extends Error {
  constructor(
    readonly offset: number,
    readonly expected: string,
  ) {
    super(expected)
  }
}

/** The first place `text` is not JSON, or null when it is JSON. */
export function jsonProblem(text: string): JsonProblem | null {
  let i = 0
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++
  }
  const fail = (expected: string): never => {
    throw new Stop(i, expected)
  }
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail(`“${word}”`)
      i++
    }
  }
  const string = () => {
    i++ // the opening quote
    for (;;) {
      if (i >= text.length) fail('a closing quote (")')
      const ch = text[i]!
      if (ch === '"') return void i++
      if (ch < ' ') fail('no line break or control character inside a string (write \\n)')
      if (ch === '\\') {
        i++
        const e = text[i]
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) ((i += k), fail('four hex digits after \\u'))
          i += 5
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++
        else fail('an escape such as \\" \\\\ \\n or \\u00e9')
      } else i++
    }
  }
  const number = () => {
    if (text[i] === '-') i++
    if (text[i] === '0') i++
    else if (/[1-9]/.test(text[i] ?? '')) while (/[0-9]/.test(text[i] ?? '')) i++
    else fail('a digit')
    if (text[i] === '.') {
      i++
      if (!/[0-9]/.test(text[i] ?? '')) fail('a digit after the decimal point')
      while (/[0-9]/.test(text[i] ?? '')) i++
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++
      if (text[i] === '+' || text[i] === '-') i++
      if (!/[0-9]/.test(text[i] ?? '')) fail('a digit in the exponent')
      while (/[0-9]/.test(text[i] ?? '')) i++
    }
  }
  const value = (): void => {
    ws()
    const ch = text[i]
    if (ch === '{') {
      i++
      ws()
      if (text[i] === '}') return void i++
      for (;;) {
        ws()
        if (text[i] !== '"') fail(text[i] === '}' ? 'another property (no comma before })' : 'a property name in double quotes')
        string()
        ws()
        if (text[i] !== ':') fail('a colon (:) after the property name')
        i++
        value()
        ws()
        if (text[i] === ',') i++
        else if (text[i] === '}') return void i++
        else fail('a comma (,) or a closing brace (})')
      }
    }
    if (ch === '[') {
      i++
      ws()
      if (text[i] === ']') return void i++
      for (;;) {
        ws()
        if (text[i] === ']') fail('another value (no comma before ])')
        value()
        ws()
        if (text[i] === ',') i++
        else if (text[i] === ']') return void i++
        else fail('a comma (,) or a closing bracket (])')
      }
    }
    if (ch === '"') return string()
    if (ch === 't') return literal('true')
    if (ch === 'f') return literal('false')
    if (ch === 'n') return literal('null')
    if (ch === '-' || /[0-9]/.test(ch ?? '')) return number()
    fail(ch === undefined ? 'a value' : 'a value: an object, array, string in double quotes, number, true, false or null')
  }
  try {
    value()
    ws()
    if (i < text.length) fail('nothing more: a document is one value')
    return null
  } catch (e) {
    if (!(e instanceof Stop)) throw e
    const before = text.slice(0, e.offset).split('\n')
    return { offset: e.offset, line: before.length, column: before[before.length - 1]!.length + 1, expected: e.expected }
  }
}

/** A sentence for JSON that does not parse: where, and what should be there. */
export function jsonProblemInWords(text: string): string {
  const p = jsonProblem(text)
  if (!p) return 'This is not valid JSON.'
  const end = p.offset >= text.length ? ' (the end of the text)' : ''
  return `This is not valid JSON: at line ${p.line}, column ${p.column}${end}, expected ${p.expected}.`
}
