import type { Language } from './language'

export const fr: Language = {
  attributions: [
    // Gmail "Le mar. 24 nov. 2026 à 10:03, … a écrit :", Apple Mail, Thunderbird, Yahoo.
    'Le … a écrit :',
  ],
  // Zimbra writes "----- Mail original -----".
  separators: ["Message d'origine", 'Message d’origine', 'Message transféré', 'Message original', 'Mail original'],
  forwards: ['Début du message réexpédié :', 'Début du message transféré :'],
  fields: {
    from: ['De'],
    date: ['Envoyé', 'Envoyé le', 'Date'],
    to: ['À', 'A', 'Pour', 'Cc', 'Copie à'],
    subject: ['Objet', 'Sujet'],
  },
  signOffs: ['Envoyé de …', 'Envoyé depuis …', 'Envoyé à partir de …', 'Envoyé avec …', 'Obtenir Outlook pour …', 'Télécharger Outlook pour …'],
  listFooters: ['Vous recevez ce message…', 'Vous avez reçu ce message, car vous êtes abonné…', 'Pour vous désabonner de ce groupe…', 'Liste de diffusion …'],
}
