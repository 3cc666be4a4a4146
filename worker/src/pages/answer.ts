import { COMMENT_MAX_CHARS, type Comment, type Conversation } from '../../../schema'
import { bdi, isolate } from '../render/email'
import { html, safeUrl, type Html } from '../render/html'
import { commentHtml, page } from '../render/page'
import { staffLinkRefusal, type StaffLinkRefusal } from './error'

/*
 * The reply page a digest links to, and what it says when the link will not do. Every form posts back
 * under /answer/{token}; the routes decide the status (see each view).
 */

/** What the reply page shows, as plain data. */
export type AnswerPageView = {
  /** The link's token: the page's forms post to /answer/{token}/…. */
  token: string
  site: { name: string }
  page: { url: string; title: string | null }
  conversation: Conversation
  /** Who this link signs in; times are shown in their zone (UTC when not given). */
  me: { name: string; role: string; timeZone?: string }
  /** Active colleagues it can be handed to: neither me nor the assignee. */
  colleagues: { handle: string; name: string; role: string }[]
  /** The `done` query of the redirect after a form: what just happened, said once. */
  done?: string
  /** Why the last form was refused; the route answers 400 with it. */
  error?: string
  /** The reply form's one-time token: the same form sent twice publishes one reply. */
  formToken: string
  /** What the person typed in the refused reply, given back in the reply box. */
  draft?: string
}

// A Map, not an object: `?done=constructor` must find nothing.
const doneNotice = new Map([
  ['replied', 'Your reply is published under your name. The visitor will get an email.'],
  ['handed', 'Handed over. Your colleague has been told.'],
  ['closed', 'Closed: no reply needed.'],
  ['approve', 'Approved: the comment is published.'],
  ['hide', 'Hidden: the thread shows “hidden by moderators”.'],
  ['delete', 'Deleted.'],
])

/**
 * Approve, hide, delete: small forms under each visitor comment a responder can act on. Hide and delete ask
 * first, without script (the page runs none): the button that acts is inside a <details> opened by a click.
 */
function moderationControls(path: string, m: Comment): Html | undefined {
  if (m.author.kind !== 'visitor' || m.state === 'deleted') return undefined
  const form = (controls: Html) =>
    html`<form method="post" action="${path}/moderate"><input type="hidden" name="commentId" value="${m.id}">${controls}</form>`
  const approve = form(html`<button class="quiet" name="action" value="approve">Approve</button>`)
  const confirmed = (action: 'hide' | 'delete', label: string, question: string, yes: string) =>
    form(html`<details><summary>${label}…</summary><p>${question}</p><button class="danger" name="action" value="${action}">${yes}</button></details>`)
  return html`<div class="actions">${m.state === 'pending' && approve}${
    m.state !== 'hidden' && confirmed('hide', 'Hide', 'Hide this comment? The thread shows “hidden by moderators” in its place.', 'Yes, hide it')
  }${confirmed('delete', 'Delete', 'Delete this comment? Its words are removed for good; the thread shows “deleted”.', 'Yes, delete it')}</div>`
}

/** The conversation, a reply box, hand-over and close. 200, or 400 when `error` is set. */
export function answerPage(view: AnswerPageView): Html {
  const { conversation, me, colleagues } = view
  const path = `/answer/${view.token}`
  const timeZone = me.timeZone ?? 'UTC'
  const opener = conversation.comments[0]!
  const visitor = opener.author.kind === 'visitor' ? opener.author.name : null
  const notice = view.done && doneNotice.get(view.done)
  const status =
    conversation.status === 'answered'
      ? 'Answered'
      : conversation.status === 'closed'
        ? 'Closed'
        : html`Waiting for ${bdi(conversation.assignee.name)}`
  const handovers = conversation.handovers.map((h) => html`<li>${bdi(h.from.name)} → ${bdi(h.to.name)}${h.note && html`: ${bdi(h.note)}`}</li>`)
  // Parsers drop one newline right after <textarea>: the template writes one, so a draft's own survives.
  return page(
    `Answer ${visitor === null ? 'the visitor' : isolate(visitor)}`,
    html`<p class="muted">${bdi(view.site.name)} · signed in by this link as ${bdi(me.name)}</p>
<h1>Answer ${visitor === null ? 'the visitor' : bdi(visitor)} on <a href="${safeUrl(view.page.url)}">${bdi(view.page.title ?? view.page.url)}</a></h1>
${notice && html`<p class="notice" role="status">${notice}</p>`}
${view.error && html`<p class="error" role="alert">${view.error}</p>`}
<p class="muted">${status}.</p>
${handovers.length > 0 && html`<ul class="muted">${handovers}</ul>`}
${conversation.comments.map((m) => commentHtml(m, timeZone, moderationControls(path, m)))}
<h2 id="reply">Your reply</h2>
<form method="post" action="${path}/reply"><input type="hidden" name="once" value="${view.formToken}">
  <label for="body">Reply as ${bdi(me.name)}, ${bdi(me.role)}</label>
  <textarea id="body" name="body" dir="auto" required maxlength="${COMMENT_MAX_CHARS}" aria-describedby="body-note">
${view.draft}</textarea>
  <p id="body-note" class="muted">Published on the page under your name, role and photo. Plain text; a blank line starts a paragraph.</p>
  <button>Publish reply</button>
</form>
<h2 id="hand-over">Hand over to a colleague</h2>
${
  colleagues.length
    ? html`<form method="post" action="${path}/handover">
  <label for="to">Colleague</label>
  <select id="to" name="to" required>${colleagues.map((s) => html`<option value="${s.handle}">${isolate(s.name)} (${isolate(s.role)})</option>`)}</select>
  <label for="note">Note (shown in the thread)</label>
  <input id="note" name="note" maxlength="500" dir="auto">
  <button class="quiet">Hand over</button>
</form>`
    : html`<p class="muted">Nobody else on the staff can take it.</p>`
}
<h2>Nothing to add?</h2>
<form method="post" action="${path}/close"><button class="quiet">No reply needed</button></form>`,
  )
}

/** Why an answer link will not do (see staffLinkRefusal). */
export type AnswerRefusal = StaffLinkRefusal

export const refusalPage = (refusal: AnswerRefusal): Html =>
  staffLinkRefusal(refusal, {
    whereToFind: 'Use the link in your latest digest.',
    expired: 'Links to answer expire after 14 days. We can email you a fresh one for this conversation.',
    renewAction: (token) => `/answer/${token}/renew`,
    renewLabel: 'Email me a fresh link',
  })

/** After "Email me a fresh link": 200. */
export function freshLinkSent(staffName: string): Html {
  return page(
    'A fresh link is on its way',
    html`<h1>A fresh link is on its way</h1><p>We emailed it to the address we have for ${bdi(staffName)}.</p>`,
  )
}
