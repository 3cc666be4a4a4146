/*
 * Mail that no person wrote: out-of-office notices, bounces, list traffic. Publishing one as a staff answer
 * would be embarrassing, and answering it (even with an error) can start a loop with the other robot, so the
 * email() handler drops these silently. Pure: headers, sender and subject in; the first reason out.
 */

/** Why a message was taken for an automatic one; stable strings, meant for logs. */
export type AutomaticReason =
  | 'auto-submitted'
  | 'x-autoreply'
  | 'x-autorespond'
  | 'auto-response-suppress'
  | 'precedence'
  | 'failed-recipients'
  | 'delivery-report'
  | 'null-sender'
  | 'system-sender'
  | 'noreply-sender'
  | 'automatic-subject'

/** A header as postal-mime gives it; keys are compared case-insensitively all the same. */
export type MailHeader = { key: string; value: string }

/** `auto-replied; owner-email="…"` → `auto-replied`: the first token, lower-cased. */
const token = (value: string) => (value.split(';')[0] ?? '').trim().toLowerCase()

const BULK_PRECEDENCE = new Set(['bulk', 'junk', 'list', 'auto_reply', 'auto-reply'])

// What clients and servers put at the start of the subjects they generate. Only at the start: the subject of a
// person's reply is "Re: " and Byline's own subject, which quotes a page title that could say anything.
const AUTOMATIC_SUBJECTS = [
  'out of office',
  'out of the office',
  'automatic reply',
  'automatic response',
  'auto reply',
  'auto-reply',
  'autoreply',
  'auto response',
  'auto:',
  'undeliverable',
  'undelivered mail',
  'delivery status notification',
  'delivery failure',
  'delivery has failed',
  'mail delivery failed',
  'mail delivery failure',
  'mail delivery system',
  'returned mail',
  'abwesenheitsnotiz',
  'automatische antwort',
  'unzustellbar',
  'réponse automatique',
  'absence du bureau',
  'non remis',
  'respuesta automática',
  'risposta automatica',
  'automatisch antwoord',
]

/** `prefix` starts `s` as a whole word: "Auto:" yes, "Automation" no. */
const startsWithWord = (s: string, prefix: string) =>
  s.startsWith(prefix) && (!/[\p{L}\p{N}]$/u.test(prefix) || !/[\p{L}\p{N}]/u.test(s.charAt(prefix.length)))

/** The address inside `Name <address>`, or the whole string when it is a bare address. */
function addressOf(from: string): string {
  const open = from.lastIndexOf('<')
  const close = from.lastIndexOf('>')
  return (open >= 0 && close > open ? from.slice(open + 1, close) : from).trim().toLowerCase()
}

function senderReason(from: string): AutomaticReason | null {
  const address = addressOf(from)
  // The null reverse-path `<>` (an SMTP envelope sender) is what bounces and, per RFC 3834, auto-responders
  // send from; a person's mail never has it, nor lacks a From.
  if (address === '') return 'null-sender'
  const at = address.lastIndexOf('@')
  // Some bounces come from a bare `MAILER-DAEMON`, with no domain at all.
  const local = at >= 0 ? address.slice(0, at) : address
  if (local === 'mailer-daemon' || local === 'postmaster') return 'system-sender'
  if (/^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply)(?:$|[+\-_.])/.test(local)) return 'noreply-sender'
  return null
}

function headerReason(headers: MailHeader[]): AutomaticReason | null {
  for (const { key, value } of headers) {
    switch (key.toLowerCase()) {
      case 'auto-submitted': {
        // RFC 3834: absent or `no` means a person sent it; anything else (auto-replied, auto-generated,
        // auto-notified, or a value from a future extension) means a program did.
        const t = token(value)
        if (t !== '' && t !== 'no') return 'auto-submitted'
        break
      }
      case 'x-autoreply':
        if (!['no', 'false', '0'].includes(token(value))) return 'x-autoreply'
        break
      case 'x-autorespond':
        return 'x-autorespond'
      case 'x-auto-response-suppress': {
        const values = value.split(',').map((v) => v.trim().toLowerCase())
        if (values.includes('all') || values.includes('oof')) return 'auto-response-suppress'
        break
      }
      case 'precedence':
        if (BULK_PRECEDENCE.has(token(value))) return 'precedence'
        break
      case 'x-failed-recipients':
        return 'failed-recipients'
      case 'content-type':
        // Delivery status notifications (RFC 3464) and read receipts (RFC 8098) are both multipart/report.
        if (token(value) === 'multipart/report') return 'delivery-report'
        break
    }
  }
  return null
}

function subjectReason(subject: string): AutomaticReason | null {
  const s = subject.normalize('NFC').trim().toLowerCase()
  return AUTOMATIC_SUBJECTS.some((prefix) => startsWithWord(s, prefix)) ? 'automatic-subject' : null
}

/**
 * Whether a message was sent by a program rather than a person, and why: headers first (the most reliable
 * signal), then the sender, then the subject. `from` may be the envelope sender (`<>` or '' for a bounce),
 * `Name <address>` or a bare address.
 */
export function isAutomatic(headers: MailHeader[], from: string, subject: string): AutomaticReason | null {
  return headerReason(headers) ?? senderReason(from) ?? subjectReason(subject)
}
