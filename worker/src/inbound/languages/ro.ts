import type { Language } from './language'

export const ro: Language = {
  attributions: [
    // Gmail "Pe mar., 24 nov. 2026 la 10:03, … <…> a scris:", Thunderbird.
    'Pe … a scris:',
    // Apple Mail.
    '… a scris:',
  ],
  // Both spellings of ț: with a comma below (correct) and with a cedilla (older keyboards).
  separators: ['Mesaj original', 'Mesajul original', 'Mesaj redirecționat', 'Mesaj redirecţionat'],
  forwards: ['Începutul mesajului redirecționat:', 'Începutul mesajului redirecţionat:'],
  fields: { from: ['De la', 'De'], date: ['Trimis', 'Dată', 'Data'], to: ['Către', 'Cc'], subject: ['Subiect'] },
  signOffs: ['Trimis de pe …', 'Trimis din …', 'Trimis cu …', 'Obțineți Outlook pentru …', 'Descarcă Outlook pentru …'],
  listFooters: ['Ați primit acest mesaj deoarece …', 'Primiți acest mesaj deoarece …'],
}
