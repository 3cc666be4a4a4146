import type { Language } from './language'

export const ko: Language = {
  attributions: [
    // Gmail "2026년 11월 24일 (화) 오전 10:03, … <…>님이 작성:", Apple Mail "…, … <…> 작성:".
    '… 작성:',
    // Thunderbird: "2026-11-24 오전 10:03에 … 이(가) 쓴 글:".
    '… 쓴 글:',
  ],
  separators: ['원본 메시지', '전달된 메시지', '원본 메일', '전달된 메일'],
  forwards: ['전달된 메시지:', '전달된 메일:'],
  fields: { from: ['보낸 사람', '보낸사람'], date: ['보낸 날짜', '보낸 시간', '날짜'], to: ['받는 사람', '받는사람', '참조'], subject: ['제목'] },
  // "iPhone에서 보냄".
  signOffs: ['…에서 보냄', '…에서 보낸 메일', 'Outlook for … 받기'],
  listFooters: ['…그룹에 가입한 분들에게 전송되는 메시지입니다.'],
}
