import type { Language } from './language'

export const pl: Language = {
  attributions: [
    // Thunderbird "W dniu 24.11.2026 o 10:03, … pisze:", older Gmail, Onet, WP.
    'W dniu … pisze:',
    'W dniu … napisał(a):',
    'W dniu … napisał:',
    'Dnia … napisał(a):',
    // Apple Mail: "Wiadomość napisana przez … w dniu 24.11.2026, o godz. 10:03:".
    'Wiadomość napisana przez … w dniu …:',
    // Gmail: "wt., 24 lis 2026 o 10:03 … <…> napisał(a):".
    '… napisał(a):',
    '… napisał:',
    '… napisała:',
    '… pisze:',
  ],
  separators: ['Wiadomość oryginalna', 'Oryginalna wiadomość', 'Przekazana wiadomość', 'Wiadomość przekazana dalej'],
  forwards: ['Początek przekazywanej wiadomości:'],
  fields: { from: ['Od', 'Nadawca'], date: ['Wysłano', 'Wysłane', 'Data'], to: ['Do', 'DW', 'Odbiorca'], subject: ['Temat'] },
  signOffs: ['Wysłane z …', 'Wysłano z …', 'Wysłane przy użyciu …', 'Pobierz aplikację Outlook dla …', 'Pobierz program Outlook dla …'],
  listFooters: ['Otrzymujesz tę wiadomość, ponieważ …', 'Ta wiadomość została wysłana do Ciebie, ponieważ …'],
}
