import type { Language } from './language'

export const fi: Language = {
  attributions: [
    // Gmail "ti 24.11.2026 klo 10.03 … (…) kirjoitti:", Apple Mail.
    '… kirjoitti:',
    // Thunderbird: "… kirjoitti 24.11.2026 klo 10.03:".
    '… kirjoitti …:',
  ],
  separators: ['Alkuperäinen viesti', 'Välitetty viesti'],
  forwards: ['Välitetty viesti alkaa:', 'Välitetty viesti:'],
  fields: { from: ['Lähettäjä'], date: ['Lähetetty', 'Päivämäärä'], to: ['Vastaanottaja', 'Kopio'], subject: ['Aihe'] },
  // Finnish says where from with a case ending: "Lähetetty iPhonesta", "Lähetetty Android-laitteesta".
  signOffs: ['Lähetetty …sta', 'Lähetetty …stä', 'Hanki Outlook for …'],
  listFooters: ['Sait tämän viestin, koska …', 'Sait tämän viestin koska …'],
}
