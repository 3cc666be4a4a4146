import type { Entry, TableOf } from './types'

/*
 * Every sentence of Byline's emails, in English: the table that defines the keys (each other language must have
 * all of them). `{name}` is a placeholder; `{n}` in a plural is the number, written the language's way.
 */
export const en = {
  // Punctuation the languages write differently.
  quoted: '“{text}”',
  labelled: '{label}: {value}',

  // How long someone has waited.
  minutes: { one: 'a minute', other: '{n} minutes' },
  hours: { one: 'an hour', other: '{n} hours' },
  days: { one: 'a day', other: '{n} days' },

  // One waiting conversation, as staff emails list it.
  itemText: '{visitor} on {page} ({site}), waiting {waited}:',
  itemOn: '{visitor} on {page}',
  itemWaiting: '({site}) · waiting {waited}',
  linkReply: 'Reply',
  linkHandOver: 'Hand over',
  linkByEmail: 'By email',
  linkPage: 'The page',
  answerByEmail: 'Or answer by email: {address}.',
  pageIs: 'Page: {url}',
  mailtoSubject: 'Re: {visitor} on {page}',
  answerFooter:
    "Your answer is published under your name ({name}), with your role and photo. The links above work for 14 days and only for you: please don't forward this email.",
  selfServiceNote: 'Your profile, digest and away dates',
  replyToAnswer: 'Reply to this email to answer this conversation.',

  // Staff emails.
  newCommentSubject: '{visitor} is waiting for your answer on {page}',
  digestSubject: { one: '{n} person is waiting for your answer', other: '{n} people are waiting for your answer' },
  digestGreeting: '{subject}, {name}.',
  digestPreheader: { one: '{first} and {n} other', other: '{first} and {n} others' },
  digestReplyNote: 'Replying to this email answers {visitor} (the first one); each conversation has its own address for email answers.',
  digestMore: {
    one: '{n} more person is waiting too; this email lists the {shown} who have waited longest.',
    other: '{n} more people are waiting too; this email lists the {shown} who have waited longest.',
  },
  aColleague: 'A colleague',
  handedYou: '{from} handed you a conversation.',
  assignedSubject: "{from} handed you {visitor}'s question on {page}",
  freshSubject: 'A fresh link to answer {visitor} on {page}',
  freshIntro: 'You asked for a fresh link.',
  selfSubject: 'Your Byline page at {org}: profile, digest and away dates',
  selfIntro: 'Here is a fresh link to your page, where you change your profile, your digest and when you are away:',
  selfButton: 'Open my page',
  selfNote: "The link works for 14 days and only for you: please don't forward this email.",

  // Visitor emails.
  hello: 'Hello {name},',
  orOpen: 'Or open {url}.',
  replySubject: '{staff} ({role}) replied to you',
  replyPreheader: '{staff} replied to your comment on {page}',
  replyIntro: '{staff}, {role} at {site}, replied to your comment on {page}:',
  seeOnPageText: 'See it on the page, and answer there: {url}',
  seeOnPage: 'See it on the page',
  stopConversation: 'Stop emails about this conversation',
  stopAllFrom: 'Stop all emails from {site} comments',
  stopAll: 'Stop all of them',
  whyYouGetThis: 'You get this because you commented on {site}.',
  verifySubject: 'Confirm your email to publish your comment on {site}',
  verifyIntro: 'To publish your comment on {site}, confirm that this address is yours:',
  verifyButton: 'Confirm my email',
  verifyOnce: 'The link works once, for 24 hours.',
  verifyIgnore: 'If you did not comment, ignore this email: nothing will be published.',
  privacyExportSubject: 'Confirm: download a copy of your comment data on {site}',
  privacyDeleteSubject: 'Confirm: delete your comment data on {site}',
  privacyExportIntro: 'Someone asked to download a copy of everything Byline holds for this address on {site}. If it was you, confirm here:',
  privacyDeleteIntro: 'Someone asked to delete everything Byline holds for this address on {site}. If it was you, confirm here:',
  privacyExportButton: 'Download my data',
  privacyDeleteButton: 'Delete my data',
  privacyNote: 'The link works once, for one hour. If it was not you, ignore this email: nothing happens.',
} as const satisfies Record<string, Entry>

export type Strings = TableOf<typeof en>
export type StringKey = keyof Strings
