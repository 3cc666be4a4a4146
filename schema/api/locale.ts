import { z } from 'zod'

/*
 * The languages Byline speaks. Adding one: its string table (worker/src/i18n/<tag>.ts), its tag here, and its entry
 * in worker/src/i18n/index.ts (the type check asks for it). See docs/languages.md.
 */
export const LOCALES = ['en', 'fr', 'de', 'es', 'ar'] as const
export type Locale = (typeof LOCALES)[number]

export const Locale = z.enum(LOCALES)
