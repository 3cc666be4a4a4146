import { LitElement, html, nothing, render, type PropertyValues } from 'lit'
import type { Comment, HandoverReason, Person, Thread, ThreadComment, ThreadConversation, ThreadHandover } from '../../../schema/api/thread'
import { apiBase, apiError, changeComment, getThread, newKey, pageUrl, postComment, requestLink } from '../api'
import { bylineCard, responderCard } from '../byline-card/byline-card'
import { h, kids, once, renderDoc, type Child } from '../document/render'
import { loadDraft, rememberVisitor, saveDraft, type Draft } from '../draft'
import { emit } from '../events'
import { loadCredential, loadMine, saveMine, type Mine, type Pending } from '../mine'
import { whenTurnstile } from '../turnstile'
import { styles } from './comments.styles'

type Field = 'name' | 'email' | 'body'

/** The element's attributes, which the embed's `data-*` attributes fill. */
export const ATTRIBUTES = ['site', 'page', 'topic', 'api', 'responder', 'theme'] as const

const warned = new Set<string>()

/** A misconfigured embed is the site owner's problem, not the visitor's: say it once, in the console. */
function warnOnce(code: string, message: string) {
  if (warned.has(code)) return
  warned.add(code)
  console.warn(`${code}: ${message}`)
}

/** In the visitor's locale. One formatter for every date: making one costs more than formatting with it. */
const dates = new Intl.DateTimeFormat([], { dateStyle: 'medium', timeStyle: 'short' })

/**
 * The people of the thread being rendered, by handle. Set at the start of each render, which is synchronous, and
 * read only within it: the templates below name staff by handle without passing the thread around.
 */
let people: Thread['people']

/** Who a conversation began with, for "Reply to …". */
function opener(c: ThreadConversation) {
  const a = c.comments[0]!.author
  return a.kind === 'staff' ? people[a.handle]!.name : a.name
}

/** Optional query/body fields: an empty attribute means "not given". */
const given = (s: string | undefined) => s || undefined

/** A name inside a sentence, isolated: a right-to-left name or a stray override cannot reorder the words around it. */
const bdi = (name: string) => h('bdi', {}, name)

/** A member of staff of the thread by name, isolated. */
const named = (handle: string) => bdi(people[handle]!.name)

type Line = Child[]

/** Where a conversation stands and with whom: the last member of staff who replied, else the assignee. */
function standing(c: ThreadConversation): Line {
  if (c.status === 'closed') return ['Closed']
  if (c.status === 'awaiting') return ['Awaiting a reply from ', named(c.assignee)]
  const staff = c.comments.map((m) => m.author).findLast((a) => a.kind === 'staff')
  return ['Answered by ', named(staff?.handle ?? c.assignee)]
}

const WHY: Record<HandoverReason, (x: ThreadHandover) => Line> = {
  away: (x) => [': ', named(x.from), ' is away.'],
  escalation: () => [': no reply in time.'],
  handover: (x) => [x.note ? ' by hand:' : ' by hand.'],
}

/**
 * One change of hands, in a line: who, to whom, why, and the note that came with it. A reason this copy of
 * widget.js does not know yet (a cached script, a newer worker) still gets its line rather than breaking the thread.
 */
const handedOver = (x: ThreadHandover): Line => [
  'Handed from ',
  named(x.from),
  ' to ',
  named(x.to),
  WHY[x.reason]?.(x) ?? '.',
  x.note && [' ', bdi(x.note)],
]

const DELETED = 'Comment deleted.'

/** What every comment's article starts as, cloned: one call for what took three elements and their attributes. */
const skeleton = h('article', { part: 'comment', tabindex: -1 }, h('header', {}, h('time', {})))

/** Each comment's article, built once: the thread renders again at every keystroke. */
const built = new WeakMap<ThreadComment, HTMLElement>()

/** The line under a pending comment, which only its author sees. */
const waiting = (p: Pending | undefined) =>
  p?.reason === 'unverified'
    ? `Confirm your email to publish it: we sent a link to ${p.email}.`
    : 'Awaiting approval — only you can see it.'

/** The comment with this id, wherever it is in the thread. */
const find = (thread: Thread, id: string) =>
  thread.conversations.flatMap((c) => c.comments).find((m) => m.id === id)

/** A small text button (its style goes by `type=button`); `label` names it for screen readers where the text alone says too little. */
const quiet = (text: string, click: () => unknown, label?: string) =>
  html`<button type="button" part="button" aria-label=${label ?? nothing} @click=${click}>${text}</button>`

/**
 * Comments on one page, each conversation answered by a named member of staff.
 *
 * @element byline-comments
 * @summary The Byline thread of a page and the form to join it.
 *
 * @fires {CustomEvent<{ thread: Thread }>} byline-thread-loaded - The page's thread arrived and is shown, after each
 * load (a change of `site`, `page`, `topic`, `responder` or `api` loads it again). `detail.thread` is the thread as
 * the worker sent it: `site`, `page`, `people` (handle → name, role, photo, bio), `conversations` and `responder`.
 * @fires {CustomEvent<{ comment: Comment }>} byline-comment-posted - The worker stored a comment the visitor wrote and
 * it is shown in the thread. `detail.comment` is the stored comment: `id`, `conversationId`, `author`, `body` (the
 * document tree), `state` (`published`, or `pending` while it awaits moderation or the visitor's email), `createdAt`,
 * `editedAt`.
 *
 * @slot turnstile - Filled by the widget itself on sites that use Cloudflare Turnstile, whose iframe cannot live in
 * a shadow root; shown inside the form.
 *
 * @csspart thread - The list of conversations.
 * @csspart comment - One comment: its author, date and body.
 * @csspart byline - The identity card on a staff reply.
 * @csspart photo - A staff member's photo.
 * @csspart responder - The "Your comment goes to …" card above the form.
 * @csspart form - The comment form.
 * @csspart button - Every button.
 * @csspart status - The live region reporting loading, sending, and what became of an edit or deletion.
 *
 * @cssprop [--byline-font=inherit] - Font family; by default the page's.
 * @cssprop [--byline-color=#1d1f23] - Text colour; in the dark scheme `#e3e5e8`. A colour set here holds in both
 * schemes: set it inside your own `prefers-color-scheme` query to differ.
 * @cssprop [--byline-background=#fff] - Background colour; in the dark scheme `#17191c`.
 * @cssprop [--byline-accent=#0b57d0] - Links, buttons and focus rings; in the dark scheme `#8ab4f8`.
 * @cssprop [--byline-radius=0.5rem] - Corner radius of fields, buttons and cards.
 * @cssprop [--byline-space=1rem] - Base spacing: the element's padding, the gaps between fields, the indent of replies.
 */
export class BylineComments extends LitElement {
  static override styles = styles

  // A table rather than decorators, whose runtime would cost the bundle more. `_` names are internal state,
  // which the build renames (see scripts/build-widget.mjs).
  static override properties = {
    // The attributes; only the theme is reflected, for CSS.
    ...Object.fromEntries(ATTRIBUTES.map((k) => [k, { reflect: k == 'theme' }])),
    _thread: { state: true },
    _draft: { state: true },
    _replyTo: { state: true },
    _sending: { state: true },
    _status: { state: true },
    _fieldErrors: { state: true },
    _open: { state: true },
  }

  /**
   * The site id from the Byline configuration, as in `data-site` on the script tag. Required: without it the element
   * shows nothing.
   * @attr
   */
  site?: string

  /**
   * Explicit page id; without it the worker knows the page by the path of its URL.
   * @attr
   */
  page?: string

  /**
   * The page's topic, for routing rules (for example `budget`).
   * @attr
   */
  topic?: string

  /**
   * Base URL of the Byline worker. Default: the origin widget.js was loaded from.
   * @attr
   */
  api?: string

  /**
   * Handle of the member of staff this embed asks for; the site's routing rules decide whether it is honoured.
   * @attr
   */
  responder?: string

  /**
   * Colour scheme: `light`, `dark`, or `auto` (the default: follow the visitor's system).
   * @attr
   * @reflect
   */
  theme?: 'light' | 'dark' | 'auto'

  // The `!` fields are set by _load before the thread, and with it everything that reads them, is rendered;
  // until then an unset _status says nothing. Leaving out initial values keeps them out of the bundle.
  private _thread?: Thread
  private _draft!: Draft
  private _replyTo!: string
  /** A post, edit, deletion or resend is on its way; one at a time. */
  private _sending?: boolean
  /** What the live region says; without a thread, why it could not be loaded. */
  private _status!: string
  private _fieldErrors!: Partial<Record<Field, string>>
  /** An own comment's edit form (`edit ID`) or its "Delete for good?" (`delete ID`), open. */
  private _open!: string

  private _base!: string
  private _draftPage!: string
  /** The latest load: an older one's answer is dropped. */
  private _loading?: object
  /** Owner tokens, sources and pending comments; each change comes with a change to `_thread`, which renders it. */
  private _mine!: Record<string, Mine>
  /** Turnstile's widget id; '' while Cloudflare's script loads. */
  private _turnstileId?: string
  private _turnstileToken?: string

  override willUpdate(changed: PropertyValues) {
    // Every attribute but the theme names the thread.
    if (ATTRIBUTES.some((k) => k !== 'theme' && changed.has(k))) void this._load()
  }

  /** What both requests say about the page: the worker routes by it. */
  private _where() {
    return {
      url: pageUrl(),
      page: given(this.page),
      topic: given(this.topic),
      title: given(document.title.trim().slice(0, 300)),
      responder: given(this.responder),
    }
  }

  private async _load() {
    const site = this.site
    if (!site) return
    const seq = (this._loading = {})
    this._thread = undefined
    this._status = this._replyTo = this._open = ''
    this._fieldErrors = {}
    this._base = apiBase(this.api)
    this._draftPage = this.page || new URL(pageUrl()).pathname
    this._draft = loadDraft(site, this._draftPage)
    this._mine = loadMine(site)
    try {
      let thread = await getThread(this._base, site, this._where())
      if (seq !== this._loading) return
      // The worker shows pending comments to nobody: this browser shows its own until the thread has them.
      for (const [id, { pending }] of Object.entries(this._mine)) {
        const there = find(thread, id)
        if (pending?.page !== this._draftPage) continue
        if (!there) thread = this._withComment(thread, pending.comment)
        else if (there.state !== 'pending') delete this._mine[id]!.pending
      }
      saveMine(site, this._mine)
      this._thread = thread
      this._addTurnstile(thread.site.turnstileSiteKey)
      await this.updateComplete
      this._showLinkedComment()
      emit(this, 'byline-thread-loaded', { thread })
    } catch (e) {
      if (seq !== this._loading) return
      const err = apiError(e)
      if (err.code === 'site_not_found')
        warnOnce('byline/unknown-site', `no site "${site}" at ${this._base}; check data-site.`)
      if (err.status === 403) warnOnce('byline/origin-not-allowed', `${location.origin} may not embed site "${site}".`)
      this._status = `Comments could not be loaded. ${err.message}`
    }
  }

  /**
   * Turnstile, on sites that have a key, in a light-DOM child of the host (its iframe cannot work in a shadow root),
   * slotted into the form. Once per element: reloading the thread (another page id, topic…) keeps the challenge.
   */
  private _addTurnstile(sitekey: string | null) {
    if (!sitekey || this._turnstileId !== undefined) return
    this._turnstileId = ''
    const box = Object.assign(document.createElement('div'), { slot: 'turnstile' })
    this.append(box)
    const clear = () => (this._turnstileToken = '')
    whenTurnstile((turnstile) => {
      this._turnstileId = turnstile.render(box, {
        sitekey,
        callback: (token) => (this._turnstileToken = token),
        'error-callback': clear,
        'expired-callback': clear,
      })
    })
  }

  private _save(draft: Draft) {
    this._draft = draft
    if (this.site) saveDraft(this.site, this._draftPage, draft)
  }

  private _focusOn(selector: string) {
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus()
  }

  private _handleInput(e: Event) {
    // The form's fields and its honeypot, which is no part of the draft.
    const { name, value } = e.target as HTMLInputElement & { name: Field | 'website' }
    if (name === 'website') return
    // A different body is a different comment: it must not be mistaken for a retry of the old one.
    this._save({ ...this._draft, [name]: value, key: name === 'body' ? newKey() : this._draft.key })
    if (this._fieldErrors[name]) this._fieldErrors = { ...this._fieldErrors, [name]: undefined }
  }

  /** A reply to this conversation, or ('') a comment of its own again: another post, so another key. */
  private async _handleReply(conversationId: string) {
    this._replyTo = conversationId
    this._save({ ...this._draft, key: newKey() })
    await this.updateComplete
    this._focusOn('#body')
  }

  private async _handleSubmit(e: SubmitEvent) {
    e.preventDefault()
    // The form is there only with a thread.
    const thread = this._thread!
    const site = this.site
    if (!site || this._sending) return
    const sent = this._draft
    const conversation = thread.conversations.find((c) => c.id === this._replyTo)
    this._sending = true
    this._status = 'Sending…'
    this._fieldErrors = {}
    try {
      const { comment, ownerToken, pendingReason } = await postComment(
        this._base,
        site,
        {
          ...this._where(),
          conversationId: conversation?.id,
          name: sent.name,
          email: sent.email,
          body: sent.body,
          turnstileToken: given(this._turnstileToken),
          visitorCredential: loadCredential(site),
          // The language their mail is written in: the element's (or the page's) lang, else the browser's.
          locale: this.closest('[lang]')?.getAttribute('lang') || navigator.language,
          // The honeypot: people never see it, so anything in it was typed by a robot.
          website: given(this.renderRoot.querySelector<HTMLInputElement>('[name=website]')?.value),
        },
        sent.key,
      )
      const pending: Pending | undefined =
        comment.state === 'pending'
          ? { comment, reason: pendingReason ?? 'moderation', email: sent.email, page: this._draftPage }
          : undefined
      this._mine[comment.id] = { token: ownerToken, source: sent.body, pending }
      saveMine(site, this._mine)
      this._thread = this._withComment(thread, comment)
      this._replyTo = ''
      // Text typed while the post was in flight is a new draft; keep it.
      const next = { ...this._draft, key: newKey() }
      if (next.body === sent.body) next.body = ''
      this._save(next)
      rememberVisitor(site, next)
      this._status = pending ? waiting(pending) : `Posted — ${people[conversation?.assignee ?? thread.responder.handle]!.name} will see it.`
      await this.updateComplete
      emit(this, 'byline-comment-posted', { comment })
    } catch (e) {
      const err = apiError(e)
      // The worker holds another comment under this key; the next attempt must be a new comment.
      if (err.code === 'idempotency_key_reused') this._save({ ...this._draft, key: newKey() })
      // The first word on each path; only the three fields show theirs, other paths have nowhere to go.
      const fields: Record<string, string> = {}
      for (const { path, message } of err.issues) fields[path[0]!] ??= message
      this._fieldErrors = fields
      this._status = err.message
      await this.updateComplete
      this._focusOn('[aria-invalid=true]')
    } finally {
      this._sending = false
      // A Turnstile token is good for one post, taken or refused.
      if (this._turnstileId) {
        window.turnstile?.reset(this._turnstileId)
        this._turnstileToken = ''
      }
    }
  }

  /**
   * The thread with a just-posted comment in its conversation, or in a new one; a replayed post adds nothing.
   * Like the worker, a visitor's word makes the conversation await a reply again.
   */
  private _withComment(thread: Thread, posted: Comment): Thread {
    const { conversations } = thread
    if (find(thread, posted.id)) return thread
    // The visitor's own: a visitor author is the same in both forms, and the extra conversationId is harmless.
    const comment = posted as ThreadComment
    const existing = conversations.find((c) => c.id === posted.conversationId)
    return {
      ...thread,
      conversations: existing
        ? conversations.map((c) =>
            c === existing ? { ...c, status: 'awaiting', comments: [...c.comments, comment] } : c,
          )
        : [
            ...conversations,
            {
              id: posted.conversationId,
              status: 'awaiting',
              assignee: thread.responder.handle,
              handovers: [],
              comments: [comment],
            },
          ],
    }
  }

  /**
   * Puts an edited comment in place of the old one (and of its pending copy), or takes a deleted one out: a first
   * comment with replies under it stays as a placeholder, as the worker will show it; a conversation left empty goes.
   */
  private _replace(id: string, next?: Comment) {
    const thread = this._thread!
    this._thread = {
      ...thread,
      conversations: thread.conversations.flatMap((c) => {
        const comments = c.comments.flatMap((m, i) =>
          m.id !== id ? [m] : next ? [next as ThreadComment] : i || !c.comments[1] ? [] : [{ ...m, state: 'deleted' as const }],
        )
        return comments.length ? [{ ...c, comments }] : []
      }),
    }
    const pending = this._mine[id]?.pending
    if (!next) delete this._mine[id]
    else if (pending) pending.comment = next
    saveMine(this.site!, this._mine)
  }

  /** Edit, delete, resend: one at a time, and what came of it in words in the status region. */
  private async _act(work: () => Promise<string>) {
    if (this._sending) return
    this._sending = true
    try {
      this._status = await work()
    } catch (e) {
      this._status = apiError(e).message
    } finally {
      this._sending = false
    }
  }

  /** Opens an own comment's edit form or its "Delete for good?" (without `what`, closes them); focus goes along. */
  private async _openFor(id: string, what?: 'edit' | 'delete') {
    this._open = what ? `${what} ${id}` : ''
    await this.updateComplete
    this._focusOn(`#comment-${id} :is(textarea,footer button)`)
  }

  private _handleSave(e: SubmitEvent, id: string) {
    e.preventDefault()
    const body = (e.target as HTMLFormElement).querySelector('textarea')!.value
    return this._act(async () => {
      const mine = this._mine[id]!
      const { comment } = await changeComment(this._base, id, mine.token!, body)
      mine.source = body
      this._replace(id, comment)
      await this._openFor(id)
      return 'Saved.'
    })
  }

  private _handleDelete(id: string) {
    return this._act(async () => {
      await changeComment(this._base, id, this._mine[id]!.token!)
      this._replace(id)
      await this.updateComplete
      // The focused button went with the comment: its placeholder takes focus, else the thread.
      ;(this.renderRoot.querySelector<HTMLElement>(`#comment-${id}`) ?? this.renderRoot.querySelector('section'))?.focus()
      return DELETED
    })
  }

  private _handleResend(p: Pending) {
    return this._act(async () => (await requestLink(this._base, this.site!, { email: p.email, url: pageUrl() })).message)
  }

  /** Emails link to `#comment-ID`; the page's own anchor cannot reach into the shadow root, so the widget does. */
  private _showLinkedComment() {
    const hash = location.hash
    const target = /^#comment-[\w-]+$/.test(hash) && this.renderRoot.querySelector<HTMLElement>(hash)
    if (!target) return
    target.scrollIntoView({ block: 'center' })
    target.focus({ preventScroll: true })
  }

  /**
   * A comment this browser did not write never changes: its article is built once. Inside this browser's own, which
   * have buttons and an edit form, Lit keeps everything after the header up to date at each render.
   */
  private _renderComment(comment: ThreadComment) {
    const { author, id, state, createdAt } = comment
    const gone = state === 'deleted'
    const placeholder = state === 'hidden' ? 'Hidden by moderators.' : gone ? DELETED : ''
    // A placeholder has no buttons, even on this browser's own comment.
    const mine = !placeholder && this._mine[id]
    let article = built.get(comment)
    if (!article) {
      built.set(comment, (article = skeleton.cloneNode(true) as HTMLElement))
      article.id = `comment-${id}`
      const header = article.firstChild as Element
      const time = header.firstChild as Element
      time.setAttribute('datetime', createdAt)
      time.append(dates.format(Date.parse(createdAt)))
      if (!gone) header.prepend(author.kind === 'staff' ? bylineCard(people[author.handle]!, this._base) : h('strong', { dir: 'auto' }, author.name))
      if (comment.editedAt) header.append(h('small', {}, '(edited)'))
      if (!mine) placeholder ? article.append(h('p', { class: 'muted' }, placeholder)) : kids(article, comment.body.children)
    }
    if (!mine) return article
    const pending = mine.pending
    // Only this browser's own comments, still there: Edit while the window is open and the source known, Delete always.
    const own = mine.token ? mine : undefined
    const editing = own && this._open === `edit ${id}`
    const deleting = this._open === `delete ${id}`
    const editable =
      own?.source != null && Date.now() - Date.parse(createdAt) < this._thread!.site.editWindowMinutes * 60_000
    render(
      html`${editing
          ? html`<form @submit=${(e: SubmitEvent) => this._handleSave(e, id)}>
              <label for="edit">Edit your comment</label>
              <textarea id="edit" required .value=${own.source ?? ''}></textarea>
              <div><button part="button">Save</button> ${quiet('Cancel', () => this._openFor(id))}</div>
            </form>`
          : renderDoc(comment.body)}
        ${state === 'pending'
          ? html`<p class="note muted">
              ${waiting(pending)} ${pending?.reason === 'unverified' ? quiet('Send the link again', () => this._handleResend(pending)) : nothing}
            </p>`
          : nothing}
        ${own && !editing
          ? html`<footer>${deleting
                ? quiet('Delete for good?', () => this._handleDelete(id))
                : editable
                  ? quiet('Edit', () => this._openFor(id, 'edit'))
                  : nothing} ${deleting ? quiet('Cancel', () => this._openFor(id)) : quiet('Delete', () => this._openFor(id, 'delete'))}</footer>`
          : nothing}`,
      article,
    )
    return article
  }

  private _renderConversation(c: ThreadConversation) {
    const articles = c.comments.map((m) => this._renderComment(m))
    // A conversation's lines and its Reply button depend on it alone: built once, like the comments in it.
    return once(c, () =>
      h(
        'li',
        { class: 'conv' },
        articles,
        [...c.handovers.map(handedOver), standing(c)].map((line) => h('p', { class: 'note muted' }, line)),
        c.status !== 'closed' &&
          Object.assign(h('button', { type: 'button', part: 'button', 'aria-label': `Reply to ${opener(c)}` }, 'Reply'), {
            onclick: () => this._handleReply(c.id),
          }),
      ),
    )
  }

  /** A labelled control with its note and, after a refused post, the worker's word on it. */
  private _renderField(id: Field, label: string, control: unknown, note: unknown = nothing) {
    const error = this._fieldErrors[id]
    return html`<div>
      <label for=${id}>${label}</label> ${control} ${note}
      ${error && html`<span id="${id}-error" class="err">${error}</span>`}
    </div>`
  }

  /**
   * The card, the form and the link under it. They do not wait for the thread: drawn hidden while it loads (the
   * draft is read by then), so when it comes only what it changes is left to do: the card's words, the thread.
   */
  private _renderForm(thread?: Thread) {
    const conversation = thread?.conversations.find((c) => c.id === this._replyTo)
    const { name, email, body } = this._draft
    const invalid = (f: Field) => (this._fieldErrors[f] ? 'true' : nothing)
    const describedBy = (f: Field, note = '') => `${note} ${this._fieldErrors[f] ? f + '-error' : ''}`.trim() || nothing
    return html`<section part="responder" class="card" aria-label="Who will answer" ?hidden=${!thread}>
        ${thread &&
        responderCard(
          people[conversation?.assignee ?? thread.responder.handle]!,
          !conversation && thread.responder.stats,
          this._base,
          conversation ? 'Your reply' : 'Your comment',
        )}
      </section>
      <form part="form" aria-label="Write a comment" ?hidden=${!thread} @submit=${this._handleSubmit} @input=${this._handleInput}>
        ${conversation &&
        html`<p class="note">Replying to <bdi>${opener(conversation)}</bdi>. ${quiet('Cancel reply', () => this._handleReply(''))}</p>`}
        <div class="row">
          ${this._renderField('name', 'Name', html`<input id="name" name="name" autocomplete="name" required maxlength="80"
            .value=${name} aria-invalid=${invalid('name')} aria-describedby=${describedBy('name')} />`)}
          ${this._renderField('email', 'Email', html`<input id="email" name="email" type="email" autocomplete="email" required
            maxlength="254" .value=${email} aria-invalid=${invalid('email')} aria-describedby=${describedBy('email', 'email-note')} />`,
            html`<small id="email-note">Never shown publicly; used to tell you when someone replies.</small>`)}
        </div>
        ${this._renderField('body', 'Comment', html`<textarea id="body" name="body" required maxlength="10000" .value=${body}
          aria-invalid=${invalid('body')} aria-describedby=${describedBy('body', 'body-note')}></textarea>`,
          html`<small id="body-note">*Italic*, **bold** and links work.</small>`)}
        <input name="website" hidden aria-hidden="true" tabindex="-1" autocomplete="off" />
        <slot name="turnstile"></slot>
        <div><button part="button" aria-disabled=${!!this._sending}>${conversation ? 'Post reply' : 'Post comment'}</button></div>
        <p part="status" role="status" aria-live="polite">${thread && this._status}</p>
      </form>
      <footer class="muted" ?hidden=${!thread}>
        <a href="${this._base}/privacy/${encodeURIComponent(this.site!)}" target="_blank" rel="noopener">Your data</a>
      </footer>`
  }

  override render() {
    const thread = this._thread
    // Without a site there is nothing to load, and no draft to fill the form with.
    if (!this.site) return nothing
    let list
    if (thread) {
      people = thread.people
      const { conversations } = thread
      const items = conversations.map((c) => this._renderConversation(c))
      // The list too is one node per list of conversations, built off the page and put in at once: Lit putting 80
      // conversations in one by one, each between markers, cost more than building them, and a template of its own
      // more than its three elements.
      list = once(conversations, () =>
        h('section', { part: 'thread', 'aria-label': 'Comments', tabindex: -1 }, items.length ? h('ol', { class: 'thread' }, items) : h('p', {}, 'No comments yet.')),
      )
    } else
      list = html`<p part="status" aria-live="polite">${this._status || 'Loading comments…'}</p>
        ${this._status && html`<button part="button" @click=${this._load}>Try again</button>`}`
    return html`${list}${this._renderForm(thread)}`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'byline-comments': BylineComments
  }
}
