import type { Doc } from '../../../schema'
import { bdi, documentToHtml, documentToText, isolate, type DocumentLinks } from '../render/email'
import { html, safeUrl, type Html } from '../render/html'
import type { Mailbox, VisitorReplyNotice, WaitingItem } from '../store/notices'
import { oneLine, type OutgoingMail } from './mailer'

/*
 * Every email Byline sends, as text and HTML built from the same parts. Visitor text is rendered from its
 * document tree, escaped; links are shown with their target, and a visitor's are not links at all (staff read
 * these signed in to their work accounts); nothing is loaded from elsewhere. Every name, role, title and body
 * keeps its writing direction to itself: isolated in text, <bdi> or dir="auto" in HTML.
 */

/** The ways to answer one conversation, each a credential scoped to one person and one conversation. */
export type AnswerLinks = { replyUrl: string; handoverUrl: string; replyAddress: string }

const doc = (json: string) => JSON.parse(json) as Doc

export function waitedFor(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000))
  if (minutes < 60) return minutes <= 1 ? 'a minute' : `${minutes} minutes`
  const hours = Math.round(minutes / 60)
  if (hours < 48) return hours === 1 ? 'an hour' : `${hours} hours`
  return `${Math.round(hours / 24)} days`
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

const pageName = (item: { pageTitle: string | null; pageUrl: string }) => item.pageTitle ?? item.pageUrl

/** The whole HTML part; the mailer takes it as a string. */
function layout(preheader: string, body: Html): string {
  return html`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
<body style="margin:0;padding:24px;font-family:system-ui,-apple-system,Segoe UI,sans-serif;line-height:1.5;color:#1a1a1a;background:#fff">
<div style="display:none;max-height:0;overflow:hidden">${preheader}</div>
<div style="max-width:40rem">${body}</div>
</body></html>`.toString()
}

const button = (href: string, label: string) =>
  html`<a href="${safeUrl(href)}" style="display:inline-block;padding:8px 16px;margin:0 8px 8px 0;border-radius:6px;background:#1d4ed8;color:#fff;text-decoration:none">${label}</a>`

const quoteHtml = (d: string, links: DocumentLinks) =>
  html`<div dir="auto" style="border-left:3px solid #1d4ed8;padding-left:12px;margin:12px 0">${documentToHtml(doc(d), links)}</div>`

const indent = (text: string) => text.replace(/^/gm, '    ')

/** One waiting conversation with its Reply and Hand over links, as text and as HTML. */
function itemParts(item: WaitingItem, links: AnswerLinks, now: number) {
  const where = pageName(item)
  const waited = waitedFor(now - item.waitingSince)
  const mailto = `mailto:${links.replyAddress}?subject=${encodeURIComponent(`Re: ${isolate(item.visitorName)} on ${isolate(where)}`)}`
  const text = [
    `${isolate(item.visitorName)} on “${isolate(where)}” (${isolate(item.siteName)}), waiting ${waited}:`,
    '',
    indent(documentToText(doc(item.bodyDoc))),
    '',
    `  Reply:      ${links.replyUrl}`,
    `  Hand over:  ${links.handoverUrl}`,
    `  By email:   ${links.replyAddress}`,
    `  The page:   ${item.pageUrl}`,
  ].join('\n')
  const part = html`<div style="margin:0 0 28px">
<p style="margin:0"><strong>${bdi(item.visitorName)}</strong> on <a href="${safeUrl(item.pageUrl)}">${bdi(where)}</a>
<span style="color:#555">(${bdi(item.siteName)}) · waiting ${waited}</span></p>
${quoteHtml(item.bodyDoc, { links: 'text' })}
<p style="margin:0">${button(links.replyUrl, 'Reply')}${button(links.handoverUrl, 'Hand over')}</p>
<p style="margin:0;color:#555;font-size:14px">Or answer by email: <a href="${safeUrl(mailto)}">${links.replyAddress}</a>.
Page: ${item.pageUrl}</p>
</div>`
  return { text, html: part }
}

/** Who a staff email goes to; `selfServiceUrl`, their personal page (profile, digest, away), is in every one. */
export type StaffRecipient = Mailbox & { selfServiceUrl?: string }

const answerFooter = "with your role and photo. The links above work for 14 days and only for you: please don't forward this email."
const selfServiceNote = 'Your profile, digest and away dates'
const answerFooterText = (to: StaffRecipient) =>
  [
    `Your answer is published under your name (${isolate(to.name)}), ${answerFooter}`,
    ...(to.selfServiceUrl ? ['', `${selfServiceNote}: ${to.selfServiceUrl}`] : []),
  ].join('\n')
const answerFooterHtml = (to: StaffRecipient) =>
  html`<p style="color:#555;font-size:13px">Your answer is published under your name (${bdi(to.name)}), ${answerFooter}</p>${
    to.selfServiceUrl && html`<p style="color:#555;font-size:13px"><a href="${safeUrl(to.selfServiceUrl)}">${selfServiceNote}</a></p>`
  }`

/** Someone wrote and it is yours: sent at once to people who chose immediate notices. */
export function newCommentMail(to: StaffRecipient, item: WaitingItem, links: AnswerLinks, now: number): OutgoingMail {
  const parts = itemParts(item, links, now)
  const subject = oneLine(`${isolate(item.visitorName)} is waiting for your answer on “${isolate(pageName(item))}”`)
  return {
    to: { name: oneLine(to.name), email: to.email },
    replyTo: { email: links.replyAddress },
    subject,
    text: [parts.text, '', 'Reply to this email to answer this conversation.', '', answerFooterText(to)].join('\n'),
    html: layout(subject, html`${parts.html}<p>Reply to this email to answer this conversation.</p>${answerFooterHtml(to)}`),
  }
}

/**
 * Everyone waiting for one person, in one email at their chosen hour; past the list's length, the longest-waiting
 * of them, and `total` says how many more wait.
 */
export function digestMail(to: StaffRecipient, items: { item: WaitingItem; links: AnswerLinks }[], now: number, total = items.length): OutgoingMail {
  const count = Math.max(total, items.length)
  const more = count - items.length
  const subject = `${plural(count, 'person is', 'people are')} waiting for your answer`
  const first = items[0]!.item
  const preheader = oneLine(`${isolate(first.visitorName)} on “${isolate(pageName(first))}”${count > 1 ? ` and ${plural(count - 1, 'other', 'others')}` : ''}`)
  const parts = items.map(({ item, links }) => itemParts(item, links, now))
  const single = 'Reply to this email to answer this conversation.'
  const firstOne = '(the first one); each conversation has its own address for email answers.'
  const replyNote = count === 1 ? single : `Replying to this email answers ${isolate(first.visitorName)} ${firstOne}`
  const replyNoteHtml = count === 1 ? single : html`Replying to this email answers ${bdi(first.visitorName)} ${firstOne}`
  const moreNote = more > 0 ? `${plural(more, 'more person is', 'more people are')} waiting too; this email lists the ${items.length} who have waited longest.` : ''
  return {
    to: { name: oneLine(to.name), email: to.email },
    replyTo: { email: items[0]!.links.replyAddress },
    subject,
    text: [`${subject}, ${isolate(to.name)}.`, '', ...parts.map((p) => `${p.text}\n`), ...(moreNote ? [moreNote, ''] : []), replyNote, '', answerFooterText(to)].join('\n'),
    html: layout(
      preheader,
      html`<h1 style="font-size:20px;margin:0 0 20px">${subject}</h1>${parts.map((p) => p.html)}${moreNote ? html`<p>${moreNote}</p>` : ''}<p>${replyNoteHtml}</p>${answerFooterHtml(to)}`,
    ),
  }
}

/** A conversation was handed to this person: by a colleague, or by escalation. */
export function assignedMail(
  to: StaffRecipient,
  item: WaitingItem,
  links: AnswerLinks,
  why: { fromName: string | null; note: string | null },
  now: number,
): OutgoingMail {
  const parts = itemParts(item, links, now)
  const from = why.fromName === null ? 'A colleague' : isolate(why.fromName)
  const intro = `${from} handed you a conversation.${why.note ? ` ${isolate(why.note)}` : ''}`
  const introHtml = html`${why.fromName === null ? 'A colleague' : bdi(why.fromName)} handed you a conversation.${why.note && html` ${bdi(why.note)}`}`
  const subject = oneLine(`${from} handed you ${isolate(item.visitorName)}'s question on “${isolate(pageName(item))}”`)
  return {
    to: { name: oneLine(to.name), email: to.email },
    replyTo: { email: links.replyAddress },
    subject,
    text: [intro, '', parts.text, '', answerFooterText(to)].join('\n'),
    html: layout(subject, html`<p>${introHtml}</p>${parts.html}${answerFooterHtml(to)}`),
  }
}

/** The old link expired; here is a new one. */
export function freshLinkMail(to: StaffRecipient, item: WaitingItem, links: AnswerLinks, now: number): OutgoingMail {
  const parts = itemParts(item, links, now)
  const subject = oneLine(`A fresh link to answer ${isolate(item.visitorName)} on “${isolate(pageName(item))}”`)
  return {
    to: { name: oneLine(to.name), email: to.email },
    replyTo: { email: links.replyAddress },
    subject,
    text: [`You asked for a fresh link.`, '', parts.text, '', answerFooterText(to)].join('\n'),
    html: layout(subject, html`<p>You asked for a fresh link.</p>${parts.html}${answerFooterHtml(to)}`),
  }
}

export type VisitorLinks = { commentUrl: string; unsubscribeUrl: string; unsubscribeAllUrl: string }

/** "NAME (ROLE) replied to you": the visitor hears back from the person, with one-click unsubscribe. */
export function visitorReplyMail(n: VisitorReplyNotice, links: VisitorLinks): OutgoingMail {
  const subject = oneLine(`${isolate(n.staffName)} (${isolate(n.staffRole)}) replied to you`)
  const where = pageName(n)
  const text = [
    `Hello ${isolate(n.visitorName)},`,
    '',
    `${isolate(n.staffName)}, ${isolate(n.staffRole)} at ${isolate(n.siteName)}, replied to your comment on “${isolate(where)}”:`,
    '',
    indent(documentToText(doc(n.replyDoc))),
    '',
    `See it on the page, and answer there: ${links.commentUrl}`,
    '',
    `Stop emails about this conversation: ${links.unsubscribeUrl}`,
    `Stop all emails from ${isolate(n.siteName)} comments: ${links.unsubscribeAllUrl}`,
  ].join('\n')
  return {
    to: { name: oneLine(n.visitorName), email: n.visitorEmail },
    subject,
    text,
    html: layout(
      `${isolate(n.staffName)} replied to your comment on “${isolate(where)}”`,
      html`<p>Hello ${bdi(n.visitorName)},</p>
<p><strong>${bdi(n.staffName)}</strong>, ${bdi(n.staffRole)} at ${bdi(n.siteName)}, replied to your comment on
<a href="${safeUrl(n.pageUrl)}">${bdi(where)}</a>:</p>
${quoteHtml(n.replyDoc, { links: 'live' })}
<p>${button(links.commentUrl, 'See it on the page')}</p>
<p style="color:#555;font-size:13px">You get this because you commented on ${bdi(n.siteName)}.
<a href="${safeUrl(links.unsubscribeUrl)}">Stop emails about this conversation</a> ·
<a href="${safeUrl(links.unsubscribeAllUrl)}">Stop all of them</a>.</p>`,
    ),
    headers: {
      'List-Unsubscribe': `<${links.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Auto-Submitted': 'auto-generated',
    },
  }
}

/** A link a visitor asked for (confirmation, their data): sent automatically, to the address they gave. */
function linkMail(to: { name: string; email: string }, subject: string, text: string, body: Html): OutgoingMail {
  return { to: { name: oneLine(to.name), email: to.email }, subject, text, html: layout(subject, body), headers: { 'Auto-Submitted': 'auto-generated' } }
}

/** "Confirm your address": the link that lets a visitor's held comments through. */
export function verifyEmailMail(to: { name: string; email: string }, siteName: string, confirmUrl: string): OutgoingMail {
  const subject = oneLine(`Confirm your email to publish your comment on ${isolate(siteName)}`)
  const text = [
    `Hello ${isolate(to.name)},`,
    '',
    `To publish your comment on ${isolate(siteName)}, confirm that this address is yours:`,
    '',
    `  ${confirmUrl}`,
    '',
    'The link works once, for 24 hours. If you did not comment, ignore this email: nothing will be published.',
  ].join('\n')
  const body = html`<p>Hello ${bdi(to.name)},</p><p>To publish your comment on ${bdi(siteName)}, confirm that this address is yours:</p>
<p>${button(confirmUrl, 'Confirm my email')}</p><p style="color:#555;font-size:13px">Or open ${confirmUrl}. The link works once, for 24 hours.
If you did not comment, ignore this email: nothing will be published.</p>`
  return linkMail(to, subject, text, body)
}

/** The link that confirms an export or deletion request: nothing happens until the visitor opens it and confirms. */
export function privacyLinkMail(
  to: { name: string; email: string },
  siteName: string,
  action: 'export' | 'delete',
  confirmUrl: string,
): OutgoingMail {
  const what = action === 'export' ? 'download a copy of' : 'delete'
  const subject = oneLine(`Confirm: ${what} your comment data on ${isolate(siteName)}`)
  const text = [
    `Hello ${isolate(to.name)},`,
    '',
    `Someone asked to ${what} everything Byline holds for this address on ${isolate(siteName)}. If it was you, confirm here:`,
    '',
    `  ${confirmUrl}`,
    '',
    'The link works once, for one hour. If it was not you, ignore this email: nothing happens.',
  ].join('\n')
  const body = html`<p>Hello ${bdi(to.name)},</p><p>Someone asked to ${what} everything Byline holds for this address on ${bdi(siteName)}. If it was you, confirm here:</p>
<p>${button(confirmUrl, action === 'export' ? 'Download my data' : 'Delete my data')}</p>
<p style="color:#555;font-size:13px">The link works once, for one hour. If it was not you, ignore this email: nothing happens.</p>`
  return linkMail(to, subject, text, body)
}

/** A console sign-in link an admin asked for; it signs in only once the page it opens is confirmed. */
export function consoleSignInMail(to: { email: string; name: string | null; orgName: string }, signInUrl: string, minutes: number): OutgoingMail {
  const subject = oneLine(`Sign in to the Byline console of ${isolate(to.orgName)}`)
  const hello = to.name ? `Hello ${isolate(to.name)},` : 'Hello,'
  const text = [
    hello,
    '',
    `Someone asked to sign in to the Byline console of ${isolate(to.orgName)} as ${to.email}. If it was you, open:`,
    '',
    `  ${signInUrl}`,
    '',
    `The link works once, for ${minutes} minutes. If it was not you, ignore this email: nobody is signed in.`,
  ].join('\n')
  const body = html`<p>${to.name ? html`Hello ${bdi(to.name)},` : 'Hello,'}</p>
<p>Someone asked to sign in to the Byline console of ${bdi(to.orgName)} as ${to.email}. If it was you:</p>
<p>${button(signInUrl, 'Sign in')}</p><p style="color:#555;font-size:13px">Or open ${signInUrl}. The link works once, for ${minutes} minutes.
If it was not you, ignore this email: nobody is signed in.</p>`
  return linkMail({ name: to.name ?? '', email: to.email }, subject, text, body)
}

/** A fresh link to a staff member's personal page, which they asked for from an expired one. */
export function selfServiceLinkMail(to: { name: string; email: string; orgName: string }, url: string): OutgoingMail {
  const subject = oneLine(`Your Byline page at ${isolate(to.orgName)}: profile, digest and away dates`)
  const text = [
    `Hello ${isolate(to.name)},`,
    '',
    'Here is a fresh link to your page, where you change your profile, your digest and when you are away:',
    '',
    `  ${url}`,
    '',
    "The link works for 14 days and only for you: please don't forward this email.",
  ].join('\n')
  const body = html`<p>Hello ${bdi(to.name)},</p><p>Here is a fresh link to your page, where you change your profile, your digest and when you are away:</p>
<p>${button(url, 'Open my page')}</p><p style="color:#555;font-size:13px">Or open ${url}. The link works for 14 days and only for you: please don't forward this email.</p>`
  return linkMail({ name: to.name, email: to.email }, subject, text, body)
}
