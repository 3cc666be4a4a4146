import { describe, expect, it } from 'vitest'
import { extractReply } from '../../../worker/src/inbound/reply-text'
import { itExtractsEachReply } from './fixture-cases'
import appleMail from './fixtures/apple-mail.eml?raw'
import gmail from './fixtures/gmail.eml?raw'
import iphone from './fixtures/iphone.eml?raw'
import muttInterleaved from './fixtures/mutt-interleaved.eml?raw'
import nonAscii from './fixtures/non-ascii.eml?raw'
import outlookAndroid from './fixtures/outlook-android.eml?raw'
import outlookDesktop from './fixtures/outlook-desktop.eml?raw'
import outlookWeb from './fixtures/outlook-web.eml?raw'
import thunderbird from './fixtures/thunderbird.eml?raw'

// More clients, in 24 languages, in reply-text-clients.test.ts.
describe('extractReply on real-world replies', () => {
  itExtractsEachReply([
    {
      name: 'Gmail, attribution wrapped over two lines',
      raw: gmail,
      reply:
        "Hi Jo,\n\nYes, we're open on Sundays from 10:00 to 16:00. There is a small car park\nbehind the building, with the entrance on Mill Lane.\n\nBest,\nAmira",
      fromHtml:
        "Hi Jo,\n\nYes, we're open on Sundays from 10:00 to 16:00. There is a small car park behind the building, with the entrance on Mill Lane.\n\nBest,\nAmira",
    },
    {
      name: 'Outlook desktop, From/Sent/To/Subject block',
      raw: outlookDesktop,
      reply:
        'Hello Jo,\n\nThanks for flagging this. The opening hours on the page were out of date; I have asked the web team to correct them today. From Sunday we open at 10:00.\n\nKind regards,\nAmira Haddad\nReader Services | Example Gazette',
      fromHtml:
        'Hello Jo,\n\nThanks for flagging this. The opening hours on the page were out of date; I have asked the web team to correct them today. From Sunday we open at 10:00.\n\nKind regards,\nAmira Haddad\nReader Services | Example Gazette',
    },
    {
      name: 'Outlook on the web, underscores then From:, appendonsend',
      raw: outlookWeb,
      reply:
        "Hi Jo,\n\nWe don't publish the editor's direct line, but the newsroom answers on 020 7946 0000 between 9:00 and 18:00, Sundays included.\n\nAmira",
      fromHtml:
        "Hi Jo,\n\nWe don't publish the editor's direct line, but the newsroom answers on 020 7946 0000 between 9:00 and 18:00, Sundays included.\n\nAmira",
    },
    {
      name: 'Outlook for Android, HTML only, "Get Outlook for Android"',
      raw: outlookAndroid,
      reply: "Jo, I've passed this to the events team & they'll confirm the Sunday hours by Friday.",
      fromHtml: "Jo, I've passed this to the events team & they'll confirm the Sunday hours by Friday.",
    },
    {
      name: 'Apple Mail, quoted attribution, blockquote type=cite',
      raw: appleMail,
      reply: 'Hi Jo, the Mill Lane entrance has step-free access and two blue-badge bays right next to the door.\n\nAmira',
      fromHtml: 'Hi Jo, the Mill Lane entrance has step-free access and two blue-badge bays right next to the door.\n\nAmira',
    },
    {
      name: 'Thunderbird, bottom-posted, format=flowed, "-- " signature',
      raw: thunderbird,
      reply: 'Yes: Sundays 10:00–16:00. Parking is in the Mill Lane car park, free for the first two hours.',
      fromHtml: null,
    },
    {
      name: 'iPhone, "Sent from my iPhone" above the quote',
      raw: iphone,
      reply: 'Thanks Jo, I’ll check with the car park team and come back to you this afternoon.',
      fromHtml: null,
    },
    {
      name: 'mutt, answers interleaved between quotes, "--" signature',
      raw: muttInterleaved,
      reply:
        "Yes, from 10:00 to 16:00, except on bank holidays.\n\nOnly on the street, I'm afraid. The nearest car park is on Mill Lane,\nabout five minutes' walk away.",
      fromHtml: null,
    },
    {
      name: 'French Gmail, quoted-printable text and base64 HTML, accents and emoji',
      raw: nonAscii,
      reply:
        'Bonjour Jo,\n\nOui, nous sommes ouverts le dimanche de 10 h à 16 h. Le café, lui, reste fermé\njusqu’à Noël — désolée ! 🎄\n\nBien à vous,\nAmira',
      fromHtml:
        'Bonjour Jo,\n\nOui, nous sommes ouverts le dimanche de 10 h à 16 h. Le café, lui, reste fermé jusqu’à Noël — désolée ! 🎄\n\nBien à vous,\nAmira',
    },
  ])
})

/** A reply as its text part alone. */
const fromText = (text: string) => extractReply({ text })

const QUOTE = '> Jo Bloggs on “Opening hours”, waiting 2 hours:\n>\n>     Are you open on Sunday?\n'

describe('quote headers', () => {
  it.each<[string, string]>([
    ['Gmail', 'On Tue, 24 Nov 2026 at 10:03, Byline <comments@example.org> wrote:'],
    ['Gmail (US)', 'On Tue, Nov 24, 2026 at 10:03 AM Byline <comments@example.org> wrote:'],
    ['Apple Mail', 'On 24 Nov 2026, at 10:03, Byline <comments@example.org> wrote:'],
    ['Thunderbird', 'On 24/11/2026 10:03, Byline wrote:'],
    ['wrapped over two lines', 'On Tue, 24 Nov 2026 at 10:03, Example Gazette comments <comments@example.org>\nwrote:'],
    ['wrapped inside the address', 'On Tue, 24 Nov 2026 at 10:03, Example Gazette comments <\ncomments@example.org> wrote:'],
    ['wrapped over three lines', 'On Tue, 24 Nov 2026 at 10:03,\nExample Gazette comments\n<comments@example.org> wrote:'],
    ['French', 'Le mar. 24 nov. 2026 à 10:03, Byline <comments@example.org> a écrit :'],
    ['French, no-break space before the colon', 'Le mar. 24 nov. 2026 à 10:03, Byline <comments@example.org> a écrit\u00a0:'],
    ['German', 'Am Di., 24. Nov. 2026 um 10:03 Uhr schrieb Byline <comments@example.org>:'],
    ['Spanish', 'El mar, 24 nov 2026 a las 10:03, Byline (<comments@example.org>) escribió:'],
    ['Dutch', 'Op di 24 nov. 2026 om 10:03 schreef Byline <comments@example.org>:'],
    ['Italian', 'Il giorno mar 24 nov 2026 alle ore 10:03 Byline <comments@example.org> ha scritto:'],
    ['Outlook', '-----Original Message-----'],
    ['Android', '-------- Original message --------'],
    ['German Outlook', '-----Ursprüngliche Nachricht-----'],
    ['Gmail forward', '---------- Forwarded message ---------'],
    ['Apple forward', 'Begin forwarded message:'],
    ['Outlook on the web', '________________________________\nFrom: Byline <comments@example.org>\nSent: Tuesday, November 24, 2026 10:03\nTo: Amira Haddad'],
    ['Outlook desktop', 'From: Byline <comments@example.org>\nSent: Tuesday, November 24, 2026 10:03 AM\nTo: Amira Haddad <amira@example.org>\nSubject: Jo is waiting'],
    ['Outlook desktop, German', 'Von: Byline <comments@example.org>\nGesendet: Dienstag, 24. November 2026 10:03\nAn: Amira Haddad\nBetreff: Jo wartet'],
    ['Outlook for Mac', 'From: Byline <comments@example.org>\nDate: Tuesday, 24 November 2026 at 10:03\nTo: Amira Haddad\nSubject: Jo is waiting'],
  ])('%s: cut from the header on', (_, header) => {
    const history = `${header}\n\nJo Bloggs on “Opening hours”, waiting 2 hours:\n\n    Are you open on Sunday?\n`
    expect(fromText(`We are, from 10:00.\n\n${history}`)).toBe('We are, from 10:00.')
  })

  it('keeps a line of underscores that no From: follows', () => {
    expect(fromText('Opening hours\n____________________\nSunday 10:00 to 16:00')).toBe(
      'Opening hours\n____________________\nSunday 10:00 to 16:00',
    )
  })

  it('keeps a From: line without the Sent and Subject lines of a header block', () => {
    expect(fromText('From: Monday we open at 9:00.\nTo: be confirmed for bank holidays.')).toBe(
      'From: Monday we open at 9:00.\nTo: be confirmed for bank holidays.',
    )
  })

  it('keeps "wrote:" in the middle of a sentence', () => {
    const text = 'Jo wrote: "are you open?" and yes, we are.\nAs the editor wrote: on 24 Nov we open at 10:00.'
    expect(fromText(text)).toBe(text)
  })

  it('keeps a line that starts with "On" and ends with "wrote:" but has no date', () => {
    const text = 'On reflection, here is what the editor wrote:\n\nWe open at 10:00 on Sundays.'
    expect(fromText(text)).toBe(text)
  })

  it('keeps a German sentence with "schrieb" but no date', () => {
    const text = 'Am Ende schrieb sie mir:\nWir öffnen um 10 Uhr.'
    expect(fromText(text)).toBe(text)
  })

  // Decision: an "On … wrote:" header with nothing above it is a bottom-posted (or interleaved) reply, whose
  // history is `>`-quoted: the header goes, the quote goes, and what follows is the answer.
  it('treats a reply that starts with an attribution as bottom-posted and keeps the text after the quote', () => {
    const text = `On Tue, 24 Nov 2026 at 10:03, Byline <comments@example.org> wrote:\n${QUOTE}\nWe are, from 10:00.\n`
    expect(fromText(text)).toBe('We are, from 10:00.')
  })

  // Decision: the same header with text above it is top-posting: everything from the header on is cut,
  // including anything after the quote (a disclaimer a mail server appended, say). The price is that
  // interleaved answers below an attribution that has a greeting above it are lost.
  it('cuts at an attribution that has text above it, even if text follows the quote', () => {
    const text = `Hi Jo,\n\nOn Tue, 24 Nov 2026 at 10:03, Byline <comments@example.org> wrote:\n${QUOTE}\nThis email is confidential.`
    expect(fromText(text)).toBe('Hi Jo,')
  })

  // Decision: history after an Outlook-style separator is not `>`-quoted, so there is no telling where it
  // ends: a message that starts with one has no answer, and the caller rejects the empty result.
  it('returns nothing when the message starts with an Outlook separator', () => {
    expect(fromText('-----Original Message-----\nFrom: Byline\n\nJo Bloggs on “Opening hours”')).toBe('')
  })

  it('returns nothing when there is only quoted history', () => {
    expect(fromText(`On Tue, 24 Nov 2026 at 10:03, Byline <comments@example.org> wrote:\n${QUOTE}`)).toBe('')
  })
})

describe('quote headers in other languages and clients', () => {
  // Each above `>`-quoted history, as every client's text part has it.
  it.each<[string, string]>([
    ['Apple Mail, German', 'Am 24.11.2026 um 10:03 schrieb Byline <comments@example.org>:'],
    ['Thunderbird, Spanish', 'El 24/11/26 a las 10:03, Byline escribió:'],
    ['Thunderbird, Portuguese', 'Em 24/11/2026 10:03, Byline escreveu:'],
    ['Thunderbird, Swedish', 'Den 2026-11-24 kl. 10:03, skrev Byline:'],
    ['Thunderbird, Danish', 'Den 24.11.2026 kl. 10.03 skrev Byline:'],
    ['Apple Mail, Polish', 'Wiadomość napisana przez Byline <comments@example.org> w dniu 24.11.2026, o godz. 10:03:'],
    ['Onet, Polish', 'W dniu 24 listopada 2026 10:03 użytkownik Byline <comments@example.org> napisał:'],
    ['WP, Polish', 'Dnia 24 listopada 2026 10:03 Byline <comments@example.org> napisał(a):'],
    ['Apple Mail, Czech', 'Dne 24. 11. 2026 v 10:03, Byline <comments@example.org> napsal(a):'],
    ['Apple Mail, Ukrainian', '24 лист. 2026 р. о 10:03 Byline <comments@example.org> написав(ла):'],
    ['Apple Mail, Turkish', '24 Kas 2026 tarihinde 10:03 saatinde Byline <comments@example.org> şunları yazdı:'],
    ['Thunderbird, Arabic', 'في 24/11/2026 10:03، كتب Byline:'],
    ['Apple Mail, Arabic, Arabic-Indic digits', 'في ٢٤‏/١١‏/٢٠٢٦، الساعة ١٠:٠٣ ص، كتب ‏Byline <comments@example.org>‏:'],
    ['Apple Mail, Hebrew', 'ב-24 בנוב׳ 2026, בשעה 10:03, \u200fByline <comments@example.org> כתב/ה:'],
    ['Apple Mail, Korean', '2026. 11. 24. 오전 10:03, Byline <comments@example.org> 작성:'],
    ['Apple Mail, Greek', 'Στις 24 Νοε 2026, 10:03, ο χρήστης Byline <comments@example.org> έγραψε:'],
    ['Thunderbird, Hungarian', '2026. 11. 24. 10:03 keltezéssel, Byline írta:'],
    ['Apple Mail, Romanian', 'Pe 24 nov. 2026, la 10:03, Byline <comments@example.org> a scris:'],
    ['Apple Mail, Finnish', '24.11.2026 kello 10.03 Byline <comments@example.org> kirjoitti:'],
    ['Outlook for iOS', 'On Tue, Nov 24, 2026 at 10:03 AM, Byline <comments@example.org> wrote:'],
    ['Yahoo, Spanish', 'El martes, 24 de noviembre de 2026, 10:03:12 CET, Byline <comments@example.org> escribió:'],
    ['Yahoo, Italian', 'Il martedì 24 novembre 2026, 10:03:12 CET, Byline <comments@example.org> ha scritto:'],
    ['Yahoo, Dutch', 'Op dinsdag 24 november 2026 10:03:12 CET schreef Byline <comments@example.org> het volgende:'],
    ['Gmail, Russian, wrapped before the address', 'вт, 24 нояб. 2026 г. в 10:03, Example Gazette comments <\ncomments@example.org>:'],
    ['Gmail, Chinese, with a half-width colon', 'Byline <comments@example.org> 于2026年11月24日周二 10:03写道:'],
  ])('%s: cut from the header on', (_, header) => {
    expect(fromText(`We are, from 10:00.\n\n${header}\n${QUOTE}`)).toBe('We are, from 10:00.')
  })

  // Each above history that is not quoted, as Outlook, forwards and webmail leave it.
  it.each<[string, string]>([
    ['Outlook, French', "-----Message d'origine-----"],
    ['Outlook, Spanish', '-----Mensaje original-----'],
    ['Outlook, Italian', '-----Messaggio originale-----'],
    ['Outlook, Portuguese', '-----Mensagem original-----'],
    ['Outlook, Dutch', '-----Oorspronkelijk bericht-----'],
    ['Outlook, Russian', '-----Исходное сообщение-----'],
    ['Outlook, Swedish', '-----Ursprungligt meddelande-----'],
    ['T-Online', '-----Original-Nachricht-----'],
    ['Thunderbird forward, German', '-------- Weitergeleitete Nachricht --------'],
    ['QQ Mail', '------------------ 原始邮件 ------------------'],
    ['Seznam', '---------- Původní e-mail ----------'],
    ['Yahoo', '----- Original Message -----'],
    ['Proton', '------- Original Message -------'],
    ['Apple Mail forward, French', 'Début du message réexpédié :'],
    ['Apple Mail forward, Spanish', 'Inicio del mensaje reenviado:'],
    ['Outlook on the web, French', '________________________________\nDe : Byline <comments@example.org>\nEnvoyé : mardi 24 novembre 2026 10:03\nÀ : Amira'],
    ['Outlook on the web, Japanese', '________________________________\n差出人: Byline <comments@example.org>\n送信日時: 2026年11月24日 10:03'],
    ['Outlook desktop, Italian', 'Da: Byline <comments@example.org>\nInviato: martedì 24 novembre 2026 10:03\nA: Amira Haddad\nOggetto: Jo aspetta'],
    ['Outlook desktop, Spanish, bold in text', '*De:* Byline <comments@example.org>\n*Enviado el:* martes, 24 de noviembre de 2026 10:03\n*Para:* Amira Haddad\n*Asunto:* Jo espera'],
    ['GMX, Sent before From', 'Gesendet: Dienstag, 24. November 2026 um 10:03 Uhr\nVon: "Byline" <comments@example.org>\nAn: amira@example.org\nBetreff: Jo wartet'],
    ['a forward, Subject first', 'Subject: Jo is waiting\nDate: Tue, 24 Nov 2026 10:03:00 +0000\nFrom: Byline <comments@example.org>\nTo: Amira Haddad'],
  ])('%s: cut from the header on', (_, header) => {
    const history = `${header}\n\nJo Bloggs on “Opening hours”, waiting 2 hours:\n\n    Are you open on Sunday?\n`
    expect(fromText(`We are, from 10:00.\n\n${history}`)).toBe('We are, from 10:00.')
  })

  it.each<[string, string]>([
    ['French', 'Comme Jo a écrit : « êtes-vous ouverts le 24 ? », oui.\nNous ouvrons à 10 h.'],
    ['Russian, no time', 'Как он пишет:\nмы открыты с воскресенья.'],
    ['Russian, a time but no quote after it', 'Встреча в 10:30, как он пишет:\nприходите пораньше.'],
    ['Turkish, a time but no quote after it', "Saat 10:30'da bana şunu yazdı:\nyarın geliyorum."],
    ['Chinese, a greeting that ends in a colon', 'Jo，您好：\n我们周日10:00开门。'],
    ['Hungarian, a closing that ends in a colon', 'Üdvözlettel:\nEszter'],
    ['Danish, a date but no time, and no quote after it', 'Den 24. november skrev Jo til os:\nVi åbner kl. 10.'],
    ['a line of dashes the person drew', 'Opening hours\n--------------------\nDate: Sunday\nFrom 10:00 to 16:00'],
  ])('keeps a line that only looks like a quote header: %s', (_, text) => {
    expect(fromText(text)).toBe(text)
  })

  // Decision: a header with no opening words ("… пишет:") needs a time of day and a quote right after it;
  // with both, the line goes even if the person wrote it, since nothing else tells the two apart.
  it('cuts a sentence that ends like a header with no opening words when a time and a quote follow', () => {
    expect(fromText(`Jo,\n\nВстреча в 10:30, как он пишет:\n${QUOTE}`)).toBe('Jo,')
  })

  it('cuts a header with no time when a quote follows it, as Alpine writes it', () => {
    expect(fromText(`We are, from 10:00.\n\nOn Tue, 24 Nov 2026, Byline wrote:\n\n${QUOTE}`)).toBe('We are, from 10:00.')
  })

  it('keeps the last line of a paragraph right above a wrapped header', () => {
    const text = `See you at 10:30.\nByline <comments@example.org> 于2026年11月24日周二 10:03\n写道：\n${QUOTE}`
    expect(fromText(text)).toBe('See you at 10:30.')
    const dated = `On Sunday we open at 10:00.\nOn Tue, 24 Nov 2026 at 10:03, Byline <comments@example.org>\nwrote:\n${QUOTE}`
    expect(fromText(dated)).toBe('On Sunday we open at 10:00.')
  })

  it('keeps "From: / To:" opening hours that no Sent or Date line follows', () => {
    const text = 'Opening hours\nFrom: 10:00\nTo: 16:00\nSubject: to change on bank holidays'
    expect(fromText(text)).toBe(text)
  })
})

describe('mailing list footers', () => {
  it.each<[string, string]>([
    ['Mailman 3', '_______________________________________________\nReaders mailing list -- readers@lists.example.org\nTo unsubscribe send an email to readers-leave@lists.example.org'],
    ['Mailman 2', '_______________________________________________\nReaders mailing list\nReaders@lists.example.org\nhttps://lists.example.org/mailman/listinfo/readers'],
    ['a list with a line of dashes', '----------------------------------------------------------------------\nTo unsubscribe from this group, send an email to readers+unsubscribe@example.org'],
    ['Google Groups, with no delimiter', 'You received this message because you are subscribed to the Google Groups "Readers" group.\nTo unsubscribe from this group and stop receiving emails from it, send an email to readers+unsubscribe@example.org.'],
    ['Google Groups, French', 'Vous recevez ce message, car vous êtes abonné au groupe Google Groupes "Lecteurs".'],
    ['Google Groups, German', 'Sie haben diese Nachricht erhalten, weil Sie Mitglied der Google Groups-Gruppe "Leser" sind.'],
  ])('cuts the footer: %s', (_, footer) => {
    expect(fromText(`Yes, from 10:00 on Sundays.\n\nAmira\n${footer}\n`)).toBe('Yes, from 10:00 on Sundays.\n\nAmira')
  })

  it('keeps a line that names a mailing list with no rule above it', () => {
    const text = 'Please write to the Readers mailing list\nor call us.'
    expect(fromText(text)).toBe(text)
  })
})

describe('quoted lines', () => {
  it('drops quoted lines at the end, at any depth', () => {
    expect(fromText('We are, from 10:00.\n\n> Are you open?\n>> Earlier message\n> > > deeper\n')).toBe('We are, from 10:00.')
  })

  it('keeps the answers between interleaved quotes, one blank line where each quote was', () => {
    const text = 'Hi Jo,\n> Are you open on Sunday?\nYes, from 10:00.\n\n\n> And parking?\n\nOnly on the street.'
    expect(fromText(text)).toBe('Hi Jo,\n\nYes, from 10:00.\n\nOnly on the street.')
  })

  it('drops quoted lines that are indented', () => {
    expect(fromText('Yes.\n  > Are you open?')).toBe('Yes.')
  })

  it('keeps the writer’s own blank lines and indentation elsewhere', () => {
    const text = 'Opening hours:\n\n\n    Sunday 10:00 to 16:00\n    Monday closed'
    expect(fromText(text)).toBe(text)
  })
})

describe('signatures and sign-offs', () => {
  it.each<[string, string]>([
    ['"-- "', 'We are open.\n-- \nAmira Haddad\nReader Services'],
    ['"--" without its trailing space', 'We are open.\n--\nAmira Haddad\nReader Services'],
    ['a signature above the quote', 'We are open.\n\n-- \nAmira\n\nOn 24/11/2026 10:03, Byline wrote:\n> Are you open?'],
  ])('cuts the signature from %s on', (_, text) => {
    expect(fromText(text)).toBe('We are open.')
  })

  it('keeps lines that only look like a delimiter', () => {
    const text = 'We are open.\n---\n-- not a signature\n--- \nSee you Sunday.'
    expect(fromText(text)).toBe(text)
  })

  it.each([
    'Sent from my iPhone',
    'Sent from my iPad',
    'Sent from my Android',
    'Sent from my Galaxy',
    'Get Outlook for iOS',
    'Get Outlook for Android<https://aka.ms/AAb9ysg>',
    'Sent from Mail for Windows',
    'Sent from Mail<https://go.microsoft.com/fwlink/?LinkId=550986> for Windows',
    'Envoyé de mon iPhone',
    'Von meinem iPhone gesendet',
    'Sent from Outlook for Android',
    'Sent from Yahoo Mail on Android',
    'Sent from my Huawei phone',
    'Sent from my BlackBerry 10 smartphone.',
    'Sent with Proton Mail secure email.',
    'Sent with [Proton Mail](https://proton.me/mail/home) secure email.',
    'Enviado desde mi iPhone',
    'Enviado do meu iPhone',
    'Inviato da iPhone',
    'Inviato dal mio Samsung Galaxy',
    'Verstuurd vanaf mijn iPhone',
    'Skickat från min iPhone',
    'Sendt fra min iPhone',
    'Lähetetty iPhonesta',
    'Wysłane z iPhone’a',
    'Odesláno z iPhonu',
    'Отправлено с iPhone',
    'Отправлено из мобильной Почты Mail.ru',
    'Надіслано з iPhone',
    "iPhone'umdan gönderildi",
    'נשלח מה-iPhone שלי',
    'أُرسلت من الـ iPhone',
    'iPhoneから送信',
    '发自我的iPhone',
    '從我的 iPhone 傳送',
    'iPhone에서 보냄',
    'Στάλθηκε από το iPhone μου',
    'iPhone-ról küldve',
    'Trimis de pe iPhone-ul meu',
    'Obtenir Outlook pour Android',
    'Outlook für iOS beziehen',
  ])('drops "%s" at the end', (signOff) => {
    expect(fromText(`We are open on Sundays.\n\n${signOff}\n`)).toBe('We are open on Sundays.')
  })

  it('drops several sign-offs at the end', () => {
    expect(fromText('We are open.\n\nGet Outlook for iOS\n\nSent from my iPhone')).toBe('We are open.')
  })

  it.each([
    'Envoyé de mon iPhone, donc bref :\nnous sommes ouverts.\n\nEnvoyé de mon iPhone\n\nClaire',
    'Das Paket ist heute rausgegangen.\nVon Montag an gesendet.\n\nJonas',
    'Paket bugün depodan gönderildi.',
  ])('keeps a sign-off that is followed by the person’s text, or reads as a sentence: %s', (text) => {
    expect(fromText(text)).toBe(text)
  })

  it('keeps a sign-off line that is not at the end', () => {
    const text = 'Sent from my iPhone, so briefly:\nwe are open.\n\nSent from my iPhone\n\nOne more thing: parking is free.'
    expect(fromText(text)).toBe(text)
  })
})

describe('the text around the answer', () => {
  it('normalises CRLF and lone CR line ends to LF', () => {
    expect(fromText('Hi Jo,\r\n\r\nWe are open.\r\rAmira\r\n\r\nOn 24/11/2026 10:03, Byline wrote:\r\n> Are you open?')).toBe(
      'Hi Jo,\n\nWe are open.\n\nAmira',
    )
  })

  it('trims blank lines around the answer but keeps its first line indentation', () => {
    expect(fromText('\n\n  \n    indented code\nmore\n\n \n')).toBe('    indented code\nmore')
  })

  it('prefers the text part to the HTML part', () => {
    expect(extractReply({ text: 'From the text part.', html: '<p>From the HTML part.</p>' })).toBe('From the text part.')
  })

  it('falls back to the HTML part when the text part is blank', () => {
    expect(extractReply({ text: ' \n', html: '<p>From the HTML part.</p>' })).toBe('From the HTML part.')
  })

  it('returns nothing for a message with no body', () => {
    expect(extractReply({})).toBe('')
    expect(extractReply({ text: '', html: '' })).toBe('')
  })
})

describe('hostile and huge input', () => {
  const lines = (line: string, bytes: number) => line.repeat(Math.ceil(bytes / line.length))

  it('cuts a 200 KB quoted history', () => {
    const history = lines('> Lorem ipsum dolor sit amet, On 24 Nov 2026 wrote: consectetur adipiscing elit.\n', 200_000)
    const text = `Thanks, done.\n\nOn Tue, 24 Nov 2026 at 10:03, Byline <comments@example.org> wrote:\n${history}`
    expect(fromText(text)).toBe('Thanks, done.')
  })

  it('reads 200 KB of lines that look almost like quote headers', () => {
    const near = lines('On 24 Nov 2026 Am 1 schrieb From: x Sent: y\n', 100_000) + lines('Am 24.11.2026 schrieb jemand\n', 100_000)
    expect(fromText(near)).toBe(near.trimEnd())
  })

  it('reads 200 KB of lines that look like headers with no opening words, header fields or list footers', () => {
    const near =
      lines('24.11.2026 10:03, Byline пишет:\n', 50_000) +
      lines('From: 10:00\nTo: 16:00\n', 50_000) +
      lines('Sent from my iPhone, 10:03\n', 50_000) +
      lines('Readers mailing list\n', 50_000)
    expect(fromText(near)).toBe(near.trimEnd())
  })

  it('reads 200 KB of lines of dashes and underscores', () => {
    const rules = lines(`${'-'.repeat(599)}\n${'_'.repeat(599)}\n\n`, 200_000)
    expect(fromText(`Thanks, done.\n${rules}`)).toBe(`Thanks, done.\n${rules}`.trimEnd())
  })

  it('reads a single 200 KB line', () => {
    const line = `On 24 ${'wrote wrote: '.repeat(15_000)}`
    expect(fromText(line)).toBe(line.trimEnd())
  })

  it('reads a 200 KB quoted history in HTML', () => {
    const history = lines('<div>Lorem <b>ipsum</b> &amp; dolor<br></div>', 200_000)
    expect(extractReply({ html: `<div>Thanks, done.</div><blockquote type="cite">${history}</blockquote>` })).toBe('Thanks, done.')
    expect(extractReply({ html: `<div>Thanks, done.</div><div id="appendonsend"></div>${history}` })).toBe('Thanks, done.')
  })

  it.each([
    ['unclosed tags', '<a '],
    ['unclosed comments', '<!--'],
    ['unclosed declarations', '<!x'],
    ['unclosed attribute quotes', '<div class="'],
    ['lone angle brackets', '< <'],
    ['unclosed scripts', '<script>'],
    ['deep blockquotes', '<blockquote>'],
    ['entity-like text', '&#9999999999&amp'],
  ])('reads 200 KB of %s', (_, chunk) => {
    const html = `<div>Thanks, done.</div>${lines(chunk, 200_000)}`
    expect(extractReply({ html })).toMatch(/^Thanks, done\./)
  })
})
