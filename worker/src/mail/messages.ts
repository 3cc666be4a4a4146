import type { Doc } from '../../../schema'
import { documentToHtml, documentToText, escapeHtml } from '../render/email'
import type { AssignedNotice, NewCommentNotice } from '../store/outbox'
import { oneLine, type OutgoingMail } from './mailer'

/** "Someone wrote on your page": what the assigned responder receives. */
export function newCommentMail(n: NewCommentNotice): OutgoingMail {
  const doc = JSON.parse(n.bodyDoc) as Doc
  const where = n.pageTitle ?? n.pageUrl
  const subject = oneLine(`${n.visitorName} commented on “${where}”`)
  const text = [
    `${n.visitorName} wrote on ${where} (${n.siteName}):`,
    '',
    documentToText(doc),
    '',
    `The page: ${n.pageUrl}`,
    '',
    `You are receiving this because comments on this page come to you, ${n.staffName}.`,
  ].join('\n')
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a">
<p><strong>${escapeHtml(n.visitorName)}</strong> wrote on <a href="${escapeHtml(n.pageUrl)}">${escapeHtml(where)}</a> (${escapeHtml(n.siteName)}):</p>
<div style="border-left:3px solid #2a5bd7;padding-left:12px;margin:16px 0">${documentToHtml(doc)}</div>
<p>The page: <a href="${escapeHtml(n.pageUrl)}">${escapeHtml(n.pageUrl)}</a></p>
<p style="color:#555;font-size:13px">You are receiving this because comments on this page come to you, ${escapeHtml(n.staffName)}.</p>
</body></html>`
  return { to: { name: oneLine(n.staffName), email: n.staffEmail }, subject, text, html }
}

/** "A conversation was handed to you": escalations and hand-overs. */
export function assignedMail(n: AssignedNotice): OutgoingMail {
  const doc = JSON.parse(n.bodyDoc) as Doc
  const where = n.pageTitle ?? n.pageUrl
  const why = n.note ?? ''
  const subject = oneLine(`${n.visitorName} is waiting for an answer on “${where}” (from ${n.fromName})`)
  const text = [
    `${n.fromName} had a conversation on ${where} that is now yours. ${why}`.trim(),
    '',
    `${n.visitorName} wrote:`,
    '',
    documentToText(doc),
    '',
    `The page: ${n.pageUrl}`,
  ].join('\n')
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a">
<p>${escapeHtml(n.fromName)} had a conversation on <a href="${escapeHtml(n.pageUrl)}">${escapeHtml(where)}</a> that is now yours. ${escapeHtml(why)}</p>
<p><strong>${escapeHtml(n.visitorName)}</strong> wrote:</p>
<div style="border-left:3px solid #2a5bd7;padding-left:12px;margin:16px 0">${documentToHtml(doc)}</div>
<p>The page: <a href="${escapeHtml(n.pageUrl)}">${escapeHtml(n.pageUrl)}</a></p>
</body></html>`
  return { to: { name: oneLine(n.toName), email: n.toEmail }, subject, text, html }
}
