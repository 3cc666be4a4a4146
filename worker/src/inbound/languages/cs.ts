import type { Language } from './language'

export const cs: Language = {
  attributions: [
    // Thunderbird "Dne 24. 11. 26 v 10:03 … napsal(a):", Apple Mail.
    'Dne … napsal(a):',
    'Dne … napsal:',
    // Gmail: "út 24. 11. 2026 v 10:03 odesílatel … <…> napsal:".
    '… napsal(a):',
    '… napsal:',
    '… napsala:',
  ],
  // Seznam writes "---------- Původní e-mail ----------".
  separators: ['Původní zpráva', 'Přeposlaná zpráva', 'Původní e-mail', 'Přeposlaný e-mail'],
  forwards: ['Začátek přeposílané zprávy:'],
  fields: { from: ['Od', 'Odesílatel'], date: ['Odesláno', 'Datum'], to: ['Komu', 'Kopie'], subject: ['Předmět'] },
  signOffs: ['Odesláno z …', 'Odesláno ze …', 'Odesláno pomocí …', 'Stáhněte si Outlook pro …', 'Získat Outlook pro …'],
  listFooters: ['Tuto zprávu jste obdrželi, protože …', 'Tuto zprávu jste dostali, protože …'],
}
