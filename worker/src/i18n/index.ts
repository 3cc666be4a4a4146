import { LOCALES, type Locale } from '../../../schema/api/locale'
import { html, type Html } from '../render/html'
import { ar } from './ar'
import { de } from './de'
import { en, type StringKey, type Strings } from './en'
import { es } from './es'
import { fr } from './fr'
import type { Plural } from './types'

/*
 * The worker's words in each language it speaks: `t()` for text (subjects, text parts), `tHtml()` for an HTML
 * part, where the sentence is escaped and each parameter may be a fragment (a <bdi> name, a link). Plurals are
 * chosen by `Intl.PluralRules`, numbers and dates written by `Intl` in the same language. Adding a language: its
 * table, its tag in schema/api/locale.ts, its line here (docs/languages.md).
 */

export { LOCALES, type Locale }

export const tables: { readonly [L in Locale]: Strings } = { en, fr, de, es, ar }

/** Right-to-left languages: their HTML parts are laid out right to left. */
const RTL: ReadonlySet<Locale> = new Set<Locale>(['ar'])

export const direction = (locale: Locale): 'rtl' | 'ltr' => (RTL.has(locale) ? 'rtl' : 'ltr')

/**
 * The supported language a BCP 47 tag asks for: `fr-CA` is French, `ar-EG` Arabic; anything else (unknown, empty,
 * malformed) is English.
 */
export function toLocale(tag: string | null | undefined): Locale {
  if (!tag) return 'en'
  let language: string
  try {
    language = new Intl.Locale(tag.trim().replaceAll('_', '-')).language.toLowerCase()
  } catch {
    return 'en'
  }
  return (LOCALES as readonly string[]).includes(language) ? (language as Locale) : 'en'
}

const pluralRules = new Map<Locale, Intl.PluralRules>()
const numberFormats = new Map<Locale, Intl.NumberFormat>()

function cached<T>(map: Map<Locale, T>, locale: Locale, make: () => T): T {
  let value = map.get(locale)
  if (!value) map.set(locale, (value = make()))
  return value
}

/** A number as the language writes it. */
export const formatNumber = (locale: Locale, n: number): string =>
  cached(numberFormats, locale, () => new Intl.NumberFormat(locale)).format(n)

/** A date and time as the language writes it, in the reader's time zone, with the zone named. */
export function formatDateTime(locale: Locale, t: number, timeZone: string): string {
  // Fields, not dateStyle/timeStyle: those cannot be combined with naming the zone.
  const fields = { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' } as const
  return new Intl.DateTimeFormat(locale, { ...fields, timeZone }).format(t)
}

type Params = Record<string, string | number>

function template(locale: Locale, key: StringKey, params: { n?: number | undefined }): string {
  const entry: string | Plural = tables[locale][key]
  if (typeof entry === 'string') return entry
  const n = params.n ?? 0
  return entry[cached(pluralRules, locale, () => new Intl.PluralRules(locale)).select(n)] ?? entry.other
}

const value = (locale: Locale, v: string | number) => (typeof v === 'number' ? formatNumber(locale, v) : v)

/** One sentence as text; a plural entry is chosen by `params.n`. A placeholder without a parameter is left as it is. */
export function t(locale: Locale, key: StringKey, params: Params = {}): string {
  return template(locale, key, params).replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : value(locale, params[name]),
  )
}

/** The same sentence as HTML: its words escaped, each parameter escaped text or a fragment placed as it is. */
export function tHtml(locale: Locale, key: StringKey, params: Record<string, string | number | Html> = {}): Html {
  const n = typeof params.n === 'number' ? params.n : undefined
  const parts = template(locale, key, { n }).split(/\{(\w+)\}/)
  // Odd positions are placeholder names.
  const out = parts.map((part, i) => {
    if (i % 2 === 0) return part
    const p = params[part]
    return p === undefined ? `{${part}}` : typeof p === 'number' ? formatNumber(locale, p) : p
  })
  return html`${out}`
}
