import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { OrgConfig } from '../../schema'
import { runCron } from '../../worker/src/cron'
import { exportConfig, previewConfig } from '../../worker/src/domain/config'
import { formatDateTime, LOCALES, t, tables, toLocale } from '../../worker/src/i18n'
import type { Strings } from '../../worker/src/i18n/en'
import { devMail, givenSite, mailFor, orgConfig, pageUrl, posted, putConfig, staffReply } from './helpers'

/*
 * Emails in the recipient's language: a visitor's in the one they posted in, a member of staff's in their profile's,
 * English when Byline does not speak it. Read from the development outbox, as a person would get them.
 */

/** The <html> element that opens a message's HTML part. */
const htmlRoot = (html: string) => /<html[^>]*>/.exec(html)?.[0] ?? ''

/** A visitor posts on a fresh site in `locale`, and amira answers; the reply notice they get. */
async function replyNoticeIn(locale: string | undefined, name: string) {
  const site = await givenSite()
  const c = await posted(site, { name, email: `${crypto.randomUUID()}@visitor.test`, ...(locale === undefined ? {} : { locale }) })
  const marker = crypto.randomUUID()
  expect((await staffReply(c.conversationId, { staff: 'amira', body: `The consultation closes on 30 April. ${marker}` })).status).toBe(201)
  return mailFor(name, marker)
}

describe('visitor emails in the language they posted in', () => {
  it('writes the reply notice in French to a visitor who posted in fr-CA: subject, text and HTML', async () => {
    const mail = await replyNoticeIn('fr-CA', 'Élodie Visiteuse')
    expect(mail.subject).toBe('Amira Haddad (Press officer) vous a répondu')
    expect(mail.text).toContain('Bonjour Élodie Visiteuse,')
    expect(mail.text).toContain('Amira Haddad, Press officer chez Example Agency website, a répondu à votre commentaire sur « ')
    expect(mail.text).toContain('Ne plus recevoir d’e-mails sur cette conversation : https://byline.test/unsubscribe/')
    expect(mail.html).toContain('Voir sur la page')
    expect(htmlRoot(mail.html)).toBe('<html lang="fr" dir="ltr">')
    expect(mail.headers['Content-Language']).toBe('fr')
    expect(mail.raw).toMatch(/^Content-Language: fr\r$/m)
  })

  it('writes it in Arabic to a visitor who posted in ar, laid out right to left, names isolated', async () => {
    const mail = await replyNoticeIn('ar', 'Layla')
    expect(mail.subject).toBe('ردّ عليك Amira Haddad (Press officer)')
    expect(mail.text).toContain('مرحبًا Layla،')
    expect(htmlRoot(mail.html)).toBe('<html lang="ar" dir="rtl">')
    expect(mail.html).toContain('ردّ <strong><bdi>Amira Haddad</bdi></strong>، <bdi>Press officer</bdi> في <bdi>Example Agency website</bdi>')
    // The reply itself keeps its own direction, and the quote's rule is on the side a line starts on.
    expect(mail.html).toMatch(/<div dir="auto" style="border-right:3px solid/)
    // The text part is the text alone: no markup, no direction marks around Latin names.
    expect(mail.text).not.toContain('dir=')
    expect(mail.text).not.toMatch(/[\u2066-\u2069]Amira/)
    expect(mail.headers['Content-Language']).toBe('ar')
  })

  it('writes it in English to a visitor whose language Byline does not speak, or who did not say', async () => {
    for (const [locale, name] of [['xx', 'Xavier Unknown'], [undefined, 'Noel Nolang']] as const) {
      const mail = await replyNoticeIn(locale, name)
      expect(mail.subject).toBe('Amira Haddad (Press officer) replied to you')
      expect(mail.text).toContain(`Hello ${name},`)
      expect(htmlRoot(mail.html)).toBe('<html lang="en" dir="ltr">')
      expect(mail.headers['Content-Language']).toBe('en')
    }
  })

  it('keeps the last language a visitor posted in when a later post does not say', async () => {
    const site = await givenSite()
    const email = `${crypto.randomUUID()}@visitor.test`
    await posted(site, { name: 'Dolores', email, locale: 'es-MX', url: pageUrl('/first') })
    const c = await posted(site, { name: 'Dolores', email, url: pageUrl('/second') })
    const marker = crypto.randomUUID()
    await staffReply(c.conversationId, { staff: 'amira', body: marker })
    const mail = await mailFor('Dolores', marker)
    expect(mail.subject).toBe('Amira Haddad (Press officer) le ha respondido')
    expect(mail.text).toContain('Hola, Dolores:')
  })

  it('sends the confirmation link in the language of the post it holds', async () => {
    const doc = orgConfig()
    doc.sites[0]!.settings.requireVerifiedEmail = true
    const site = await givenSite(doc)
    await posted(site, { name: 'Dieter Wartend', email: `${crypto.randomUUID()}@visitor.test`, locale: 'de-AT' })
    const mail = await mailFor('Dieter Wartend', 'Hallo Dieter Wartend,')
    expect(mail.subject).toBe('Bestätigen Sie Ihre E-Mail-Adresse, um Ihren Kommentar auf Example Agency website zu veröffentlichen')
    expect(mail.html).toContain('E-Mail-Adresse bestätigen')
  })
})

/** The tick after tomorrow's `hourUtc`: ahead of every digest slot other tests' ticks may have used. */
const nextLocal = (hourUtc: number) => {
  const d = new Date()
  d.setUTCDate(d.getUTCDate() + 1)
  d.setUTCHours(hourUtc, 5, 0, 0)
  return d.getTime()
}

describe('staff emails in the language of their profile', () => {
  it('sends an immediate notice in German to a member of staff whose profile says de', async () => {
    const doc = orgConfig()
    doc.staff[0]!.locale = 'de'
    doc.staff[0]!.name = 'Amira Deutsch'
    const site = await givenSite(doc)
    const marker = crypto.randomUUID()
    await posted(site, { name: 'Jo Visitor', body: `Wann endet die Anhörung? ${marker}`, title: 'Haushalt 2026' })
    const mail = await mailFor('Amira Deutsch', marker)
    expect(mail.subject).toBe('Jo Visitor wartet auf Ihre Antwort zu „Haushalt 2026“')
    expect(mail.text).toMatch(/^Jo Visitor zu „Haushalt 2026“ \(Example Agency website\), wartet seit (einer Minute|\d+ Minuten):$/m)
    expect(mail.text).toMatch(/^ {2}Antworten: {2,}https:\/\/byline\.test\/answer\//m)
    expect(mail.text).toContain('Ihre Antwort erscheint unter Ihrem Namen (Amira Deutsch)')
    expect(htmlRoot(mail.html)).toBe('<html lang="de" dir="ltr">')
    expect(mail.headers['Content-Language']).toBe('de')
  })

  it('sends the digest in German, with the German plural for how many wait and how long', async () => {
    const doc = orgConfig()
    doc.staff[1]!.digest = { frequency: 'daily', hour: 9 }
    doc.staff[1]!.timeZone = 'Europe/London'
    doc.staff[1]!.locale = 'de'
    doc.staff[1]!.name = 'Ben Zusammenfassung'
    doc.sites[0]!.settings.defaultResponder = 'ben'
    const site = await givenSite(doc)
    const marker = crypto.randomUUID()
    await posted(site, { name: 'Grete', body: `Erste Frage ${marker}`, url: pageUrl('/a') })
    await posted(site, { name: 'Marek', body: `Zweite Frage ${marker}`, url: pageUrl('/b') })

    await runCron(env, nextLocal(9))
    const digest = (await devMail()).find((m) => m.to.startsWith('Ben Zusammenfassung') && m.text.includes(marker))
    expect(digest?.subject).toBe('2 Personen warten auf Ihre Antwort')
    expect(digest!.text).toMatch(/^2 Personen warten auf Ihre Antwort, Ben Zusammenfassung\.$/m)
    expect(digest!.text).toMatch(/^Grete zu „.+“ \(Example Agency website\), wartet seit \d+ Stunden:$/m)
    expect(digest!.text).toContain('Eine Antwort auf diese E-Mail geht an ')
    expect(digest!.html).toMatch(/display:none[^>]*>Grete zu „[^<]+“ und 1 weitere Person</)
  })

  it('sends the notice and the fresh link to their own page in Spanish to a member of staff whose profile says es', async () => {
    const doc = orgConfig()
    doc.staff[0]!.locale = 'es'
    doc.staff[0]!.name = 'Amira Española'
    const site = await givenSite(doc)
    const marker = crypto.randomUUID()
    await posted(site, { name: 'Jo', body: `Pregunta ${marker}` })
    const notice = await mailFor('Amira Española', marker)
    expect(notice.subject).toMatch(/^Jo espera su respuesta en «.+»$/)
    const link = notice.links.find((l) => /\/me\/[a-z2-7]{26}$/.test(l))!
    const staff = await env.DB.prepare(`SELECT id FROM staff WHERE handle = 'amira' AND org_id = ?1`).bind(doc.org.id).first<{ id: string }>()
    await env.DB.prepare(`UPDATE tokens SET expires_at = 1 WHERE purpose = 'self_service' AND staff_id = ?1`).bind(staff!.id).run()

    const renew = await SELF.fetch(`${link}/renew`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: '',
    })
    expect(renew.status).toBe(200)
    const fresh = await mailFor('Amira Española', 'Aquí tiene un enlace nuevo a su página')
    expect(fresh.subject).toBe('Su página de Byline en Example Agency: perfil, resumen y ausencias')
    expect(fresh.html).toContain('Abrir mi página')
    expect(fresh.headers['Content-Language']).toBe('es')
  })

  it('carries each member of staff’s language in the config export, which applied again changes nothing', async () => {
    const doc = orgConfig()
    doc.staff[0]!.locale = 'ar'
    doc.staff[1]!.locale = 'fr'
    const site = await givenSite(doc)
    const exported = await exportConfig(env.DB, doc.org.id)
    expect(OrgConfig.safeParse(exported).success).toBe(true)
    expect(exported.staff.map((s) => [s.handle, s.locale])).toEqual([['amira', 'ar'], ['ben', 'fr'], ['chloe', 'en']])

    const preview = await previewConfig(env.DB, { kind: 'deployment' }, OrgConfig.parse(exported))
    expect(preview.changes).toBe(false)
    expect((await putConfig(exported)).status).toBe(200)
    expect(await exportConfig(env.DB, doc.org.id)).toEqual(exported)

    // A language left out is English: chloe's unchanged, amira's back to English.
    const without = OrgConfig.parse({ ...exported, staff: exported.staff.map(({ locale: _, ...s }) => s) })
    const changed = await previewConfig(env.DB, { kind: 'deployment' }, without)
    expect(changed.staff.changed).toEqual([
      { handle: 'amira', fields: [{ field: 'locale', from: 'ar', to: 'en' }] },
      { handle: 'ben', fields: [{ field: 'locale', from: 'fr', to: 'en' }] },
    ])
    expect(site).toBe(doc.sites[0]!.id)
  })

  it('refuses a language Byline does not speak in a staff profile', async () => {
    const doc = orgConfig() as unknown as { staff: Record<string, unknown>[] }
    doc.staff[0]!.locale = 'fr-CA'
    const res = await putConfig(doc)
    expect(res.status).toBe(400)
  })
})

describe('the string tables', () => {
  it('has every key in every language, none empty, a plural with every form the language uses', () => {
    const keys = Object.keys(tables.en).sort()
    for (const locale of LOCALES) {
      const table: Record<string, unknown> = tables[locale]
      expect(Object.keys(table).sort(), locale).toEqual(keys)
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories
      for (const key of keys) {
        const entry = table[key]
        const english = tables.en[key as keyof Strings]
        if (typeof english === 'string') {
          expect(typeof entry, `${locale}.${key}`).toBe('string')
          expect((entry as string).trim(), `${locale}.${key}`).not.toBe('')
          continue
        }
        const forms = entry as Record<string, string>
        // `many` is only for numbers a message never counts in French and Spanish (a million); `other` stands in.
        for (const category of categories.filter((c) => c !== 'many' || locale === 'ar'))
          expect(forms[category]?.trim() ?? '', `${locale}.${key}.${category}`).not.toBe('')
      }
    }
  })

  it('takes each of the six Arabic plural forms', () => {
    const forms = [0, 1, 2, 3, 11, 100].map((n) => t('ar', 'digestSubject', { n }))
    expect(new Set(forms).size).toBe(6)
    // The number as the language writes it (Intl's Arabic digits are the ones CLDR gives `ar`).
    expect(forms[3]).toBe(`${new Intl.NumberFormat('ar').format(3)} أشخاص ينتظرون ردك`)
    expect(t('de', 'digestSubject', { n: 1 })).toBe('1 Person wartet auf Ihre Antwort')
    expect(t('fr', 'minutes', { n: 1 })).toBe('une minute')
    expect(t('es', 'hours', { n: 5 })).toBe('5 horas')
  })

  it('writes a date and time the language’s way, in the reader’s time zone', () => {
    const at = Date.UTC(2026, 11, 2, 14, 5)
    // Whitespace as ICU writes it (a narrow no-break space before AM in some versions).
    const as = (s: string) => s.replace(/\s/g, ' ')
    expect(as(formatDateTime('de', at, 'Europe/Berlin'))).toBe('2. Dez. 2026, 15:05 MEZ')
    expect(as(formatDateTime('en', at, 'America/New_York'))).toBe('Dec 2, 2026, 9:05 AM EST')
    expect(as(formatDateTime('fr', at, 'Europe/Paris'))).toBe('2 déc. 2026, 15:05 UTC+1')
    expect(formatDateTime('ar', at, 'Africa/Cairo')).toContain('ديسمبر')
  })

  it('reduces a BCP 47 tag to a language it speaks, else English', () => {
    expect(['fr-CA', 'FR', 'de_AT', 'es-419', 'ar-EG', 'en-GB', 'xx', '', 'not a tag', 'pt-BR'].map(toLocale)).toEqual([
      'fr', 'fr', 'de', 'es', 'ar', 'en', 'en', 'en', 'en', 'en',
    ])
  })

  it('is a type error to leave a key out of a table', () => {
    // @ts-expect-error every table has every key of the English one
    const incomplete: Strings = { quoted: '“{text}”' }
    expect(Object.keys(incomplete)).toHaveLength(1)
  })
})
