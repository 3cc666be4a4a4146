import type { Language } from './language'

export const en: Language = {
  attributions: [
    // Gmail, Apple Mail, Thunderbird, Outlook for Mac and mobile, Yahoo, Proton, Spark, mutt.
    'On … wrote:',
  ],
  separators: ['Original Message', 'Forwarded Message'],
  forwards: ['Begin forwarded message:'],
  fields: { from: ['From'], date: ['Sent', 'Date'], to: ['To', 'Cc'], subject: ['Subject'] },
  signOffs: [
    'Sent from …', // "Sent from my iPhone", "Sent from Yahoo Mail on Android", "Sent from Mail for Windows"
    'Sent with …', // "Sent with Proton Mail secure email.", "Sent with Spark"
    'Sent via …',
    'Sent using …',
    'Get Outlook for …',
    'Download Outlook for …',
  ],
  listFooters: [
    // Google Groups.
    'You received this message because you are subscribed to …',
    'To unsubscribe from this group…',
    // Mailman 2 and 3.
    '… mailing list',
    '… mailing list -- …',
    'To unsubscribe send an email to …',
  ],
}
