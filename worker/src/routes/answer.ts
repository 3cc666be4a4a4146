import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { bodyText, COMMENT_MAX_CHARS, lineText, slug } from '../../../schema'
import { closeConversation, handOver } from '../domain/conversation'
import type { Deps } from '../domain/context'
import { requestAnswerLink } from '../domain/digests'
import { moderate } from '../domain/moderate'
import { publishStaffReply } from '../domain/staff-reply'
import type { AppEnv } from '../env'
import { depsFor } from '../events/after-commit'
import { ApiError } from '../http/errors'
import { readForm } from '../http/validate'
import { answerPage, freshLinkSent, refusalPage } from '../pages/answer'
import { pageHeaders } from '../render/page'
import type { StaffRow } from '../store/staff'
import { readConversation, type ConversationView } from '../store/threads'
import { findToken, newToken } from '../store/tokens'

/*
 * The reply page a digest links to. The link is the credential: one person, one conversation, 14 days.
 * GET only shows (mail scanners open links); every change is a POST from the page's own forms.
 */

const FORM_MAX_BYTES = 64 * 1024
const FormToken = z.string().regex(/^[a-z2-7]{26}$/)
const ReplyForm = z.object({ body: bodyText(COMMENT_MAX_CHARS), once: FormToken.optional() })
// A note of only spaces is no note: the browser sends the empty field as typed.
const blankIsNone = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const HandoverForm = z.object({ to: slug, note: z.preprocess(blankIsNone, lineText(500).optional()) })
const ModerateForm = z.object({ commentId: z.string().min(1).max(64), action: z.enum(['approve', 'hide', 'delete']) })

/** The token behind the link, and who and what it is for; a refusal page when it will not do. */
type Credential = { token: string; view: ConversationView; me: StaffRow }

async function credential(c: Context<AppEnv>, allowExpired = false): Promise<{ refused: Response } | Credential> {
  const raw = c.req.param('token') ?? ''
  const token = await findToken(c.env.DB, raw, 'answer_link', Date.now())
  if (!token?.staffId || !token.conversationId) return { refused: c.html(refusalPage({ kind: 'broken' }), 403) }
  if (token.expired && !allowExpired) return { refused: c.html(refusalPage({ kind: 'expired', token: raw }), 410) }
  const view = await readConversation(c.env.DB, token.conversationId)
  const me = view?.staff.find((s) => s.id === token.staffId && s.active)
  if (!view || !me) return { refused: c.html(refusalPage({ kind: 'not_staff' }), 403) }
  return { token: raw, view, me }
}

/** A form post must come from our own page (CSRF): the browser says where it came from in Sec-Fetch-Site or Origin. */
export function assertSameOrigin(c: Context<AppEnv>) {
  const fetchSite = c.req.header('Sec-Fetch-Site')
  const origin = c.req.header('Origin')
  const crossSite =
    fetchSite !== undefined
      ? fetchSite !== 'same-origin' && fetchSite !== 'none'
      : origin !== undefined && origin !== new URL(c.req.url).origin
  if (crossSite) throw new ApiError('origin_not_allowed', 'This form can only be sent from its own page.')
}

/** What a refused form comes back with: why, its status (400 unless the operation said otherwise), what was typed. */
type Refused = { error: string; status?: ApiError['status']; draft?: string; formToken?: string }

/** The reply page; with `refused`, the refused form again, showing what the person typed. */
function show(c: Context<AppEnv>, found: Credential, refused?: Refused) {
  const { view, me } = found
  const colleagues = view.staff.filter((s) => s.active && s.id !== me.id && s.handle !== view.conversation.assignee.handle)
  return c.html(
    answerPage({
      token: found.token,
      site: view.site,
      page: view.page,
      conversation: view.conversation,
      me,
      colleagues,
      formToken: refused?.formToken ?? newToken(),
      ...(c.req.query('done') ? { done: c.req.query('done') } : {}),
      ...(refused?.error ? { error: refused.error } : {}),
      ...(refused?.draft !== undefined ? { draft: refused.draft } : {}),
    }),
    refused ? (refused.status ?? 400) : 200,
  )
}

/**
 * Every form post: from our own page, with a link that still works, for an active member of staff. A refusal
 * of the operation (someone moved it first, not part of this conversation) comes back as the page with the reason.
 */
async function act(
  c: Context<AppEnv>,
  allowExpired: boolean,
  run: (found: Credential, deps: Deps) => Promise<Response>,
): Promise<Response> {
  assertSameOrigin(c)
  const found = await credential(c, allowExpired)
  if ('refused' in found) return found.refused
  try {
    return await run(found, depsFor(c.env, c.executionCtx))
  } catch (error) {
    if (error instanceof ApiError && error.status !== 401 && error.status < 500) return show(c, found, { error: error.message, status: error.status })
    throw error
  }
}

const done = (c: Context<AppEnv>, what: string) => c.redirect(`/answer/${c.req.param('token')}?done=${what}`, 303)

/** The reply pages, mounted at /answer. */
export const answerRoutes = new Hono<AppEnv>()
  .use(pageHeaders)

  .get('/:token', async (c) => {
    const found = await credential(c)
    return 'refused' in found ? found.refused : show(c, found)
  })

  .post('/:token/reply', (c) =>
    act(c, false, async (found, deps) => {
      const raw = await readForm(c.req.raw, FORM_MAX_BYTES)
      const form = ReplyForm.safeParse(raw)
      const once = FormToken.safeParse(raw.once)
      if (!form.success)
        return show(c, found, { error: `Your reply ${form.error.issues[0]!.message}.`, draft: raw.body ?? '', ...(once.success ? { formToken: once.data } : {}) })
      // Sent twice (double click, back button, a second tab): the one reply is published, and the page says so.
      await publishStaffReply(deps, {
        conversationId: found.view.conversation.id,
        author: { id: found.me.id },
        body: form.data.body,
        formToken: form.data.once,
      })
      return done(c, 'replied')
    }),
  )

  .post('/:token/handover', (c) =>
    act(c, false, async (found, deps) => {
      const form = HandoverForm.safeParse(await readForm(c.req.raw, FORM_MAX_BYTES))
      if (!form.success) return show(c, found, { error: 'Choose a colleague to hand this conversation to.' })
      await handOver(deps, { conversationId: found.view.conversation.id, to: { handle: form.data.to }, note: form.data.note || null })
      return done(c, 'handed')
    }),
  )

  .post('/:token/moderate', (c) =>
    act(c, false, async (found, deps) => {
      const form = ModerateForm.safeParse(await readForm(c.req.raw, FORM_MAX_BYTES))
      if (!form.success) return show(c, found, { error: 'That comment is not part of this conversation.' })
      // Only comments of this very conversation: the link is scoped to it.
      await moderate(deps, {
        commentId: form.data.commentId,
        action: form.data.action,
        actor: found.me.handle,
        reason: null,
        scope: { conversationId: found.view.conversation.id },
      }).catch((error: unknown) => {
        throw error instanceof ApiError && error.code === 'comment_not_found'
          ? new ApiError('comment_not_found', 'That comment is not part of this conversation.')
          : error
      })
      return done(c, form.data.action)
    }),
  )

  .post('/:token/close', (c) =>
    act(c, false, async (found, deps) => {
      await closeConversation(deps, found.view.conversation.id)
      return done(c, 'closed')
    }),
  )

  .post('/:token/renew', (c) =>
    act(c, true, async (found, deps) => {
      await requestAnswerLink(deps, { staffId: found.me.id, conversationId: found.view.conversation.id })
      return c.html(freshLinkSent(found.me.name))
    }),
  )
