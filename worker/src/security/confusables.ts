import confusables from 'unhomoglyph/data.json'

/*
 * Whether a visitor's display name passes for a staff member's, so the comment form can refuse it and nobody can
 * pose as staff. Names are compared by skeleton: what is left once everything a reader would not notice is gone.
 */

// Unicode's confusables (UTS #39 confusables.txt, version 13.0), as the unhomoglyph package ships them: every code
// point that passes for another character, mapped to that character's prototype. Cyrillic а is a, Lisu ꓮ and
// Cherokee Ꭺ are A, 𝐀 and Ａ are A, 1 and I are l, m is rn. The data is imported rather than the package's function,
// which skips UTS #39's NFD and builds one regular expression out of all 6,311 entries each time the worker starts.
const PROTOTYPES: ReadonlyMap<string, string> = new Map(Object.entries(confusables))

// What the data lacks because it tells capitals from small letters and this comparison does not: a small capital
// is its letter drawn small (ʙᴇɴ is Ben). The data itself maps small letters of other scripts to small capitals
// (Cyrillic в to ʙ, т to ᴛ, Cherokee ꭺ to ᴀ), to ĸ for a small capital K (Greek κ, Cyrillic к) and to ʍ for a small
// capital M (Cyrillic м), so those are here too. The small capitals the data already maps (ᴄ ɪ ᴏ ꜱ ᴜ ᴠ ᴡ ʏ ᴢ) are not.
const SMALL_CAPITALS = new Map(
  'ᴀa ʙb ᴅd ᴇe ꜰf ɢg ʜh ᴊj ĸk ʟl ᴍm ʍm ɴn ᴘp ꞯq ʀr ᴛt'.split(' ').map((pair) => [pair.slice(0, -1), pair.slice(-1)] as const),
)

const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u // zero-width characters, bidi controls, soft hyphen, selectors
const MARK = /\p{M}/u
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u
const MODIFIER_LETTER = /\p{Lm}/u
const LATIN = /\p{sc=Latin}/u
const NOT_LATIN = /[^\p{sc=Latin}]+/gu
// On these scripts a combining mark is an accent or an optional vowel point. Elsewhere (Devanagari, Thai, kana…) it
// is part of the letter: राम and रमा, か and が are different names.
const ACCENTED_SCRIPT = /[\p{sc=Latin}\p{sc=Greek}\p{sc=Cyrillic}\p{sc=Armenian}\p{sc=Hebrew}\p{sc=Arabic}\p{sc=Common}]/u

/** A character folded where the data is case-sensitive and we are not: a small capital, a final sigma. */
function fold(ch: string): string {
  return SMALL_CAPITALS.get(ch) ?? (ch === 'ς' ? 'σ' : ch)
}

/**
 * Each code point of a text in NFD with what a reader takes it for: its prototype in the data, in NFD as UTS #39 has
 * it. A code point the data does not list is read in its compatibility form (NFKD: ﬀ is ff, ᴬ is A, ⑴ is (1)), each
 * of its parts on its own, so that what NFKC folded before the data was used is still folded.
 */
function* readings(text: string): Generator<[source: string, prototype: string]> {
  for (const ch of text) {
    const folded = fold(ch)
    const prototype = PROTOTYPES.get(folded)
    const compatible = folded.normalize('NFKD')
    if (prototype !== undefined) yield [ch, [...prototype.normalize('NFD')].map(fold).join('')]
    else if (compatible !== folded) yield* readings(compatible)
    else yield [ch, folded]
  }
}

/**
 * The letters of a name as a reader takes them, with accents, spacing, punctuation and invisible characters gone.
 * Case is kept, because whether rn looks like m depends on it.
 */
function lookalikeLetters(name: string): string {
  let letters = ''
  let accentedBase = true
  for (const [ch, prototype] of readings(name.normalize('NFD'))) {
    if (IGNORABLE.test(ch)) continue
    // A letter does not vanish when the data draws it like punctuation (Hebrew י is ', katakana ノ is /, く is ❬), or
    // ノリコ would pass for リコ. A modifier letter drawn like punctuation (ʼ ʻ ˈ) is read as that punctuation.
    const keepAll = LETTER_OR_DIGIT.test(ch) && !MODIFIER_LETTER.test(ch) && !LETTER_OR_DIGIT.test(prototype)
    for (const p of prototype) {
      if (MARK.test(p)) {
        if (!accentedBase) letters += p
        continue
      }
      // A look-alike of a Latin letter takes accents as a Latin letter does: Ꭺ́ is Á.
      accentedBase = ACCENTED_SCRIPT.test(ch) || LATIN.test(prototype)
      if (keepAll || LETTER_OR_DIGIT.test(p)) letters += p
    }
  }
  return letters
}

/**
 * A canonical form under which names a reader would take for the same name are equal: `Chloé Martin`,
 * `CHLOE MARTIN`, `Ｃｈｌｏｅ Martin`, `ꓚꓧꓡꓳꓰ ꓟꓮꓣꓔꓲꓠ` (Lisu) and `Chloe‍ Mаrtin` (with a zero-width joiner and a
 * Cyrillic а) all give `chloemartln`. A letter the data has no look-alike for is kept as it is: `陈美琳` gives `陈美琳`.
 */
export function nameSkeleton(name: string): string {
  return (
    lookalikeLetters(name)
      // The data spells m as rn. Joined back before case goes, or RN (which looks like nothing but RN) would be m.
      .replace(/rn/g, 'm')
      // Letter pairs the data lacks (it lists m as rn, but neither w as vv nor d as cl): vv for w, and cl for d,
      // though not Cl, which does not look like D.
      .replace(/vv/gi, 'w')
      .replace(/cl/g, 'd')
      .toLowerCase()
      .replaceAll('ß', 'ss')
      .replaceAll('i', 'l') // I is drawn like l, and I is i once case is gone
      .normalize('NFC')
  )
}

/**
 * The skeletons a name is compared by. The data maps a capital and its small letter apart when they look different
 * (Greek Ν is N, ν is v; Cyrillic Г is Γ, г is r), so one skeleton cannot catch both `ΝINA` posing as `Nina` and
 * `ΝΙΚΟΣ` posing as `Νίκος`; the second skeleton, of the name with everything but its Latin letters in small
 * letters, catches the latter. Latin keeps its case there too, or KARNRAN would pass for Kamran.
 */
function skeletons(name: string): [string, string] {
  return [nameSkeleton(name), nameSkeleton(name.replace(NOT_LATIN, (run) => run.toLowerCase()))]
}

/** The name in every order that puts a different word first: `Amira Haddad` and `Haddad Amira`. */
function wordOrders(name: string): string[] {
  const words = name.trim().split(/\s+/u)
  return words.map((_, first) => [...words.slice(first), ...words.slice(0, first)].join(' '))
}

function passesFor(visitor: [string, string], staffName: string): boolean {
  if (visitor[0] === '') return false
  return wordOrders(staffName).some((order) => {
    const staff = skeletons(order)
    return staff[0] === visitor[0] || staff[1] === visitor[1]
  })
}

/**
 * Whether a reader could take the visitor's name for the staff member's: the same skeleton, or the same skeleton as
 * the staff name with its given and family names the other way round. A name with no letters or digits passes for
 * nobody.
 */
export function isConfusableName(visitorName: string, staffName: string): boolean {
  return passesFor(skeletons(visitorName), staffName)
}

/** The first of the staff names the visitor's name passes for, if any. */
export function findImpersonated(visitorName: string, staffNames: string[]): string | undefined {
  const visitor = skeletons(visitorName)
  return staffNames.find((staffName) => passesFor(visitor, staffName))
}
