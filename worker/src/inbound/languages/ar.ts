import type { Language } from './language'

export const ar: Language = {
  attributions: [
    // Gmail: "في الثلاثاء، 24 نوفمبر 2026 في 10:03 ص تمت كتابة ما يلي بواسطة … <…>:" ("… the following was written by …").
    'في … تمت كتابة ما يلي بواسطة …:',
    // Apple Mail and Thunderbird: "في 24/11/2026 10:03، كتب …:", the verb before the name.
    'في … كتب …:',
  ],
  separators: ['الرسالة الأصلية', 'رسالة معاد توجيهها', 'رسالة مُعاد توجيهها'],
  forwards: ['بداية الرسالة المُعاد توجيهها:', 'بداية الرسالة المعاد توجيهها:'],
  fields: { from: ['من', 'المرسل'], date: ['تاريخ الإرسال', 'أُرسل', 'التاريخ'], to: ['إلى', 'نسخة'], subject: ['الموضوع'] },
  signOffs: ['أُرسلت من …', 'أرسلت من …', 'تم الإرسال من …', 'مرسل من …', 'الحصول على Outlook for …', 'احصل على Outlook for …'],
  listFooters: ['تلقيت هذه الرسالة لأنك …', 'لقد تلقيت هذه الرسالة لأنك …'],
}
