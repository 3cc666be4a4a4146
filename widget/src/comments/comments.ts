import { LitElement, html, nothing, type PropertyValues } from 'lit'
import { property, state } from 'lit/decorators.js'
import type { Author, Comment, Conversation, Handover, HandoverReason, Thread } from '../../../schema/api/thread'
import { ApiError, apiBase, getThread, newKey, pageUrl, postComment } from '../api'
import { bylineCard, responderCard } from '../byline-card/byline-card'
import { renderDoc } from '../document/render'
import { loadDraft, rememberVisitor, saveDraft, type Draft } from '../draft'
import { emit } from '../events'
import { styles } from './comments.styles'

type Field = 'name' | 'email' | 'body'

const warned = new Set<string>()

/** A misconfigured embed is the site owner's problem, not the visitor's: say it once, in the console. */
function warnOnce(code: string, message: string) {
  if (warned.has(code)) return
  warned.add(code)
  console.warn(`${code}: ${message}`)
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

function formatDate(iso: string) {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : dateFormat.format(d)
}

const authorName = (a: Author | undefined) => (a?.kind === 'staff' ? a.staff.name : (a?.name ?? ''))

/** Optional query/body fields: an empty attribute means "not given". */
const given = (s: string | undefined) => s || undefined

/** Where a conversation stands and with whom: the last member of staff who replied, else the assignee. */
function standing(c: Conversation) {
  if (c.status === 'closed') return 'Closed'
  if (c.status === 'awaiting') return `Awaiting a reply from ${c.assignee.name}`
  const staff = c.comments.map((m) => m.author).findLast((a) => a.kind === 'staff')
  return `Answered by ${(staff?.staff ?? c.assignee).name}`
}

const WHY: Record<HandoverReason, (h: Handover) => string> = {
  away: (h) => `: ${h.from.name} is away.`,
  escalation: () => ': no reply in time.',
  handover: (h) => (h.note ? ' by hand:' : ' by hand.'),
}

/**
 * One change of hands, in a line: who, to whom, why, and the note that came with it. A reason this copy of
 * widget.js does not know yet (a cached script, a newer worker) still gets its line rather than breaking the thread.
 */
const handedOver = (h: Handover) =>
  `Handed from ${h.from.name} to ${h.to.name}${WHY[h.reason]?.(h) ?? '.'}${h.note ? ' ' + h.note : ''}`

/**
 * Comments on one page, each conversation answered by a named member of staff.
 *
 * @summary The Byline thread of a page and the form to join it.
 *
 * @fires byline-thread-loaded - The page's thread arrived and is shown; `detail: { thread }`.
 * @fires byline-comment-posted - The worker stored the visitor's comment and it is shown; `detail: { comment }`.
 *
 * @csspart thread - The list of conversations.
 * @csspart comment - One comment: its author, date and body.
 * @csspart byline - The identity card on a staff reply.
 * @csspart photo - A staff member's photo.
 * @csspart responder - The "Your comment goes to …" card above the form.
 * @csspart form - The comment form.
 * @csspart button - Every button.
 * @csspart status - The live region reporting loading and sending.
 *
 * @cssprop --byline-font - Font family. Default: the page's.
 * @cssprop --byline-color - Text colour.
 * @cssprop --byline-background - Background colour.
 * @cssprop --byline-accent - Links, buttons and focus rings.
 * @cssprop --byline-radius - Corner radius of fields, buttons and cards. Default: 0.5rem.
 * @cssprop --byline-space - Base spacing. Default: 1rem.
 */
export class BylineComments extends LitElement {
  static override styles = styles

  /** The site id from the Byline configuration, as in `data-site` on the script tag. */
  @property() site?: string

  /** Explicit page id; without it the worker knows the page by the path of its URL. */
  @property() page?: string

  /** The page's topic, for routing rules (for example `budget`). */
  @property() topic?: string

  /** Base URL of the Byline worker. Default: the origin widget.js was loaded from. */
  @property() api?: string

  /** Handle of the member of staff this embed asks for; the site's routing rules decide whether it is honoured. */
  @property() responder?: string

  /** Colour scheme: `light`, `dark`, or `auto` (the default: follow the visitor's system). */
  @property({ reflect: true }) theme?: 'light' | 'dark' | 'auto'

  @state() private thread?: Thread
  @state() private loadError = ''
  @state() private draft: Draft = { name: '', email: '', body: '', key: '' }
  @state() private replyTo = ''
  @state() private sending = false
  @state() private status = ''
  @state() private fieldErrors: Partial<Record<Field, string>> = {}

  private base = ''
  private draftPage = ''
  private loads = 0

  override willUpdate(changed: PropertyValues) {
    if (this.site && ['site', 'page', 'topic', 'api', 'responder'].some((k) => changed.has(k))) void this.load()
  }

  /** What both requests say about the page: the worker routes by it. */
  private where() {
    return {
      url: pageUrl(),
      page: given(this.page),
      topic: given(this.topic),
      title: given(document.title.trim().slice(0, 300)),
      responder: given(this.responder),
    }
  }

  private async load() {
    const site = this.site
    if (!site) return
    const seq = ++this.loads
    this.thread = undefined
    this.loadError = this.status = this.replyTo = ''
    this.base = apiBase(this.api)
    this.draftPage = this.page || new URL(pageUrl()).pathname
    this.draft = loadDraft(site, this.draftPage)
    try {
      const thread = await getThread(this.base, site, this.where())
      if (seq !== this.loads) return
      this.thread = thread
      await this.updateComplete
      this.showLinkedComment()
      emit(this, 'byline-thread-loaded', { thread })
    } catch (e) {
      if (seq !== this.loads) return
      const err = e instanceof ApiError ? e : new ApiError(0, 'network', String(e))
      if (err.status === 404 && err.code === 'site_not_found')
        warnOnce('byline/unknown-site', `the Byline worker at ${this.base} has no site "${site}". Check data-site.`)
      if (err.status === 403)
        warnOnce('byline/origin-not-allowed', `${location.origin} is not an allowed origin of site "${site}".`)
      this.loadError = `Comments could not be loaded. ${err.message}`
    }
  }

  private save(draft: Draft) {
    this.draft = draft
    if (this.site) saveDraft(this.site, this.draftPage, draft)
  }

  private handleInput(e: Event) {
    const { name, value } = e.target as HTMLInputElement
    if (name !== 'name' && name !== 'email' && name !== 'body') return
    // A different body is a different comment: it must not be mistaken for a retry of the old one.
    this.save({ ...this.draft, [name]: value, key: name === 'body' ? newKey() : this.draft.key })
    if (this.fieldErrors[name]) this.fieldErrors = { ...this.fieldErrors, [name]: undefined }
  }

  private async handleReply(conversationId: string) {
    this.replyTo = conversationId
    this.save({ ...this.draft, key: newKey() })
    await this.updateComplete
    this.renderRoot.querySelector('textarea')?.focus()
  }

  private handleCancelReply() {
    this.replyTo = ''
    this.save({ ...this.draft, key: newKey() })
  }

  private async handleSubmit(e: SubmitEvent) {
    e.preventDefault()
    const thread = this.thread
    const site = this.site
    if (!thread || !site || this.sending) return
    const sent = this.draft
    const conversation = thread.conversations.find((c) => c.id === this.replyTo)
    this.sending = true
    this.status = 'Sending…'
    this.fieldErrors = {}
    try {
      const { comment } = await postComment(
        this.base,
        site,
        {
          ...this.where(),
          conversationId: conversation?.id,
          name: sent.name,
          email: sent.email,
          body: sent.body,
        },
        sent.key,
      )
      this.thread = this.withComment(thread, comment)
      this.replyTo = ''
      // Text typed while the post was in flight is a new draft; keep it.
      const next = { ...this.draft, key: newKey() }
      if (next.body === sent.body) next.body = ''
      this.save(next)
      rememberVisitor(site, next)
      this.status = `Posted — ${(conversation?.assignee ?? thread.responder).name} will see it.`
      await this.updateComplete
      emit(this, 'byline-comment-posted', { comment })
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, 'network', String(e))
      // The worker holds another comment under this key; the next attempt must be a new comment.
      if (err.code === 'idempotency_key_reused') this.save({ ...this.draft, key: newKey() })
      const fields: Partial<Record<Field, string>> = {}
      for (const issue of err.issues) {
        const f = issue.path[0]
        if ((f === 'name' || f === 'email' || f === 'body') && !fields[f]) fields[f] = issue.message
      }
      this.fieldErrors = fields
      this.status = err.message
      await this.updateComplete
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid=true]')?.focus()
    } finally {
      this.sending = false
    }
  }

  /**
   * The thread with a just-posted comment in its conversation, or in a new one; a replayed post adds nothing.
   * Like the worker, a visitor's word makes the conversation await a reply again.
   */
  private withComment(thread: Thread, comment: Comment): Thread {
    const { conversations } = thread
    if (conversations.some((c) => c.comments.some((m) => m.id === comment.id))) return thread
    const existing = conversations.find((c) => c.id === comment.conversationId)
    return {
      ...thread,
      conversations: existing
        ? conversations.map((c) =>
            c === existing ? { ...c, status: 'awaiting', comments: [...c.comments, comment] } : c,
          )
        : [
            ...conversations,
            {
              id: comment.conversationId,
              status: 'awaiting',
              assignee: thread.responder,
              handovers: [],
              comments: [comment],
            },
          ],
    }
  }

  /** Emails link to `#comment-ID`; the page's own anchor cannot reach into the shadow root, so the widget does. */
  private showLinkedComment() {
    const id = /^#(comment-[\w-]+)$/.exec(location.hash)?.[1]
    const target = id && this.renderRoot.querySelector<HTMLElement>(`#${id}`)
    if (!target) return
    target.scrollIntoView({ block: 'center' })
    target.focus({ preventScroll: true })
  }

  private renderComment(comment: Comment, reply: boolean) {
    const { author } = comment
    return html`<article part="comment" id="comment-${comment.id}" tabindex="-1" class=${reply ? 'reply' : ''}>
      <header>
        ${author.kind === 'staff' ? bylineCard(author.staff, this.base) : html`<strong>${author.name}</strong>`}
        <time datetime=${comment.createdAt}>${formatDate(comment.createdAt)}</time>
        ${comment.editedAt ? html`<small>(edited)</small>` : nothing}
      </header>
      ${renderDoc(comment.body)}
    </article>`
  }

  private renderConversation(c: Conversation) {
    return html`<li class="conv">
      ${c.comments.map((m, i) => this.renderComment(m, i > 0))}
      ${[...c.handovers.map(handedOver), standing(c)].map((line) => html`<p class="note muted">${line}</p>`)}
      ${c.status === 'closed'
        ? nothing
        : html`<button part="button" class="quiet" aria-label="Reply to ${authorName(c.comments[0]?.author)}"
            @click=${() => this.handleReply(c.id)}>Reply</button>`}
    </li>`
  }

  /** A labelled control with its note and, after a refused post, the worker's word on it. */
  private renderField(id: Field, label: string, control: unknown, note: unknown = nothing) {
    const error = this.fieldErrors[id]
    return html`<div>
      <label for=${id}>${label}</label> ${control} ${note}
      ${error ? html`<span id="${id}-error" class="err">${error}</span>` : nothing}
    </div>`
  }

  private renderForm(thread: Thread) {
    const conversation = thread.conversations.find((c) => c.id === this.replyTo)
    const { name, email, body } = this.draft
    const invalid = (f: Field) => (this.fieldErrors[f] ? 'true' : nothing)
    const describedBy = (f: Field, note = '') =>
      [note, this.fieldErrors[f] ? `${f}-error` : ''].filter(Boolean).join(' ') || nothing
    return html`${responderCard(conversation?.assignee ?? thread.responder, this.base, conversation ? 'Your reply' : 'Your comment')}
      <form part="form" @submit=${this.handleSubmit} @input=${this.handleInput}>
        ${conversation
          ? html`<p class="note">Replying to ${authorName(conversation.comments[0]?.author)}.
              <button type="button" part="button" class="quiet" @click=${this.handleCancelReply}>Cancel reply</button></p>`
          : nothing}
        <div class="row">
          ${this.renderField('name', 'Name', html`<input id="name" name="name" autocomplete="name" required maxlength="80"
            .value=${name} aria-invalid=${invalid('name')} aria-describedby=${describedBy('name')} />`)}
          ${this.renderField('email', 'Email', html`<input id="email" name="email" type="email" autocomplete="email" required
            maxlength="254" .value=${email} aria-invalid=${invalid('email')} aria-describedby=${describedBy('email', 'email-note')} />`,
            html`<small id="email-note">Never shown publicly; used to tell you when someone replies.</small>`)}
        </div>
        ${this.renderField('body', 'Comment', html`<textarea id="body" name="body" required maxlength="10000" .value=${body}
          aria-invalid=${invalid('body')} aria-describedby=${describedBy('body', 'body-note')}></textarea>`,
          html`<small id="body-note">Plain text. Leave a blank line between paragraphs.</small>`)}
        <div><button part="button" aria-disabled=${this.sending}>${conversation ? 'Post reply' : 'Post comment'}</button></div>
        <p part="status" role="status" aria-live="polite">${this.status}</p>
      </form>`
  }

  override render() {
    const thread = this.thread
    if (!thread)
      return html`<p part="status" aria-live="polite">${this.loadError || (this.site ? 'Loading comments…' : '')}</p>
        ${this.loadError ? html`<button part="button" @click=${this.load}>Try again</button>` : nothing}`
    return html`<section part="thread" aria-label="Comments">
        ${thread.conversations.length
          ? html`<ol class="thread">${thread.conversations.map((c) => this.renderConversation(c))}</ol>`
          : html`<p>No comments yet.</p>`}
      </section>
      ${this.renderForm(thread)}`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'byline-comments': BylineComments
  }
}
