import type { Language } from './language'

export const hu: Language = {
  attributions: [
    // Thunderbird "2026. 11. 24. 10:03 keltezéssel, … írta:", Apple Mail.
    '… írta:',
    // Gmail: "… <…> ezt írta (időpont: 2026. nov. 24., K, 10:03):".
    '… ezt írta (időpont: …):',
  ],
  separators: ['Eredeti üzenet', 'Továbbított üzenet', 'Eredeti levél', 'Továbbított levél'],
  forwards: ['Továbbított levél kezdete:', 'Továbbított üzenet kezdete:'],
  fields: { from: ['Feladó'], date: ['Elküldve', 'Küldve', 'Dátum'], to: ['Címzett', 'Másolat'], subject: ['Tárgy'] },
  // Hungarian says where from with a case ending: "iPhone-ról küldve".
  signOffs: ['…ról küldve', '…ről küldve', 'Küldve …ról', 'Küldve …ről'],
  listFooters: ['Ezt az üzenetet azért kapta, mert …'],
}
