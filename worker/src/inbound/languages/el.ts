import type { Language } from './language'

export const el: Language = {
  attributions: [
    // Gmail "Στις Τρί 24 Νοε 2026 στις 10:03, ο/η … <…> έγραψε:", Apple Mail, Thunderbird.
    'Στις … έγραψε:',
    '… έγραψε:',
  ],
  separators: ['Αρχικό μήνυμα', 'Προωθημένο μήνυμα'],
  forwards: ['Έναρξη προωθημένου μηνύματος:'],
  fields: { from: ['Από'], date: ['Στάλθηκε', 'Εστάλη', 'Ημερομηνία'], to: ['Προς', 'Κοιν'], subject: ['Θέμα'] },
  signOffs: ['Στάλθηκε από …', 'Εστάλη από …', 'Αποστολή από …', 'Λήψη του Outlook για …'],
  listFooters: ['Λάβατε αυτό το μήνυμα επειδή …'],
}
