import type { Language } from './language'

export const pt: Language = {
  attributions: [
    // Gmail (Brazil) "Em ter., 24 de nov. de 2026 às 10:03, … escreveu:", Thunderbird, Yahoo.
    'Em … escreveu:',
    // Gmail (Portugal): "… <…> escreveu (terça, 24/11/2026 à(s) 10:03):".
    '… escreveu (…):',
    // Apple Mail (Portugal).
    'No dia … escreveu:',
  ],
  separators: ['Mensagem original', 'Mensagem encaminhada', 'Mensagem reencaminhada'],
  forwards: ['Início da mensagem reencaminhada:', 'Início da mensagem encaminhada:'],
  fields: { from: ['De'], date: ['Enviado', 'Enviada', 'Enviado em', 'Data'], to: ['Para', 'Cc'], subject: ['Assunto'] },
  signOffs: ['Enviado do …', 'Enviado de …', 'Enviado a partir do …', 'Enviado com …', 'Obter o Outlook para …', 'Baixe o Outlook para …', 'Obtenha o Outlook para …'],
  listFooters: ['Você recebeu essa mensagem porque …', 'Você está recebendo esta mensagem porque …', 'Recebeu esta mensagem porque …'],
}
