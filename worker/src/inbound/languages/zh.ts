import type { Language } from './language'

/** Chinese, simplified and traditional. */
export const zh: Language = {
  attributions: [
    // Gmail "… <…> 于2026年11月24日周二 10:03写道：", Apple Mail, Thunderbird "在 2026/11/24 10:03, … 写道:".
    '…写道:',
    // Gmail (traditional): "… <…> 於 2026年11月24日 週二 上午10:03寫道：".
    '…寫道:',
  ],
  // QQ Mail writes "------------------ 原始邮件 ------------------".
  separators: ['原始邮件', '原始郵件', '原始消息', '转发的邮件', '轉寄的郵件', '转发的消息', '邮件原文'],
  forwards: ['以下是转发的邮件:', '转发的邮件:', '轉寄的郵件:', '開始轉寄的郵件:'],
  fields: {
    from: ['发件人', '發件人', '寄件者', '寄件人'],
    date: ['发送时间', '发送日期', '时间', '日期', '傳送時間', '寄件日期', '時間'],
    to: ['收件人', '收件者', '抄送', '副本'],
    subject: ['主题', '主題', '主旨'],
  },
  // "发自我的iPhone", "從我的 iPhone 傳送", "发自网易邮箱大师".
  signOffs: ['发自…', '發自…', '从我的…发送', '從我的…傳送', '获取 Outlook for …', '取得 Outlook for …'],
  listFooters: ['您收到此邮件是因为您订阅了…', '您收到這封郵件是因為您訂閱了…'],
}
