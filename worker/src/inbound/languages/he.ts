import type { Language } from './language'

export const he: Language = {
  attributions: [
    // Gmail: "בתאריך יום ג׳, 24 בנוב׳ 2026 ב-10:03 מאת … <…>:", with the verb ("from") before the name.
    'בתאריך … מאת …:',
    // Apple Mail "ב-24 בנוב׳ 2026, בשעה 10:03, … כתב/ה:", Thunderbird "ב־24/11/2026 10:03, … כתב:".
    '… כתב/ה:',
    '… כתב:',
    '… כתבה:',
  ],
  separators: ['הודעה מקורית', 'ההודעה המקורית', 'הודעה שהועברה'],
  forwards: ['תחילת הודעה שהועברה:'],
  fields: { from: ['מאת'], date: ['נשלח', 'תאריך'], to: ['אל', 'עותק'], subject: ['נושא'] },
  // "נשלח מה-iPhone שלי": "sent from" joins the app's name.
  signOffs: ['נשלח מ…', 'נשלח באמצעות …', 'קבל את Outlook עבור …'],
  listFooters: ['קיבלת הודעה זו מכיוון …', 'קיבלת את ההודעה הזו כי …'],
}
