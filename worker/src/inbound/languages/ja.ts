import type { Language } from './language'

export const ja: Language = {
  attributions: [
    // Gmail names no verb: "2026年11月24日(火) 10:03 … <…>:".
    '…年…月…日…:',
    // Thunderbird: "2026/11/24 10:03 に … さんは書きました:".
    '…さんは書きました:',
    // Apple Mail: "2026/11/24 10:03、… <…>のメール:".
    '…のメール:',
  ],
  separators: ['元のメッセージ', '転送されたメッセージ', '転送メッセージ'],
  forwards: ['転送されたメッセージ:'],
  fields: { from: ['差出人', '送信者'], date: ['送信日時', '送信日', '日付'], to: ['宛先', 'CC'], subject: ['件名'] },
  // "iPhoneから送信".
  signOffs: ['…から送信', '…より送信', 'Outlook for … を入手'],
  listFooters: ['このメールは Google グループの…'],
}
