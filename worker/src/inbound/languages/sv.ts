import type { Language } from './language'

export const sv: Language = {
  attributions: [
    // Gmail "Den tis 24 nov. 2026 kl 10:03 skrev … <…>:", Thunderbird "Den 2026-11-24 kl. 10:03, skrev …:".
    'Den … skrev …:',
    // Apple Mail: "24 nov. 2026 kl. 10:03 skrev … <…>:".
    '… skrev …:',
  ],
  separators: ['Ursprungligt meddelande', 'Vidarebefordrat meddelande', 'Originalmeddelande'],
  forwards: ['Vidarebefordrat brev:', 'Början på vidarebefordrat brev:'],
  fields: { from: ['Från'], date: ['Skickat', 'Datum'], to: ['Till', 'Kopia'], subject: ['Ämne'] },
  signOffs: ['Skickat från …', 'Skickades från …', 'Skickat med …', 'Hämta Outlook för …'],
  listFooters: ['Du har fått det här meddelandet eftersom …', 'Du får det här meddelandet eftersom …'],
}
