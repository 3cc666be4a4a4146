import type { Language } from './language'

export const it: Language = {
  attributions: [
    // Gmail "Il giorno mar 24 nov 2026 alle ore 10:03 … ha scritto:", Thunderbird "Il 24/11/2026 10:03, … ha scritto:".
    'Il … ha scritto:',
  ],
  separators: ['Messaggio originale', 'Messaggio inoltrato'],
  forwards: ['Inizio messaggio inoltrato:'],
  // Thunderbird's forward says "Mittente:".
  fields: { from: ['Da', 'Mittente'], date: ['Inviato', 'Inviato il', 'Data'], to: ['A', 'Cc'], subject: ['Oggetto'] },
  signOffs: ['Inviato da …', 'Inviato dal …', 'Inviato con …', 'Scarica Outlook per …', 'Ottieni Outlook per …'],
  listFooters: ['Hai ricevuto questo messaggio perché …', "Per annullare l'iscrizione a questo gruppo …"],
}
