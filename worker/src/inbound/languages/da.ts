import type { Language } from './language'

export const da: Language = {
  attributions: [
    // Gmail "Den tir. 24. nov. 2026 kl. 10.03 skrev … <…>:", Apple Mail, Thunderbird.
    'Den … skrev …:',
    '… skrev …:',
  ],
  separators: ['Oprindelig meddelelse', 'Videresendt meddelelse', 'Original meddelelse'],
  forwards: ['Start på videresendt besked:', 'Videresendt besked:'],
  fields: { from: ['Fra'], date: ['Sendt', 'Dato'], to: ['Til', 'Cc'], subject: ['Emne'] },
  signOffs: ['Sendt fra …', 'Sendt med …', 'Hent Outlook til …', 'Få Outlook til …'],
  listFooters: ['Du modtager denne besked, fordi …', 'Du har modtaget denne meddelelse, fordi …'],
}
