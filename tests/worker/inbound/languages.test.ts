import { describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../../worker/src/inbound/languages'
import { normalize } from '../../../worker/src/inbound/quote-rules'

const languages = Object.entries(LANGUAGES)

describe('the language tables', () => {
  it('cover at least 20 languages', () => {
    expect(languages.length).toBeGreaterThanOrEqual(20)
  })

  // The tables are read all at once: a name that is From in one language and To in another would be both.
  it('give every header field name one meaning across all languages', () => {
    const meaning = new Map<string, string>()
    const clashes: string[] = []
    for (const [code, language] of languages) {
      for (const [field, names] of Object.entries(language.fields)) {
        for (const name of names) {
          const key = normalize(name)
          const seen = meaning.get(key)
          if (seen && seen !== field) clashes.push(`${code}: "${name}" is ${field} here and ${seen} elsewhere`)
          meaning.set(key, field)
        }
      }
    }
    expect(clashes).toEqual([])
  })

  it.each(languages)('%s: every attribution ends with a colon and every sign-off leaves room for the app', (_, language) => {
    for (const rule of language.attributions) expect(normalize(rule)).toMatch(/:$/)
    for (const rule of [...language.attributions, ...language.signOffs]) expect(rule).toContain('…')
    for (const rule of language.forwards) expect(normalize(rule)).toMatch(/:$/)
  })
})
