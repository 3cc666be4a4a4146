import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { bodyText, COMMENT_MAX_CHARS, lineText, slug, type Comment } from '../../../schema'
import type { AppEnv } from '../env'
import { ApiError } from '../http/errors'
import { readForm } from '../http/validate'
import { deliverOutbox } from '../mail/deliver'
import { escapeHtml } from '../render/email'
import { commentHtml, page, pageHeaders } from '../render/page'
import { textToDocument } from '../render/document'
import { handOverConversation } from '../store/assignments'
import { closeConversation, insertStaffReply } from '../store/comments'
import { getModeratedComment, moderateComment } from '../store/moderation'
import { queueFreshLink } from '../store/notices'
import type { StaffRow } from '../store/staff'
import { readConversation, type ConversationView } from '../store/threads'
import { findToken } from '../store/tokens'

/*
 * The reply page a digest links to. The link is the credential: one person, one conversation, 14 days.
 * GET only shows (mail scanners open links); every change is a POST from the page's own forms.
 */

const FORM_MAX_BYTES = 64 * 1024
const ReplyForm = z.object({ body: bodyText(COMMENT_MAX_CHARS) })
const HandoverForm = z.object({ to: slug, note: z.union([z.literal(''), lineText(500)]).optional() })
const ModerateForm = z.object({ commentId: z.string().min(1).max(64), action: z.enum(['approve', 'hide', 'delete']) })

const done: Record<string, string> = {
  replied: 'Your reply is published under your name. The visitor will get an email.',
  handed: 'Handed over. Your colleague has been told.',
  closed: 'Closed: no reply needed.',
  approve: 'Approved: the comment is published.',
  hide: 'Hidden: the thread shows “hidden by moderators”.',
  delete: 'Deleted.',
}

function refusal(c: Context<AppEnv>, status: 403 | 410, title: string, text: string, extra = ''): Response {
  return c.html(page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>${extra}`), status)
}

/** The token behind the link, and who and what it is for; a refusal page when it will not do. */
type Credential = { view: ConversationView; me: StaffRow }

async function credential(c: Context<AppEnv>, allowExpired = false): Promise<{ refused: Response } | Credential> {
  const token = await findToken(c.env.DB, c.req.param('token') ?? '', 'answer_link', Date.now())
  if (!token?.staffId || !token.conversationId)
    return { refused: refusal(c, 403, 'This link does not work', 'It may have been copied incompletely. Use the link in your latest digest.') }
  if (token.expired && !allowExpired)
    return {
      refused: refusal(
        c,
        410,
        'This link has expired',
        'Links to answer expire after 14 days. We can email you a fresh one for this conversation.',
        `<form method="post" action="/answer/${escapeHtml(c.req.param('token') ?? '')}/renew"><button>Email me a fresh link</button></form>`,
      ),
    }
  const view = await readConversation(c.env.DB, token.conversationId)
  const me = view?.staff.find((s) => s.id === token.staffId && s.active)
  if (!view || !me) return { refused: refusal(c, 403, 'This link does not work', 'It is not for an active member of staff.') }
  return { view, me }
}

/** A form post must come from our own page (CSRF): the browser says where it came from in Sec-Fetch-Site or Origin. */
function assertSameOrigin(c: Context<AppEnv>) {
  const fetchSite = c.req.header('Sec-Fetch-Site')
  const origin = c.req.header('Origin')
  const crossSite =
    fetchSite !== undefined
      ? fetchSite !== 'same-origin' && fetchSite !== 'none'
      : origin !== undefined && origin !== new URL(c.req.url).origin
  if (crossSite) throw new ApiError('origin_not_allowed', 'This form can only be sent from its own page.')
}

/** Approve, hide, delete: small forms under each visitor comment a responder can act on. */
function moderationControls(path: string, m: Comment): string {
  if (m.author.kind !== 'visitor' || m.state === 'deleted') return ''
  const button = (action: string, label: string) =>
    `<form method="post" action="${path}/moderate" style="display:inline"><input type="hidden" name="commentId" value="${escapeHtml(m.id)}">` +
    `<input type="hidden" name="action" value="${action}"><button class="quiet">${label}</button></form> `
  return `<div>${m.state === 'pending' ? button('approve', 'Approve') : ''}${m.state !== 'hidden' ? button('hide', 'Hide') : ''}${button('delete', 'Delete')}</div>`
}

/** Every form post: from our own page, with a link that still works, for an active member of staff. */
async function act(
  c: Context<AppEnv>,
  allowExpired: boolean,
  run: (found: Credential) => Promise<Response>,
): Promise<Response> {
  assertSameOrigin(c)
  const found = await credential(c, allowExpired)
  return 'refused' in found ? found.refused : run(found)
}

function answerPage(c: Context<AppEnv>, view: ConversationView, meId: string, error = '') {
  const { conversation, page: where, site } = view
  const me = view.staff.find((s) => s.id === meId)!
  const path = `/answer/${escapeHtml(c.req.param('token') ?? '')}`
  const opener = conversation.comments[0]!
  const visitor = opener.author.kind === 'visitor' ? opener.author.name : 'the visitor'
  const notice = done[c.req.query('done') ?? '']
  const status =
    conversation.status === 'answered' ? 'Answered' : conversation.status === 'closed' ? 'Closed' : `Waiting for ${conversation.assignee.name}`
  const colleagues = view.staff.filter((s) => s.active && s.id !== meId && s.handle !== conversation.assignee.handle)
  const handovers = conversation.handovers
    .map((h) => `<li>${escapeHtml(h.from.name)} → ${escapeHtml(h.to.name)}${h.note ? `: ${escapeHtml(h.note)}` : ''}</li>`)
    .join('')
  return c.html(
    page(
      `Answer ${visitor}`,
      `<p class="muted">${escapeHtml(site.name)} · signed in by this link as ${escapeHtml(me.name)}</p>
<h1>Answer ${escapeHtml(visitor)} on <a href="${escapeHtml(where.url)}">${escapeHtml(where.title ?? where.url)}</a></h1>
${notice ? `<p class="notice" role="status">${escapeHtml(notice)}</p>` : ''}
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<p class="muted">${escapeHtml(status)}.</p>
${handovers ? `<ul class="muted">${handovers}</ul>` : ''}
${conversation.comments.map((m) => commentHtml(m, moderationControls(path, m))).join('\n')}
<h2 id="reply">Your reply</h2>
<form method="post" action="${path}/reply">
  <label for="body">Reply as ${escapeHtml(me.name)}, ${escapeHtml(me.role)}</label>
  <textarea id="body" name="body" required maxlength="${COMMENT_MAX_CHARS}" aria-describedby="body-note"></textarea>
  <p id="body-note" class="muted">Published on the page under your name, role and photo. Plain text; a blank line starts a paragraph.</p>
  <button>Publish reply</button>
</form>
<h2 id="hand-over">Hand over to a colleague</h2>
${
  colleagues.length
    ? `<form method="post" action="${path}/handover">
  <label for="to">Colleague</label>
  <select id="to" name="to" required>${colleagues.map((s) => `<option value="${escapeHtml(s.handle)}">${escapeHtml(s.name)} (${escapeHtml(s.role)})</option>`).join('')}</select>
  <label for="note">Note (shown in the thread)</label>
  <input id="note" name="note" maxlength="500">
  <button class="quiet">Hand over</button>
</form>`
    : '<p class="muted">Nobody else on the staff can take it.</p>'
}
<h2>Nothing to add?</h2>
<form method="post" action="${path}/close"><button class="quiet">No reply needed</button></form>`,
    ),
    error ? 400 : 200,
  )
}

export const answerRoutes = new Hono<AppEnv>()
  .use('/answer/*', pageHeaders)

  .get('/answer/:token', async (c) => {
    const found = await credential(c)
    if ('refused' in found) return found.refused
    return answerPage(c, found.view, found.me.id)
  })

  .post('/answer/:token/reply', (c) =>
    act(c, false, async (found) => {
      const form = ReplyForm.safeParse(await readForm(c.req.raw, FORM_MAX_BYTES))
      if (!form.success) return answerPage(c, found.view, found.me.id, `Your reply ${form.error.issues[0]!.message}.`)
      const now = Date.now()
      await insertStaffReply(
        c.env.DB,
        { conversationId: found.view.conversation.id, staff: found.me, body: { source: form.data.body, doc: textToDocument(form.data.body) } },
        now,
      )
      c.executionCtx.waitUntil(deliverOutbox(c.env, now))
      return c.redirect(`/answer/${c.req.param('token')}?done=replied`, 303)
    }),
  )

  .post('/answer/:token/handover', (c) =>
    act(c, false, async (found) => {
      const form = HandoverForm.safeParse(await readForm(c.req.raw, FORM_MAX_BYTES))
      const to = form.success ? found.view.staff.find((s) => s.handle === form.data.to && s.active) : undefined
      const from = found.view.staff.find((s) => s.handle === found.view.conversation.assignee.handle)!
      if (!form.success || !to || to.id === from.id)
        return answerPage(c, found.view, found.me.id, 'Choose a colleague to hand this conversation to.')
      const now = Date.now()
      const moved = await handOverConversation(
        c.env.DB,
        { conversationId: found.view.conversation.id, fromId: from.id, toId: to.id, note: form.data.note || null },
        now,
      )
      if (!moved) return answerPage(c, found.view, found.me.id, 'Someone handed it on first. Look again below.')
      c.executionCtx.waitUntil(deliverOutbox(c.env, now))
      return c.redirect(`/answer/${c.req.param('token')}?done=handed`, 303)
    }),
  )

  .post('/answer/:token/moderate', (c) =>
    act(c, false, async (found) => {
      const form = ModerateForm.safeParse(await readForm(c.req.raw, FORM_MAX_BYTES))
      // Only comments of this very conversation: the link is scoped to it.
      const comment = form.success ? await getModeratedComment(c.env.DB, form.data.commentId) : null
      if (!form.success || !comment || comment.conversationId !== found.view.conversation.id)
        return answerPage(c, found.view, found.me.id, 'That comment is not part of this conversation.')
      const now = Date.now()
      await moderateComment(c.env.DB, { comment, action: form.data.action, actor: found.me.handle, reason: null }, now)
      if (form.data.action === 'approve') c.executionCtx.waitUntil(deliverOutbox(c.env, now))
      return c.redirect(`/answer/${c.req.param('token')}?done=${form.data.action}`, 303)
    }),
  )

  .post('/answer/:token/close', (c) =>
    act(c, false, async (found) => {
      await closeConversation(c.env.DB, found.view.conversation.id, Date.now())
      return c.redirect(`/answer/${c.req.param('token')}?done=closed`, 303)
    }),
  )

  .post('/answer/:token/renew', (c) =>
    act(c, true, async (found) => {
      const now = Date.now()
      await queueFreshLink(c.env.DB, found.me.id, found.view.conversation.id, now)
      c.executionCtx.waitUntil(deliverOutbox(c.env, now))
      return c.html(page('A fresh link is on its way', `<h1>A fresh link is on its way</h1><p>We emailed it to the address we have for ${escapeHtml(found.me.name)}.</p>`))
    }),
  )

