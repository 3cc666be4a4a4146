import type { Language } from './language'

export const es: Language = {
  attributions: [
    // Gmail "El mar, 24 nov 2026 a las 10:03, … (<…>) escribió:", Apple Mail, Thunderbird, Yahoo.
    'El … escribió:',
  ],
  separators: ['Mensaje original', 'Mensaje reenviado'],
  forwards: ['Inicio del mensaje reenviado:', 'Comienzo del mensaje reenviado:'],
  fields: { from: ['De'], date: ['Enviado', 'Enviado el', 'Fecha'], to: ['Para', 'CC'], subject: ['Asunto'] },
  signOffs: ['Enviado desde …', 'Enviado de …', 'Enviado con …', 'Obtener Outlook para …', 'Descargar Outlook para …'],
  listFooters: ['Recibiste este mensaje porque …', 'Has recibido este mensaje porque …', 'Para cancelar la suscripción a este grupo …', '… lista de correo'],
}
