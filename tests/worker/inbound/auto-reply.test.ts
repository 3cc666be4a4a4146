import PostalMime from 'postal-mime'
import { describe, expect, it } from 'vitest'
import { type AutomaticReason, isAutomatic } from '../../../worker/src/inbound/auto-reply'
import appleMail from './fixtures/apple-mail.eml?raw'
import bounce from './fixtures/bounce.eml?raw'
import exchangeOof from './fixtures/exchange-oof.eml?raw'
import gmail from './fixtures/gmail.eml?raw'
import iphone from './fixtures/iphone.eml?raw'
import muttInterleaved from './fixtures/mutt-interleaved.eml?raw'
import nonAscii from './fixtures/non-ascii.eml?raw'
import outOfOffice from './fixtures/out-of-office.eml?raw'
import outlookAndroid from './fixtures/outlook-android.eml?raw'
import outlookDesktop from './fixtures/outlook-desktop.eml?raw'
import outlookWeb from './fixtures/outlook-web.eml?raw'
import thunderbird from './fixtures/thunderbird.eml?raw'

/** isAutomatic() called the way the email() handler calls it, on a parsed message. */
async function check(raw: string) {
  const parsed = await PostalMime.parse(raw)
  const from = parsed.from?.address ?? ''
  return {
    reason: isAutomatic(parsed.headers, from, parsed.subject ?? ''),
    /** The same message with no headers at all: what the sender and subject give away on their own. */
    bySenderOrSubject: isAutomatic([], from, parsed.subject ?? ''),
  }
}

describe('isAutomatic on real-world messages', () => {
  it.each<[string, string, AutomaticReason]>([
    ['an out-of-office (Auto-Submitted: auto-replied)', outOfOffice, 'auto-submitted'],
    ['an Exchange automatic reply', exchangeOof, 'auto-response-suppress'],
    ['a delivery status notification', bounce, 'delivery-report'],
  ])('catches %s', async (_, raw, reason) => {
    const result = await check(raw)
    expect(result.reason).toBe(reason)
    expect(result.bySenderOrSubject).not.toBeNull()
  })

  it.each<[string, string]>([
    ['Gmail', gmail],
    ['Outlook desktop', outlookDesktop],
    ['Outlook on the web', outlookWeb],
    ['Outlook for Android', outlookAndroid],
    ['Apple Mail', appleMail],
    ['Thunderbird', thunderbird],
    ['iPhone', iphone],
    ['mutt', muttInterleaved],
    ['French Gmail', nonAscii],
  ])('lets a person’s reply from %s through', async (_, raw) => {
    expect((await check(raw)).reason).toBeNull()
  })
})

const PERSON = 'Amira Haddad <amira@example.org>'
const REPLY_SUBJECT = 'Re: Jo Bloggs is waiting for your answer on “Opening hours”'
const header = (key: string, value: string) => [{ key, value }]

describe('headers', () => {
  it.each<[string, string, AutomaticReason | null]>([
    ['Auto-Submitted', 'auto-replied', 'auto-submitted'],
    ['Auto-Submitted', 'auto-generated', 'auto-submitted'],
    ['Auto-Submitted', 'auto-notified', 'auto-submitted'],
    ['Auto-Submitted', 'auto-replied; owner-email="amira@example.org"', 'auto-submitted'],
    ['AUTO-SUBMITTED', 'Auto-Replied', 'auto-submitted'],
    ['auto-submitted', 'auto-replied', 'auto-submitted'],
    ['Auto-Submitted', 'no', null],
    ['Auto-Submitted', ' No ', null],
    ['Auto-Submitted', '', null],
    ['X-Autoreply', 'yes', 'x-autoreply'],
    ['X-AutoReply', 'YES', 'x-autoreply'],
    ['X-Autoreply', 'no', null],
    ['X-Autorespond', 'Out of office', 'x-autorespond'],
    ['X-Auto-Response-Suppress', 'All', 'auto-response-suppress'],
    ['X-Auto-Response-Suppress', 'OOF', 'auto-response-suppress'],
    ['x-auto-response-suppress', 'DR, RN, NRN, OOF, AutoReply', 'auto-response-suppress'],
    ['X-Auto-Response-Suppress', 'RN, NRN', null],
    ['Precedence', 'bulk', 'precedence'],
    ['Precedence', 'junk', 'precedence'],
    ['Precedence', 'list', 'precedence'],
    ['Precedence', 'auto_reply', 'precedence'],
    ['PRECEDENCE', 'Bulk', 'precedence'],
    ['Precedence', 'first-class', null],
    ['X-Failed-Recipients', 'jo.bloggs@example.net', 'failed-recipients'],
    ['Content-Type', 'multipart/report; report-type=delivery-status; boundary="b"', 'delivery-report'],
    ['Content-Type', 'Multipart/Report; report-type=disposition-notification', 'delivery-report'],
    ['Content-Type', 'multipart/alternative; boundary="b"', null],
    ['Content-Type', 'text/plain; charset=utf-8', null],
    ['X-Mailer', 'Microsoft Outlook 16.0', null],
  ])('%s: %s', (key, value, reason) => {
    expect(isAutomatic(header(key, value), PERSON, REPLY_SUBJECT)).toBe(reason)
  })

  it('gives the first header’s reason, ahead of the sender and the subject', () => {
    const headers = [
      { key: 'content-type', value: 'multipart/report; report-type=delivery-status' },
      { key: 'auto-submitted', value: 'auto-replied' },
    ]
    expect(isAutomatic(headers, 'MAILER-DAEMON@mx.example.org', 'Undeliverable: hello')).toBe('delivery-report')
  })
})

describe('senders', () => {
  it.each<[string, AutomaticReason | null]>([
    ['MAILER-DAEMON@mx1.example.org', 'system-sender'],
    ['Mail Delivery System <MAILER-DAEMON@mx1.example.org>', 'system-sender'],
    ['MAILER-DAEMON', 'system-sender'],
    ['mailer-daemon@googlemail.com', 'system-sender'],
    ['postmaster@example.org', 'system-sender'],
    ['Postmaster <POSTMASTER@example.org>', 'system-sender'],
    ['noreply@example.org', 'noreply-sender'],
    ['no-reply@example.org', 'noreply-sender'],
    ['No_Reply@example.org', 'noreply-sender'],
    ['donotreply@example.org', 'noreply-sender'],
    ['do-not-reply@example.org', 'noreply-sender'],
    ['noreply+bounces@example.org', 'noreply-sender'],
    ['Notifications <no-reply.notifications@example.org>', 'noreply-sender'],
    ['amira@example.org', null],
    ['norbert@example.org', null],
    ['reply@example.org', null],
    ['postmaster-general@example.org', null],
    ['Postmaster General <amira@example.org>', null],
    ['', 'null-sender'],
    ['<>', 'null-sender'],
    ['  ', 'null-sender'],
  ])('%s', (from, reason) => {
    expect(isAutomatic([], from, REPLY_SUBJECT)).toBe(reason)
  })
})

describe('subjects', () => {
  it.each([
    'Out of Office: Jo Bloggs is waiting for your answer',
    'OUT OF OFFICE',
    'Out of the office until Monday',
    'Automatic reply: Jo Bloggs is waiting for your answer',
    'Auto reply: away',
    'Auto-Reply: away',
    'AutoReply: away',
    'Auto: Amira Haddad is out of the office',
    'Undeliverable: Re: Jo Bloggs is waiting for your answer',
    'Undelivered Mail Returned to Sender',
    'Delivery Status Notification (Failure)',
    'Mail delivery failed: returning message to sender',
    'Returned mail: see transcript for details',
    'Abwesenheitsnotiz: Jo Bloggs is waiting for your answer',
    'Automatische Antwort: Jo Bloggs is waiting for your answer',
    'Réponse automatique : Jo Bloggs is waiting for your answer',
    'RÉPONSE AUTOMATIQUE',
    'Re\u0301ponse automatique : decomposed accent',
    'Respuesta automática: Jo Bloggs is waiting for your answer',
    '  Automatic reply: leading spaces',
  ])('catches "%s"', (subject) => {
    expect(isAutomatic([], PERSON, subject)).toBe('automatic-subject')
  })

  it.each([
    REPLY_SUBJECT,
    'Re: Out of office hours on the website',
    'Re: Jo Bloggs is waiting for your answer on “Out of Office”',
    'Automation of the comment queue',
    'Autonomy for the desk',
    'Auto parts: a reader question',
    'Returned mailbag: letters to the editor',
    '',
  ])('lets "%s" through', (subject) => {
    expect(isAutomatic([], PERSON, subject)).toBeNull()
  })
})
