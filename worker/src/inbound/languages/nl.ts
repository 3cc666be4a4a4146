import type { Language } from './language'

export const nl: Language = {
  attributions: [
    // Gmail "Op di 24 nov 2026 om 10:03 schreef … <…>:", Thunderbird, Yahoo.
    'Op … schreef …:',
    // Apple Mail: "Op 24 nov. 2026, om 10:03 heeft … het volgende geschreven:".
    'Op … heeft … het volgende geschreven:',
  ],
  separators: ['Oorspronkelijk bericht', 'Origineel bericht', 'Doorgestuurd bericht'],
  forwards: ['Begin doorgestuurd bericht:'],
  fields: { from: ['Van'], date: ['Verzonden', 'Verstuurd', 'Datum'], to: ['Aan', 'CC'], subject: ['Onderwerp'] },
  signOffs: [
    'Verstuurd vanaf …', // iPhone: "Verstuurd vanaf mijn iPhone"
    'Verzonden vanaf …',
    'Verstuurd vanuit …',
    'Verzonden vanuit …',
    'Verstuurd met …',
    'Verzonden met …',
    'Verzonden via …',
    'Outlook voor … downloaden',
    'Download Outlook voor …',
  ],
  listFooters: ['Je hebt dit bericht ontvangen omdat …', 'U ontvangt dit bericht omdat …'],
}
