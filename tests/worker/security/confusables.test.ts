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
    ['Catalan l with a middle dot', 'Ŀlorenç Puig', 'Llorenç Puig'],
    ['Cyrillic capitals А and Н', 'Аmira Наddad', 'Amira Haddad'],
    ['Cyrillic small а and і', 'Аmіrа Наddаd', 'Amira Haddad'],
    ['Cyrillic г and Armenian ո together passing for rn, so for m', 'Kaгոran Iqbal', 'Kamran Iqbal'],
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
    ['a modifier letter apostrophe, read as an apostrophe', 'Ben Oʼkafor', 'Ben Okafor'],
    ['sharp s', 'Jonas Gross', 'Jonas Groß'],
    ['capital sharp s', 'JONAS GROẞ', 'Jonas Groß'],
    ['Greek beta, which Unicode takes for a sharp s', 'Jonas Groβ', 'Jonas Groß'],
    ['Turkish dotted and dotless i', 'İlker Yılmaz', 'Ilker Yilmaz'],
    ['Greek in capitals, final sigma', 'ΝΙΚΟΣ ΠΑΠΠΑΣ', 'Νίκος Παππάς'],
    ['Greek in small letters', 'νίκος παππάς', 'ΝΙΚΟΣ ΠΑΠΠΑΣ'],
    ['Cyrillic in capitals', 'НАТАЛЬЯ ИВАНОВА', 'Наталья Иванова'],
    ['Cyrillic with Latin look-alikes', 'Haтaлья Ивaнoвa', 'Наталья Иванова'],
    ['Chinese with a space', '陈 美琳', '陈美琳'],
    ['Korean with a space', '김 민지', '김민지'],
    ['Arabic with vowel points', 'سَارَة خَلِيل', 'سارة خليل'],
    // A real name that collides with another: the price of catching rn for m, which Unicode lists as confusable and
    // which reads the same in most sans-serif faces at comment size. The visitor is asked to sign differently.
    ['a different real name, one rn away', 'Arnie Lee', 'Amie Lee'],
  ])('%s: %s passes for %s', (_, visitor, staff) => {
    expect(isConfusableName(visitor, staff)).toBe(true)
  })

  it.each([
    ['one letter missing', 'Amira Hadad', 'Amira Haddad'],
    ['one letter changed', 'Amina Haddad', 'Amira Haddad'],
    ['given name shortened', 'Amir Haddad', 'Amira Haddad'],
    ['given name lengthened', 'Benjamin Okafor', 'Ben Okafor'],
    ['family name lengthened', 'Chloé Martins', 'Chloé Martin'],
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
    ['another Cyrillic spelling of a Latin name', 'Бен Окафор', 'Ben Okafor'],
    ['the Greek spelling of a Latin name', 'ΒΕΝ ΟΚΑΦΟΡ', 'Ben Okafor'],
    ['a Chinese name and its romanisation', '陈美琳', 'Chen Meilin'],
    ['Chinese names one character apart', '陈美琳', '陈美林'],
    ['Korean names one final consonant apart', '김민준', '김민주'],
    ['Cyrillic names one letter apart', 'Наталья Иванова', 'Наталья Иванов'],
    ['Devanagari names with the vowel sign moved', 'राम', 'रमा'],
    ['kana with and without the voicing mark', 'がく', 'かく'],
    // Unicode draws ノ like a slash and く like a bracket; they are still letters, not punctuation to drop.
    ['katakana names one letter apart, where the letter looks like a slash', 'タナカ リコ', 'タナカ ノリコ'],
    ['kana names one letter apart, where the letter looks like a bracket', 'きち', 'きくち'],
    ['Hebrew names one letter apart, where the letter looks like an apostrophe', 'שרה כהן', 'שירה כהן'],
    ['empty visitor name', '', 'Amira Haddad'],
    ['both names empty', '', ''],
    ['only punctuation and spaces', ' .-_ ,\'" ', 'Amira Haddad'],
    ['only invisible characters against an empty staff name', '\u200B\u202E\u00A0', ''],
  ])('%s: %s does not pass for %s', (_, visitor, staff) => {
    expect(isConfusableName(visitor, staff)).toBe(false)
  })
})

// Look-alikes of the staff's letters from Unicode's confusables, one script (or one Unicode block of Latin) at a time.
// Each row names the script its look-alikes come from, and the test checks the name really holds some.
describe('look-alikes from other scripts', () => {
  it.each([
    ['Cyrillic', /\p{sc=Cyrillic}/u, 'Аmіrа Наԁԁаԁ', 'Amira Haddad'],
    ['Cyrillic', /\p{sc=Cyrillic}/u, 'Веn Окаfоr', 'Ben Okafor'],
    ['Cyrillic', /\p{sc=Cyrillic}/u, 'Сhlое Мartin', 'Chloé Martin'],
    ['Greek', /\p{sc=Greek}/u, 'Αmιrα Ηαddαd', 'Amira Haddad'],
    ['Greek', /\p{sc=Greek}/u, 'Βen Οκαfοr', 'Ben Okafor'],
    ['Greek (a lunate sigma for C)', /\p{sc=Greek}/u, 'ϹhΙοé Μartin', 'Chloé Martin'],
    ['Armenian', /\p{sc=Armenian}/u, 'Beո Օkaքօr', 'Ben Okafor'],
    ['Armenian', /\p{sc=Armenian}/u, 'Cհlօé Martiո', 'Chloé Martin'],
    ['Cherokee', /\p{sc=Cherokee}/u, 'ᎪᎷᎥᎡᎪ ᎻᎪᎠᎠᎪᎠ', 'Amira Haddad'],
    ['Cherokee', /\p{sc=Cherokee}/u, 'ᏴᎬN OᏦᎪFOᎡ', 'Ben Okafor'],
    ['Cherokee', /\p{sc=Cherokee}/u, 'Ꮯhloé ᎷartᎥn', 'Chloé Martin'],
    ['Cherokee small letters', /\p{sc=Cherokee}/u, 'ꭺmira Haddad', 'Amira Haddad'],
    ['Lisu', /\p{sc=Lisu}/u, 'ꓮꓟꓲꓣꓮ ꓧꓮꓓꓓꓮꓓ', 'Amira Haddad'],
    ['Lisu', /\p{sc=Lisu}/u, 'ꓐꓰꓠ ꓳꓗꓮꓝꓳꓣ', 'Ben Okafor'],
    ['Lisu', /\p{sc=Lisu}/u, 'ꓚꓧꓡꓳꓰ ꓟꓮꓣꓔꓲꓠ', 'Chloé Martin'],
    ['Coptic', /\p{sc=Coptic}/u, 'Amira Ⲏaddad', 'Amira Haddad'],
    ['Coptic', /\p{sc=Coptic}/u, 'Ben ⲞⲔafⲟⲅ', 'Ben Okafor'],
    ['Coptic', /\p{sc=Coptic}/u, 'Ⲥhlⲟé ⲘartⲒn', 'Chloé Martin'],
    ['Canadian syllabics', /\p{sc=Canadian_Aboriginal}/u, 'ᗅᗰiᖇᗅ ᕼᗅᗞᗞᗅᗞ', 'Amira Haddad'],
    ['Canadian syllabics', /\p{sc=Canadian_Aboriginal}/u, 'ᗷen Okafor', 'Ben Okafor'],
    ['Canadian syllabics', /\p{sc=Canadian_Aboriginal}/u, 'Chloé ᗰartin', 'Chloé Martin'],
    ['Latin small capitals', /[ᴀ-ᴢʙɢʜɪʟɴʀʏꜰꜱ]/u, 'ᴀᴍɪʀᴀ ʜᴀᴅᴅᴀᴅ', 'Amira Haddad'],
    ['Latin small capitals', /[ᴀ-ᴢʙɢʜɪʟɴʀʏꜰꜱ]/u, 'ʙᴇɴ ᴏᴋᴀꜰᴏʀ', 'Ben Okafor'],
    ['Latin small capitals', /[ᴀ-ᴢʙɢʜɪʟɴʀʏꜰꜱ]/u, 'ᴄʜʟᴏᴇ ᴍᴀʀᴛɪɴ', 'Chloé Martin'],
    ['Latin extended and IPA', /[\u0100-\u02AF]/u, 'Amirɑ Hɑddɑd', 'Amira Haddad'],
    ['Latin extended and IPA', /[\u0100-\u02AF]/u, 'Ƅen Okafor', 'Ben Okafor'],
    ['Latin extended and IPA', /[\u0100-\u02AF]/u, 'Chloé Martın', 'Chloé Martin'],
    ['fullwidth', /[\uFF01-\uFF5E]/u, 'Ｂｅｎ Ｏｋａｆｏｒ', 'Ben Okafor'],
    ['mathematical Fraktur', /[\u{1D400}-\u{1D7FF}]/u, '𝔅𝔢𝔫 𝔒𝔨𝔞𝔣𝔬𝔯', 'Ben Okafor'],
    ['mathematical monospace', /[\u{1D400}-\u{1D7FF}]/u, '𝙲𝚑𝚕𝚘𝚎 𝙼𝚊𝚛𝚝𝚒𝚗', 'Chloé Martin'],
    ['mathematical double-struck', /[\u{1D400}-\u{1D7FF}]/u, '𝔸𝕞𝕚𝕣𝕒 ℍ𝕒𝕕𝕕𝕒𝕕', 'Amira Haddad'],
    ['Tifinagh', /\p{sc=Tifinagh}/u, 'Ben ⵔkafor', 'Ben Okafor'],
    ['NKo', /\p{sc=Nko}/u, 'Ben ߀kafor', 'Ben Okafor'],
    ['Deseret', /\p{sc=Deseret}/u, 'Ben 𐐄kafor', 'Ben Okafor'],
    ['Runic', /\p{sc=Runic}/u, 'Ben Oᛕafor', 'Ben Okafor'],
    ['Old Italic', /\p{sc=Old_Italic}/u, '𐌁en Okafor', 'Ben Okafor'],
    ['Hebrew', /\p{sc=Hebrew}/u, 'Ben Okafסr', 'Ben Okafor'],
    ['several scripts at once', /\p{sc=Lisu}/u, 'Ꭺmꓲrɑ ᕼαԁdɑd', 'Amira Haddad'],
    ['Lisu, family name first', /\p{sc=Lisu}/u, 'ꓧꓮꓓꓓꓮꓓ ꓮꓟꓲꓣꓮ', 'Amira Haddad'],
    ['Cherokee with a zero-width space', /\p{sc=Cherokee}/u, 'Ꭺmi\u200Bra Haddad', 'Amira Haddad'],
    ['Cherokee with an accent on it, which goes as a Latin letter\'s does', /\p{sc=Cherokee}/u, 'ChloᎬ\u0301 Martin', 'Chloé Martin'],
  ])('%s: %s passes for %s', (_, script, visitor, staff) => {
    expect(visitor).toMatch(script)
    expect(isConfusableName(visitor, staff)).toBe(true)
  })
})

describe('names of other people', () => {
  // Real names in many scripts, none a look-alike of another: none may pass for any other, nor for the staff.
  const people = [
    'Amira Haddad', 'Ben Okafor', 'Chloé Martin', 'Amir Haddad', 'Amina Haddad', 'Ben Okoro', 'Chloe Marin',
    'محمد علي', 'فاطمة الزهراء', 'أميرة حداد', 'سارة خليل', 'يوسف منصور',
    '王伟', '李娜', '张伟', '陈美琳', '陈美林', '刘洋',
    'Олег Петров', 'Наталья Иванова', 'Дмитрий Соколов', 'Амира Хаддад', 'Бен Окафор', 'Анна Смирнова',
    'Γιώργος Παπαδόπουλος', 'Ελένη Νικολάου', 'Νίκος Παππάς',
    'יעל כהן', 'דוד לוי', 'Արամ Պետրոսյան', 'Անի Հակոբյան', 'ნინო ბერიძე',
    'अमित शर्मा', 'प्रिया पटेल', 'สมชาย ใจดี', 'አበበ ቢቂላ', 'ᏍᏏᏉᏯ',
    '佐藤 花子', 'タナカ ノリコ', '김민준', '박서연', 'Nguyễn Thị Minh Khai', 'Ayşe Yılmaz', 'Łukasz Wójcik',
    'Þórunn Guðmundsdóttir',
  ]

  it('gives no two of them the same skeleton', () => {
    for (const visitor of people)
      for (const other of people)
        if (visitor !== other) expect(isConfusableName(visitor, other), `${visitor} for ${other}`).toBe(false)
  })

  it('finds none of them posing as the staff', () => {
    const staff = ['Amira Haddad', 'Ben Okafor', 'Chloé Martin']
    for (const visitor of people.filter((name) => !staff.includes(name)))
      expect(findImpersonated(visitor, staff), visitor).toBeUndefined()
  })
})

describe('nameSkeleton', () => {
  it.each([
    ['陈美琳', '陈美琳'],
    ['陈 美琳', '陈美琳'],
    ['राम', 'राम'],
    ['Chloé Martin', 'chloemartln'],
    ['ꓚꓧꓡꓳꓰ ꓟꓮꓣꓔꓲꓠ', 'chloemartln'],
    ['', ''],
    [' .-_\u200B\u00AD ', ''],
  ])('%s has the skeleton %s', (name, skeleton) => {
    expect(nameSkeleton(name)).toBe(skeleton)
  })

  it('gives every spelling a reader takes for one name the same skeleton', () => {
    const spellings = ['Chloé Martin', 'CHLOE MARTIN', 'Ｃｈｌｏｅ Martin', 'Chloe\u200D Mаrtin', 'chloe-martin', 'ᴄʜʟᴏᴇ ᴍᴀʀᴛɪɴ']
    expect(new Set(spellings.map(nameSkeleton)).size).toBe(1)
  })

  it('ignores spaces and vowel points in scripts the data maps letter by letter', () => {
    expect(nameSkeleton('김 민지')).toBe(nameSkeleton('김민지'))
    expect(nameSkeleton('سَارَة خَلِيل')).toBe(nameSkeleton('سارة خليل'))
  })
})

describe('findImpersonated', () => {
  const staff = ['Kamran Iqbal', 'Amira Haddad', 'Amira Haddad-Smith']

  it('answers the staff name the visitor name passes for', () => {
    expect(findImpersonated('Haddad Аmira', staff)).toBe('Amira Haddad')
    expect(findImpersonated('karnran iqbal', staff)).toBe('Kamran Iqbal')
    expect(findImpersonated('ꓮꓟꓲꓣꓮ ꓧꓮꓓꓓꓮꓓ', staff)).toBe('Amira Haddad')
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
