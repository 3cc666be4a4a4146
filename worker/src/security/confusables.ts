/*
 * Whether a visitor's display name passes for a staff member's, so the comment form can refuse it and nobody can
 * pose as staff. Names are compared by skeleton: what is left once everything a reader would not notice is gone.
 */

// Unicode TR39 confusables, the subset that passes for a Latin letter, written by hand: each entry is a lookalike
// followed by what it passes for. A capital is listed only where it passes for something other than its small form
// does (Greek Η is H but η is n); any other capital is looked up by its small form. NFKC already folds ℓ, ſ, ﬁ,
// fullwidth and mathematical letters, so they are not here.
const LOOKALIKES = new Map(
  [
    'аa вb гr еe кk мm нh оo пn рp сc тt уy хx һh іi јj ѕs үy ԁd ԛq ԝw ӏl ІI ӀI', // Cyrillic
    'αa βb εe ηn ιi κk νv οo ρp τt υu χx ΗH ΙI ΜM ΝN ΥY ΖZ', // Greek
    'հh ոn սu ցg զq օo', // Armenian
    'ɑa ɡg ıi ɩi ǀl øo đd ðd łl ħh', // Latin letters that NFD does not split into letter and accent
    // Digits drawn like letters. 4 for a or 3 for e is leetspeak, which no reader takes for the letter itself.
    '0o 1l ١l ۱l |l',
  ]
    .join(' ')
    .split(' ')
    .map((pair) => [pair.slice(0, -1), pair.slice(-1)] as const),
)

const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u // zero-width characters, bidi controls, soft hyphen, selectors
const MARK = /\p{M}/u
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u
// On these scripts a combining mark is an accent or an optional vowel point. Elsewhere (Devanagari, Thai, kana…) it
// is part of the letter: राम and रमा, か and が are different names.
const ACCENTED_SCRIPT = /[\p{sc=Latin}\p{sc=Greek}\p{sc=Cyrillic}\p{sc=Armenian}\p{sc=Hebrew}\p{sc=Arabic}\p{sc=Common}]/u

/**
 * The letters of a name with accents, spacing, punctuation and invisible characters gone and each lookalike replaced
 * by the Latin letter it passes for. Case is kept, because whether rn looks like m depends on it.
 */
function lookalikeLetters(name: string): string {
  let letters = ''
  let accentedBase = true
  // NFKD is NFKC's folding of compatibility forms followed by NFD's split of accented letters into letter and mark.
  for (const ch of name.normalize('NFKD')) {
    if (IGNORABLE.test(ch)) continue
    if (MARK.test(ch)) {
      if (!accentedBase) letters += ch
      continue
    }
    accentedBase = ACCENTED_SCRIPT.test(ch)
    const latin = LOOKALIKES.get(ch) ?? LOOKALIKES.get(ch.toLowerCase())
    if (latin) letters += latin
    else if (LETTER_OR_DIGIT.test(ch)) letters += ch
  }
  return letters
}

/**
 * A canonical form under which names a reader would take for the same name are equal: `Chloé Martin`,
 * `CHLOE MARTIN`, `Ｃｈｌｏｅ Martin` and `Chloe‍ Mаrtin` (with a zero-width joiner and a Cyrillic а) all give
 * `chloemartln`. Scripts with no Latin lookalike are kept as they are: `陈美琳` gives `陈美琳`.
 */
export function nameSkeleton(name: string): string {
  return lookalikeLetters(name)
    .replace(/rn/g, 'm')
    .replace(/vv/gi, 'w')
    .replace(/c[lI]/g, 'd')
    .toLowerCase()
    .replace(/[ßς]/g, (ch) => (ch === 'ß' ? 'ss' : 'σ'))
    .replaceAll('i', 'l') // I is drawn like l, and I is i once case is gone
    .normalize('NFC')
}

/**
 * The skeletons a name is compared by. Because a Greek capital can pass for another Latin letter than its small
 * form (Ν is N, ν is v), one skeleton cannot catch both `ΝINA` posing as `Nina` and `ΝΙΚΟΣ` posing as `Νίκος`; the
 * second skeleton, of the name with its Greek in small letters, catches the latter.
 */
function skeletons(name: string): [string, string] {
  const greekInSmall = name.replace(/\p{sc=Greek}+/gu, (greek) => greek.toLowerCase())
  return [nameSkeleton(name), nameSkeleton(greekInSmall)]
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
