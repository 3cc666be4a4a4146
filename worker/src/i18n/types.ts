/*
 * The shape every string table has. A string may hold `{name}` placeholders; a plural is one string per
 * `Intl.PluralRules` category the language uses (`other` always), chosen by the `n` parameter.
 */

export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }

export type Entry = string | Plural

/** Another language's table: every key of the English one, each a string where English has a string, a plural where it has one. */
export type TableOf<T extends Record<string, Entry>> = { readonly [K in keyof T]: T[K] extends string ? string : Plural }
