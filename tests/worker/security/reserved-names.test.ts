import { describe, expect, it } from 'vitest'
import { comment, countAll, givenSite, postComment } from '../helpers'

const errorOf = async (res: Response) => (await res.json()) as { error: { code: string; issues?: { path: (string | number)[] }[] } }

// The default staff of orgConfig(): Amira Haddad, Ben Okafor, Chloé Martin. Each case has a site of its own, so the
// per-site rate limit never decides the answer.
describe('posting under a look-alike of a staff name', () => {
  it.each([
    ['Cyrillic', 'Аmіrа Наԁԁаԁ'],
    ['Greek', 'Βen Οκαfοr'],
    ['Armenian', 'Cհlօé Martiո'],
    ['Cherokee', 'ᎪᎷᎥᎡᎪ ᎻᎪᎠᎠᎪᎠ'],
    ['Cherokee small letters', 'ꭺmira Haddad'],
    ['Lisu', 'ꓐꓰꓠ ꓳꓗꓮꓝꓳꓣ'],
    ['Coptic', 'Ⲥhlⲟé ⲘartⲒn'],
    ['Canadian syllabics', 'ᗅᗰiᖇᗅ ᕼᗅᗞᗞᗅᗞ'],
    ['Latin small capitals', 'ʙᴇɴ ᴏᴋᴀꜰᴏʀ'],
    ['Latin extended and IPA', 'Amirɑ Hɑddɑd'],
    ['fullwidth forms', 'Ｂｅｎ Ｏｋａｆｏｒ'],
    ['mathematical alphanumerics', '𝙲𝚑𝚕𝚘𝚎 𝙼𝚊𝚛𝚝𝚒𝚗'],
    ['Tifinagh', 'Ben ⵔkafor'],
    ['several scripts, family name first and a zero-width space', 'ᕼαԁ\u200Bdɑd Ꭺmꓲrɑ'],
    ['rn for m', 'Arnira Haddad'],
  ])('is refused with reserved_name (%s: %s), writing nothing', async (_, name) => {
    const site = await givenSite()
    const before = await countAll()

    const res = await postComment(site, comment({ name }))

    expect(res.status).toBe(400)
    const body = await errorOf(res)
    expect(body.error.code).toBe('reserved_name')
    expect(body.error.issues![0]!.path).toEqual(['name'])
    expect(await countAll()).toEqual(before)
  })
})

describe('posting under a name of ones own', () => {
  it.each([
    'Amir Haddad',
    'Benjamin Okafor',
    'Chloe Marin',
    'أميرة حداد',
    'محمد علي',
    '王伟',
    '陈美琳',
    'Амира Хаддад',
    'Бен Окафор',
    'Наталья Иванова',
    'Νίκος Παππάς',
    'שירה כהן',
    'タナカ ノリコ',
    '김민준',
    'अमित शर्मा',
  ])('is accepted: %s', async (name) => {
    const site = await givenSite()
    expect((await postComment(site, comment({ name }))).status).toBe(201)
  })
})
