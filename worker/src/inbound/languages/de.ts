import type { Language } from './language'

export const de: Language = {
  attributions: [
    // Gmail "Am Di., 24. Nov. 2026 um 10:03 Uhr schrieb …:", Apple Mail, Thunderbird, Outlook for Mac.
    'Am … schrieb …:',
    // Yahoo: "Am Dienstag, 24. November 2026, 10:03:12 MEZ hat … Folgendes geschrieben:".
    'Am … hat … geschrieben:',
  ],
  // T-Online and GMX write "Original-Nachricht".
  separators: ['Ursprüngliche Nachricht', 'Original-Nachricht', 'Originalnachricht', 'Weitergeleitete Nachricht', 'Ursprüngliche Mitteilung'],
  forwards: ['Anfang der weitergeleiteten Nachricht:', 'Anfang der weitergeleiteten E-Mail:'],
  // GMX and WEB.DE put "Gesendet:" first, above "Von:".
  fields: { from: ['Von'], date: ['Gesendet', 'Gesendet am', 'Datum'], to: ['An', 'Cc', 'Kopie'], subject: ['Betreff'] },
  signOffs: [
    'Von … gesendet', // "Von meinem iPhone gesendet", "Von Outlook für Android gesendet"
    'Gesendet von …',
    'Gesendet vom …',
    'Gesendet mit …',
    'Gesendet via …',
    'Outlook für … beziehen',
    'Outlook für … herunterladen',
  ],
  listFooters: ['Sie haben diese Nachricht erhalten, weil …', 'Sie erhalten diese Nachricht, weil …', '… Mailingliste', 'Mailingliste …'],
}
