import type { Language } from './language'

/** Norwegian (Bokmål). */
export const nb: Language = {
  attributions: [
    // Gmail "tir. 24. nov. 2026 kl. 10:03 skrev … <…>:", Thunderbird "Den 24.11.2026 10:03, skrev …:".
    '… skrev …:',
    'Den … skrev …:',
  ],
  separators: ['Opprinnelig melding', 'Videresendt melding', 'Original melding'],
  forwards: ['Videresendt melding:', 'Start på videresendt melding:'],
  fields: { from: ['Fra'], date: ['Sendt', 'Dato'], to: ['Til', 'Kopi'], subject: ['Emne'] },
  signOffs: ['Sendt fra …', 'Sendt med …', 'Hent Outlook for …', 'Skaff deg Outlook for …'],
  listFooters: ['Du mottar denne meldingen fordi …', 'Du har mottatt denne meldingen fordi …'],
}
