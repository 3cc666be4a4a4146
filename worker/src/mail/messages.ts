import type { Doc } from '../../../schema'
import { direction, t, tHtml, type Locale } from '../i18n'
import { bdi, documentToHtml, documentToText, isolate, type DocumentLinks } from '../render/email'
import { html, safeUrl, type Html } from '../render/html'
import type { Mailbox, VisitorReplyNotice, WaitingItem } from '../store/notices'
import { oneLine, type OutgoingMail } from './mailer'

/*
 * Every email Byline sends, as text and HTML built from the same parts, in the recipient's language (i18n/: a
 * visitor's is the one they posted in, a member of staff's their profile's; English when unknown). Visitor text is
 * rendered from its document tree, escaped; links are shown with their target, and a visitor's are not links at all
 * (staff read these signed in to their work accounts); nothing is loaded from elsewhere. Every name, role, title and
 * body keeps its writing direction to itself: isolated in text, <bdi> or dir="auto" in HTML, and a right-to-left
 * language lays the HTML part out right to left.
 */

/** The ways to answer one conversation, each a credential scoped to one person and one conversation. */
export type AnswerLinks = { replyUrl: string; handoverUrl: string; replyAddress: string }

const doc = (json: string) => JSON.parse(json) as Doc

export function waitedFor(ms: number, locale: Locale = 'en'): string {
  const minutes = Math.max(1, Math.round(ms / 60_000))
  if (minutes < 60) return t(locale, 'minutes', { n: minutes })
  const hours = Math.round(minutes / 60)
  if (hours < 48) return t(locale, 'hours', { n: hours })
  return t(locale, 'days', { n: Math.round(hours / 24) })
}

const pageName = (item: { pageTitle: string | null; pageUrl: string }) => item.pageTitle ?? item.pageUrl

/** A title in the language's quotation marks, isolated: for subjects and text parts. */
const quoted = (locale: Locale, s: string) => t(locale, 'quoted', { text: isolate(s) })

/** `Label: value`, with the language's spacing. */
const labelled = (locale: Locale, label: string, value: string) => t(locale, 'labelled', { label, value })

/** The whole HTML part, in the recipient's language and direction; the mailer takes it as a string. */
function layout(locale: Locale, preheader: string, body: Html): string {
  return html`<!doctype html><html lang="${locale}" dir="${direction(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
<body style="margin:0;padding:24px;font-family:system-ui,-apple-system,Segoe UI,sans-serif;line-height:1.5;color:#1a1a1a;background:#fff">
<div style="display:none;max-height:0;overflow:hidden">${preheader}</div>
<div style="max-width:40rem">${body}</div>
</body></html>`.toString()
}

/** Physical sides (mail clients ignore logical CSS properties): the side a line starts on. */
const start = (locale: Locale) => (direction(locale) === 'rtl' ? 'right' : 'left')
const end = (locale: Locale) => (direction(locale) === 'rtl' ? 'left' : 'right')

const button = (locale: Locale, href: string, label: string) =>
  html`<a href="${safeUrl(href)}" style="display:inline-block;padding:8px 16px;margin:0;margin-bottom:8px;margin-${end(locale)}:8px;border-radius:6px;background:#1d4ed8;color:#fff;text-decoration:none">${label}</a>`

const quoteHtml = (locale: Locale, d: string, links: DocumentLinks) =>
  html`<div dir="auto" style="border-${start(locale)}:3px solid #1d4ed8;padding-${start(locale)}:12px;margin:12px 0">${documentToHtml(doc(d), links)}</div>`

const indent = (text: string) => text.replace(/^/gm, '    ')

/** The language's header lines for a mail: Content-Language, and whatever else the message carries. */
const languageHeaders = (locale: Locale, headers: Record<string, string> = {}) => ({ 'Content-Language': locale, ...headers })

/** One waiting conversation with its Reply and Hand over links, as text and as HTML. */
function itemParts(locale: Locale, item: WaitingItem, links: AnswerLinks, now: number) {
  const where = pageName(item)
  const waited = waitedFor(now - item.waitingSince, locale)
  const mailto = `mailto:${links.replyAddress}?subject=${encodeURIComponent(t(locale, 'mailtoSubject', { visitor: isolate(item.visitorName), page: isolate(where) }))}`
  // The four links' labels in one column, as long as the language's longest label needs.
  const labels = (['linkReply', 'linkHandOver', 'linkByEmail', 'linkPage'] as const).map((k) => `  ${labelled(locale, t(locale, k), '').trimEnd()}`)
  const width = Math.max(...labels.map((l) => l.length)) + 2
  const [reply, handOver, byEmail, thePage] = labels.map((l) => l.padEnd(width))
  const text = [
    t(locale, 'itemText', { visitor: isolate(item.visitorName), page: quoted(locale, where), site: isolate(item.siteName), waited }),
    '',
    indent(documentToText(doc(item.bodyDoc))),
    '',
    `${reply}${links.replyUrl}`,
    `${handOver}${links.handoverUrl}`,
    `${byEmail}${links.replyAddress}`,
    `${thePage}${item.pageUrl}`,
  ].join('\n')
  const part = html`<div style="margin:0 0 28px">
<p style="margin:0">${tHtml(locale, 'itemOn', { visitor: html`<strong>${bdi(item.visitorName)}</strong>`, page: html`<a href="${safeUrl(item.pageUrl)}">${bdi(where)}</a>` })}
<span style="color:#555">${tHtml(locale, 'itemWaiting', { site: bdi(item.siteName), waited })}</span></p>
${quoteHtml(locale, item.bodyDoc, { links: 'text' })}
<p style="margin:0">${button(locale, links.replyUrl, t(locale, 'linkReply'))}${button(locale, links.handoverUrl, t(locale, 'linkHandOver'))}</p>
<p style="margin:0;color:#555;font-size:14px">${tHtml(locale, 'answerByEmail', { address: html`<a href="${safeUrl(mailto)}">${links.replyAddress}</a>` })}
${t(locale, 'pageIs', { url: item.pageUrl })}</p>
</div>`
  return { text, html: part }
}

/**
 * Who a staff email goes to; `selfServiceUrl`, their personal page (profile, digest, away), is in every one; `locale`,
 * the language of their profile (English when not given).
 */
export type StaffRecipient = Mailbox & { selfServiceUrl?: string; locale?: Locale }

const answerFooterText = (locale: Locale, to: StaffRecipient) =>
  [
    t(locale, 'answerFooter', { name: isolate(to.name) }),
    ...(to.selfServiceUrl ? ['', labelled(locale, t(locale, 'selfServiceNote'), to.selfServiceUrl)] : []),
  ].join('\n')
const answerFooterHtml = (locale: Locale, to: StaffRecipient) =>
  html`<p style="color:#555;font-size:13px">${tHtml(locale, 'answerFooter', { name: bdi(to.name) })}</p>${
    to.selfServiceUrl && html`<p style="color:#555;font-size:13px"><a href="${safeUrl(to.selfServiceUrl)}">${t(locale, 'selfServiceNote')}</a></p>`
  }`

/** A staff message's envelope: to the person, answers by email to the conversation's address, in their language. */
const staffMail = (locale: Locale, to: StaffRecipient, replyAddress: string, subject: string, text: string, body: Html, preheader = subject): OutgoingMail => ({
  to: { name: oneLine(to.name), email: to.email },
  replyTo: { email: replyAddress },
  subject,
  text,
  html: layout(locale, preheader, body),
  headers: languageHeaders(locale),
})

/** Someone wrote and it is yours: sent at once to people who chose immediate notices. */
export function newCommentMail(to: StaffRecipient, item: WaitingItem, links: AnswerLinks, now: number): OutgoingMail {
  const locale = to.locale ?? 'en'
  const parts = itemParts(locale, item, links, now)
  const subject = oneLine(t(locale, 'newCommentSubject', { visitor: isolate(item.visitorName), page: quoted(locale, pageName(item)) }))
  const note = t(locale, 'replyToAnswer')
  return staffMail(
    locale,
    to,
    links.replyAddress,
    subject,
    [parts.text, '', note, '', answerFooterText(locale, to)].join('\n'),
    html`${parts.html}<p>${note}</p>${answerFooterHtml(locale, to)}`,
  )
}

/**
 * Everyone waiting for one person, in one email at their chosen hour; past the list's length, the longest-waiting
 * of them, and `total` says how many more wait.
 */
export function digestMail(to: StaffRecipient, items: { item: WaitingItem; links: AnswerLinks }[], now: number, total = items.length): OutgoingMail {
  const locale = to.locale ?? 'en'
  const count = Math.max(total, items.length)
  const more = count - items.length
  const subject = t(locale, 'digestSubject', { n: count })
  const first = items[0]!.item
  const firstOn = t(locale, 'itemOn', { visitor: isolate(first.visitorName), page: quoted(locale, pageName(first)) })
  const preheader = oneLine(count > 1 ? t(locale, 'digestPreheader', { first: firstOn, n: count - 1 }) : firstOn)
  const parts = items.map(({ item, links }) => itemParts(locale, item, links, now))
  const single = t(locale, 'replyToAnswer')
  const replyNote = count === 1 ? single : t(locale, 'digestReplyNote', { visitor: isolate(first.visitorName) })
  const replyNoteHtml = count === 1 ? single : tHtml(locale, 'digestReplyNote', { visitor: bdi(first.visitorName) })
  const moreNote = more > 0 ? t(locale, 'digestMore', { n: more, shown: items.length }) : ''
  return staffMail(
    locale,
    to,
    items[0]!.links.replyAddress,
    subject,
    [
      t(locale, 'digestGreeting', { subject, name: isolate(to.name) }),
      '',
      ...parts.map((p) => `${p.text}\n`),
      ...(moreNote ? [moreNote, ''] : []),
      replyNote,
      '',
      answerFooterText(locale, to),
    ].join('\n'),
    html`<h1 style="font-size:20px;margin:0 0 20px">${subject}</h1>${parts.map((p) => p.html)}${moreNote ? html`<p>${moreNote}</p>` : ''}<p>${replyNoteHtml}</p>${answerFooterHtml(locale, to)}`,
    preheader,
  )
}

/** A conversation was handed to this person: by a colleague, or by escalation. */
export function assignedMail(
  to: StaffRecipient,
  item: WaitingItem,
  links: AnswerLinks,
  why: { fromName: string | null; note: string | null },
  now: number,
): OutgoingMail {
  const locale = to.locale ?? 'en'
  const parts = itemParts(locale, item, links, now)
  const from = why.fromName === null ? t(locale, 'aColleague') : isolate(why.fromName)
  const intro = `${t(locale, 'handedYou', { from })}${why.note ? ` ${isolate(why.note)}` : ''}`
  const introHtml = html`${tHtml(locale, 'handedYou', { from: why.fromName === null ? t(locale, 'aColleague') : bdi(why.fromName) })}${why.note && html` ${bdi(why.note)}`}`
  const subject = oneLine(t(locale, 'assignedSubject', { from, visitor: isolate(item.visitorName), page: quoted(locale, pageName(item)) }))
  return staffMail(
    locale,
    to,
    links.replyAddress,
    subject,
    [intro, '', parts.text, '', answerFooterText(locale, to)].join('\n'),
    html`<p>${introHtml}</p>${parts.html}${answerFooterHtml(locale, to)}`,
  )
}

/** The old link expired; here is a new one. */
export function freshLinkMail(to: StaffRecipient, item: WaitingItem, links: AnswerLinks, now: number): OutgoingMail {
  const locale = to.locale ?? 'en'
  const parts = itemParts(locale, item, links, now)
  const subject = oneLine(t(locale, 'freshSubject', { visitor: isolate(item.visitorName), page: quoted(locale, pageName(item)) }))
  const intro = t(locale, 'freshIntro')
  return staffMail(
    locale,
    to,
    links.replyAddress,
    subject,
    [intro, '', parts.text, '', answerFooterText(locale, to)].join('\n'),
    html`<p>${intro}</p>${parts.html}${answerFooterHtml(locale, to)}`,
  )
}

export type VisitorLinks = { commentUrl: string; unsubscribeUrl: string; unsubscribeAllUrl: string }

/** "NAME (ROLE) replied to you": the visitor hears back from the person, in the language they wrote in, with one-click unsubscribe. */
export function visitorReplyMail(n: VisitorReplyNotice, links: VisitorLinks, locale: Locale = 'en'): OutgoingMail {
  const subject = oneLine(t(locale, 'replySubject', { staff: isolate(n.staffName), role: isolate(n.staffRole) }))
  const where = pageName(n)
  const text = [
    t(locale, 'hello', { name: isolate(n.visitorName) }),
    '',
    t(locale, 'replyIntro', { staff: isolate(n.staffName), role: isolate(n.staffRole), site: isolate(n.siteName), page: quoted(locale, where) }),
    '',
    indent(documentToText(doc(n.replyDoc))),
    '',
    t(locale, 'seeOnPageText', { url: links.commentUrl }),
    '',
    labelled(locale, t(locale, 'stopConversation'), links.unsubscribeUrl),
    labelled(locale, t(locale, 'stopAllFrom', { site: isolate(n.siteName) }), links.unsubscribeAllUrl),
  ].join('\n')
  return {
    to: { name: oneLine(n.visitorName), email: n.visitorEmail },
    subject,
    text,
    html: layout(
      locale,
      t(locale, 'replyPreheader', { staff: isolate(n.staffName), page: quoted(locale, where) }),
      html`<p>${tHtml(locale, 'hello', { name: bdi(n.visitorName) })}</p>
<p>${tHtml(locale, 'replyIntro', {
        staff: html`<strong>${bdi(n.staffName)}</strong>`,
        role: bdi(n.staffRole),
        site: bdi(n.siteName),
        page: html`<a href="${safeUrl(n.pageUrl)}">${bdi(where)}</a>`,
      })}</p>
${quoteHtml(locale, n.replyDoc, { links: 'live' })}
<p>${button(locale, links.commentUrl, t(locale, 'seeOnPage'))}</p>
<p style="color:#555;font-size:13px">${tHtml(locale, 'whyYouGetThis', { site: bdi(n.siteName) })}
<a href="${safeUrl(links.unsubscribeUrl)}">${t(locale, 'stopConversation')}</a> ·
<a href="${safeUrl(links.unsubscribeAllUrl)}">${t(locale, 'stopAll')}</a>.</p>`,
    ),
    headers: languageHeaders(locale, {
      'List-Unsubscribe': `<${links.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Auto-Submitted': 'auto-generated',
    }),
  }
}

/** Who a link mail goes to, and (for visitors and staff) the language to write it in. */
type LinkRecipient = { name: string; email: string; locale?: Locale | undefined }

/** A link a visitor asked for (confirmation, their data): sent automatically, to the address they gave. */
function linkMail(to: LinkRecipient, subject: string, text: string, body: Html): OutgoingMail {
  const locale = to.locale ?? 'en'
  return {
    to: { name: oneLine(to.name), email: to.email },
    subject,
    text,
    html: layout(locale, subject, body),
    headers: languageHeaders(locale, { 'Auto-Submitted': 'auto-generated' }),
  }
}

/** "Confirm your address": the link that lets a visitor's held comments through. */
export function verifyEmailMail(to: LinkRecipient, siteName: string, confirmUrl: string): OutgoingMail {
  const locale = to.locale ?? 'en'
  const subject = oneLine(t(locale, 'verifySubject', { site: isolate(siteName) }))
  const text = [
    t(locale, 'hello', { name: isolate(to.name) }),
    '',
    t(locale, 'verifyIntro', { site: isolate(siteName) }),
    '',
    `  ${confirmUrl}`,
    '',
    `${t(locale, 'verifyOnce')} ${t(locale, 'verifyIgnore')}`,
  ].join('\n')
  const body = html`<p>${tHtml(locale, 'hello', { name: bdi(to.name) })}</p><p>${tHtml(locale, 'verifyIntro', { site: bdi(siteName) })}</p>
<p>${button(locale, confirmUrl, t(locale, 'verifyButton'))}</p><p style="color:#555;font-size:13px">${t(locale, 'orOpen', { url: confirmUrl })} ${t(locale, 'verifyOnce')}
${t(locale, 'verifyIgnore')}</p>`
  return linkMail(to, subject, text, body)
}

/** The link that confirms an export or deletion request: nothing happens until the visitor opens it and confirms. */
export function privacyLinkMail(to: LinkRecipient, siteName: string, action: 'export' | 'delete', confirmUrl: string): OutgoingMail {
  const locale = to.locale ?? 'en'
  const exporting = action === 'export'
  const subject = oneLine(t(locale, exporting ? 'privacyExportSubject' : 'privacyDeleteSubject', { site: isolate(siteName) }))
  const intro = exporting ? 'privacyExportIntro' : 'privacyDeleteIntro'
  const text = [
    t(locale, 'hello', { name: isolate(to.name) }),
    '',
    t(locale, intro, { site: isolate(siteName) }),
    '',
    `  ${confirmUrl}`,
    '',
    t(locale, 'privacyNote'),
  ].join('\n')
  const body = html`<p>${tHtml(locale, 'hello', { name: bdi(to.name) })}</p><p>${tHtml(locale, intro, { site: bdi(siteName) })}</p>
<p>${button(locale, confirmUrl, t(locale, exporting ? 'privacyExportButton' : 'privacyDeleteButton'))}</p>
<p style="color:#555;font-size:13px">${t(locale, 'privacyNote')}</p>`
  return linkMail(to, subject, text, body)
}

/** A console sign-in link an admin asked for; it signs in only once the page it opens is confirmed. In English: admins have no language setting yet. */
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
<p>${button('en', signInUrl, 'Sign in')}</p><p style="color:#555;font-size:13px">Or open ${signInUrl}. The link works once, for ${minutes} minutes.
If it was not you, ignore this email: nobody is signed in.</p>`
  return linkMail({ name: to.name ?? '', email: to.email }, subject, text, body)
}

/** A fresh link to a staff member's personal page, which they asked for from an expired one; in their profile's language. */
export function selfServiceLinkMail(to: LinkRecipient & { orgName: string }, url: string): OutgoingMail {
  const locale = to.locale ?? 'en'
  const subject = oneLine(t(locale, 'selfSubject', { org: isolate(to.orgName) }))
  const text = [t(locale, 'hello', { name: isolate(to.name) }), '', t(locale, 'selfIntro'), '', `  ${url}`, '', t(locale, 'selfNote')].join('\n')
  const body = html`<p>${tHtml(locale, 'hello', { name: bdi(to.name) })}</p><p>${t(locale, 'selfIntro')}</p>
<p>${button(locale, url, t(locale, 'selfButton'))}</p><p style="color:#555;font-size:13px">${t(locale, 'orOpen', { url })} ${t(locale, 'selfNote')}</p>`
  return linkMail(to, subject, text, body)
}
