import type { Language } from './language'

export const tr: Language = {
  attributions: [
    // Gmail "24 Kas 2026 Sal, saat 10:03 tarihinde … <…> şunu yazdı:", Apple Mail "… şunları yazdı:", Thunderbird.
    '… yazdı:',
  ],
  separators: ['Orijinal Mesaj', 'Özgün İleti', 'Orijinal İleti', 'İletilen İleti', 'İletilmiş İleti'],
  forwards: ['İletilen ileti başlangıcı:', 'Yönlendirilen ileti başlangıcı:'],
  fields: { from: ['Kimden'], date: ['Gönderildi', 'Gönderilme', 'Gönderme tarihi', 'Tarih'], to: ['Kime', 'Bilgi'], subject: ['Konu'] },
  // Turkish says where from with a case ending: "iPhone'umdan gönderildi", "Android'den gönderildi".
  signOffs: ['…dan gönderildi', '…den gönderildi', '…tan gönderildi', '…ten gönderildi', '… ile gönderildi', "… için Outlook'u edinin"],
  listFooters: ['Bu iletiyi, … abone olduğunuz için aldınız.', 'Bu mesajı, … abone olduğunuz için aldınız.'],
}
