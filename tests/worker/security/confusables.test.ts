import { describe, expect, it } from 'vitest'
import { findImpersonated, isConfusableName, nameSkeleton } from '../../../worker/src/security/confusables'

describe('isConfusableName', () => {
  it.each([
    ['exact', 'Amira Haddad', 'Amira Haddad'],
    ['capitals', 'AMIRA HADDAD', 'Amira Haddad'],
    ['small letters', 'amira haddad', 'Amira Haddad'],
    ['two spaces', 'Amira  Haddad', 'Amira Haddad'],
    ['spaces around', '  Amira Haddad ', 'Amira Haddad'],
    ['no space', 'AmiraHaddad', 'Amira Haddad'],
    ['no-break space', 'Amira\u00A0Haddad', 'Amira Haddad'],
    ['tab', 'Amira\tHaddad', 'Amira Haddad'],
    ['ideographic space', 'Amira\u3000Haddad', 'Amira Haddad'],
    ['zero-width space inside', 'Am\u200Bira Haddad', 'Amira Haddad'],
    ['zero-width joiner and non-joiner inside', 'Ami\u200Dra Had\u200Cdad', 'Amira Haddad'],
    ['word joiner and byte order mark', '\u2060Amira\uFEFF Haddad', 'Amira Haddad'],
    ['soft hyphen', 'Ami\u00ADra Haddad', 'Amira Haddad'],
    ['bidi embedding', '\u202AAmira Haddad\u202C', 'Amira Haddad'],
    ['bidi isolates', '\u2066Amira\u2069 \u2067Haddad\u2069', 'Amira Haddad'],
    ['accent added', 'Chloé Martin', 'Chloe Martin'],
    ['accent dropped', 'Chloe Martin', 'Chloé Martin'],
    ['accent as a combining mark', 'Chloe\u0301 Martin', 'Chloé Martin'],
    ['several accents', 'Zoë Brontë', 'Zoe Bronte'],
    ['letter with a stroke', 'Soren Kierkegaard', 'Søren Kierkegaard'],
    ['fullwidth', 'Ａｍｉｒａ Ｈａｄｄａｄ', 'Amira Haddad'],
    ['mathematical bold', '𝐀𝐦𝐢𝐫𝐚 𝐇𝐚𝐝𝐝𝐚𝐝', 'Amira Haddad'],
    ['mathematical bold script', '𝓐𝓶𝓲𝓻𝓪 𝓗𝓪𝓭𝓭𝓪𝓭', 'Amira Haddad'],
    ['ligature', 'ﬁona Li', 'Fiona Li'],
    ['script small l', 'Aℓice Moreau', 'Alice Moreau'],
    ['Cyrillic capitals А and Н', 'Аmira Наddad', 'Amira Haddad'],
    ['Cyrillic small а and і', 'Аmіrа Наddаd', 'Amira Haddad'],
    ['Cyrillic г and п together passing for rn, so for m', 'Kaгпran Iqbal', 'Kamran Iqbal'],
    ['Greek capitals Α and Η', 'Αmira Ηaddad', 'Amira Haddad'],
    ['all Greek capitals', 'ΝΙΝΑ', 'Nina'],
    ['Greek small ν for v', 'Daνid Kim', 'David Kim'],
    ['Greek omicron', 'Jοhn Smith', 'John Smith'],
    ['Armenian o', 'Jօhn Smith', 'John Smith'],
    ['Latin alpha', 'Amirɑ Haddad', 'Amira Haddad'],
    ['script g', 'ɡreta Lund', 'Greta Lund'],
    ['rn for m', 'Karnran Iqbal', 'Kamran Iqbal'],
    ['m for rn', 'Bemard Okafor', 'Bernard Okafor'],
    ['vv for w', 'VVendy Shavv', 'Wendy Shaw'],
    ['cl for d', 'Amira Haddacl', 'Amira Haddad'],
    ['small cl for d', 'clara martin', 'Dara Martin'],
    ['zero for o', 'J0hn Smith', 'John Smith'],
    ['one for i', 'Am1ra Haddad', 'Amira Haddad'],
    ['bar and capital I for l', '|iIa Chen', 'Lila Chen'],
    ['family name first', 'Haddad Amira', 'Amira Haddad'],
    ['family name first, with a comma', 'Haddad, Amira', 'Amira Haddad'],
    ['family name first, and in capitals', 'HADDAD AMIRA', 'Amira Haddad'],
    ['two family names first', 'García López María José', 'María José García López'],
    ['hyphen', 'Amira-Haddad', 'Amira Haddad'],
    ['dots between letters', 'A.m.i.r.a Haddad', 'Amira Haddad'],
    ['underscore', 'Amira_Haddad', 'Amira Haddad'],
    ['apostrophes', "'Amira' Haddad", 'Amira Haddad'],
    ['sharp s', 'Jonas Gross', 'Jonas Groß'],
    ['capital sharp s', 'JONAS GROẞ', 'Jonas Groß'],
    ['Turkish dotted and dotless i', 'İlker Yılmaz', 'Ilker Yilmaz'],
    ['Greek in capitals, final sigma', 'ΝΙΚΟΣ ΠΑΠΠΑΣ', 'Νίκος Παππάς'],
    ['Greek in small letters', 'νίκος παππάς', 'ΝΙΚΟΣ ΠΑΠΠΑΣ'],
    ['Chinese with a space', '陈 美琳', '陈美琳'],
    ['Arabic with vowel points', 'سَارَة خَلِيل', 'سارة خليل'],
  ])('%s: %s passes for %s', (_, visitor, staff) => {
    expect(isConfusableName(visitor, staff)).toBe(true)
  })

  it.each([
    ['one letter missing', 'Amira Hadad', 'Amira Haddad'],
    ['one letter changed', 'Amina Haddad', 'Amira Haddad'],
    ['given name shortened', 'Amir Haddad', 'Amira Haddad'],
    ['given name alone', 'Amira', 'Amira Haddad'],
    ['family name alone', 'Haddad', 'Amira Haddad'],
    ['a different person', 'Jo Visitor', 'Amira Haddad'],
    ['words swapped inside a word, not at the space', 'Addad Amirah', 'Amira Haddad'],
    // 4 for a and 3 for e are leetspeak: a reader sees a digit, not the letter.
    ['leetspeak digit', 'Amira Hadd4d', 'Amira Haddad'],
    ['capital C and l, which do not look like D', 'Clara Martin', 'Dara Martin'],
    ['capital RN, which does not look like M', 'KARNRAN IQBAL', 'Kamran Iqbal'],
    ['the Arabic spelling of a Latin name', 'أميرة حداد', 'Amira Haddad'],
    ['the Cyrillic spelling of a Latin name', 'Амира Хаддад', 'Amira Haddad'],
    ['a Chinese name and its romanisation', '陈美琳', 'Chen Meilin'],
    ['Chinese names one character apart', '陈美琳', '陈美林'],
    ['Devanagari names with the vowel sign moved', 'राम', 'रमा'],
    ['kana with and without the voicing mark', 'がく', 'かく'],
    ['empty visitor name', '', 'Amira Haddad'],
    ['both names empty', '', ''],
    ['only punctuation and spaces', ' .-_ ,\'" ', 'Amira Haddad'],
    ['only invisible characters against an empty staff name', '\u200B\u202E\u00A0', ''],
  ])('%s: %s does not pass for %s', (_, visitor, staff) => {
    expect(isConfusableName(visitor, staff)).toBe(false)
  })
})

describe('nameSkeleton', () => {
  it.each([
    ['陈美琳', '陈美琳'],
    ['陈 美琳', '陈美琳'],
    ['سارة خليل', 'سارةخليل'],
    ['김 민지', '김민지'],
    ['राम', 'राम'],
    ['', ''],
    [' .-_\u200B\u00AD ', ''],
  ])('%s has the skeleton %s', (name, skeleton) => {
    expect(nameSkeleton(name)).toBe(skeleton)
  })

  it('gives every spelling a reader takes for one name the same skeleton', () => {
    const spellings = ['Chloé Martin', 'CHLOE MARTIN', 'Ｃｈｌｏｅ Martin', 'Chloe\u200D Mаrtin', 'chloe-martin']
    expect(new Set(spellings.map(nameSkeleton)).size).toBe(1)
  })
})

describe('findImpersonated', () => {
  const staff = ['Kamran Iqbal', 'Amira Haddad', 'Amira Haddad-Smith']

  it('answers the staff name the visitor name passes for', () => {
    expect(findImpersonated('Haddad Аmira', staff)).toBe('Amira Haddad')
    expect(findImpersonated('karnran iqbal', staff)).toBe('Kamran Iqbal')
  })

  it('answers the first one when several match', () => {
    expect(findImpersonated('Amira Haddad', ['Amira Haddad', 'AMIRA HADDAD'])).toBe('Amira Haddad')
  })

  it('answers nothing for a name that passes for nobody', () => {
    expect(findImpersonated('Jo Visitor', staff)).toBeUndefined()
    expect(findImpersonated('', staff)).toBeUndefined()
    expect(findImpersonated('Amira Haddad', [])).toBeUndefined()
  })
})
