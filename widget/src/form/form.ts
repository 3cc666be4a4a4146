import type { Thread } from '../../../schema/api/thread'
import { postComment } from '../api-writes'
import { adoptFieldStyles, quiet, withComment } from '../changes'
import type { View } from '../comments/view'
import { apiError, html, newKey, nothing } from '../shared'
import type { Pending } from '../own/mine'
import { loadCredential, loadDraft, rememberVisitor, saveDraft, type Draft } from './draft'
import { whenTurnstile } from './turnstile'

type Field = 'name' | 'email' | 'body'

/** Optional body fields: an empty attribute means "not given". */
const given = (s: string | undefined) => s || undefined

/**
 * The comment form: the visitor's draft (kept across reloads), Turnstile on sites that use it, and the post. Loaded
 * when the form comes into view, is reached by keyboard, or a Reply is pressed.
 */
export class Form {
  private _draft: Draft
  private _fieldErrors: Partial<Record<Field, string>> = {}
  /** Turnstile's widget id; '' while Cloudflare's script loads. */
  private _turnstileId?: string
  private _turnstileToken?: string

  constructor(private readonly view: View) {
    this._draft = loadDraft(view.site, view.pageKey)
    adoptFieldStyles(view.host)
    this._addTurnstile(view.thread!.site.turnstileSiteKey)
  }

  /**
   * Turnstile, on sites that have a key, in a light-DOM child of the host (its iframe cannot work in a shadow root),
   * slotted into the form. Once per element: reloading the thread (another page id, topic…) keeps the challenge.
   */
  private _addTurnstile(sitekey: string | null) {
    if (!sitekey) return
    this._turnstileId = ''
    const box = Object.assign(document.createElement('div'), { slot: 'turnstile' })
    this.view.host.append(box)
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

  /** The element loaded another thread (another page id, topic…): its draft, and no word left from the last. */
  reload() {
    this._draft = loadDraft(this.view.site, this.view.pageKey)
    this._fieldErrors = {}
  }

  private _save(draft: Draft) {
    this._draft = draft
    saveDraft(this.view.site, this.view.pageKey, draft)
    this.view.host.requestUpdate()
  }

  /** A new post from here on (another conversation, another comment): another Idempotency-Key. */
  freshKey() {
    this._save({ ...this._draft, key: newKey() })
  }

  private _handleInput(e: Event) {
    // The form's fields and its honeypot, which is no part of the draft.
    const { name, value } = e.target as HTMLInputElement & { name: Field | 'website' }
    if (name === 'website') return
    // A different body is a different comment: it must not be mistaken for a retry of the old one.
    this._save({ ...this._draft, [name]: value, key: name === 'body' ? newKey() : this._draft.key })
    if (this._fieldErrors[name]) this._fieldErrors = { ...this._fieldErrors, [name]: undefined }
  }

  private async _handleSubmit(e: SubmitEvent) {
    e.preventDefault()
    const view = this.view
    const { site, host } = view
    const thread = view.thread!
    if (view.busy) return
    const sent = this._draft
    const conversation = thread.conversations.find((c) => c.id === view.replyTo)
    this._fieldErrors = {}
    view.set({ busy: true, status: 'Sending…' })
    // What keeps the visitor's own comments loads while the post is on its way.
    const ownLoaded = view.own()
    try {
      const { comment, ownerToken, pendingReason } = await postComment(
        view.base,
        site,
        {
          ...view.where(),
          conversationId: conversation?.id,
          name: sent.name,
          email: sent.email,
          body: sent.body,
          turnstileToken: given(this._turnstileToken),
          visitorCredential: loadCredential(site),
          // The language their mail is written in: the element's (or the page's) lang, else the browser's.
          locale: host.closest('[lang]')?.getAttribute('lang') || navigator.language,
          // The honeypot: people never see it, so anything in it was typed by a robot.
          website: given(host.renderRoot.querySelector<HTMLInputElement>('[name=website]')?.value),
        },
        sent.key,
      )
      const pending: Pending | undefined =
        comment.state === 'pending'
          ? { comment, reason: pendingReason ?? 'moderation', email: sent.email, page: view.pageKey }
          : undefined
      const own = await ownLoaded
      own?.remember(comment, ownerToken, sent.body, pending)
      // Text typed while the post was in flight is a new draft; keep it.
      const next = { ...this._draft, key: newKey() }
      if (next.body === sent.body) next.body = ''
      this._save(next)
      rememberVisitor(site, next)
      view.set({
        thread: withComment(view.thread!, comment),
        replyTo: '',
        status: pending ? (own?.waiting(pending) ?? '') : `Posted — ${view.name(conversation?.assignee ?? thread.responder.handle)} will see it.`,
      })
      await host.updateComplete
      view.posted(comment)
    } catch (e) {
      const err = apiError(e)
      // The worker holds another comment under this key; the next attempt must be a new comment.
      if (err.code === 'idempotency_key_reused') this.freshKey()
      // The first word on each path; only the three fields show theirs, other paths have nowhere to go.
      const fields: Record<string, string> = {}
      for (const { path, message } of err.issues) fields[path[0]!] ??= message
      this._fieldErrors = fields
      view.set({ status: err.message })
      await host.updateComplete
      view.focus('[aria-invalid=true]')
    } finally {
      view.set({ busy: false })
      // A Turnstile token is good for one post, taken or refused.
      if (this._turnstileId) {
        window.turnstile?.reset(this._turnstileId)
        this._turnstileToken = ''
      }
    }
  }

  /** A labelled control with its note and, after a refused post, the worker's word on it. */
  private _field(id: Field, label: string, control: unknown, note: unknown = nothing) {
    const error = this._fieldErrors[id]
    return html`<div>
      <label for=${id}>${label}</label> ${control} ${note}
      ${error && html`<span id="${id}-error" class="err">${error}</span>`}
    </div>`
  }

  render(thread: Thread, opener: (conversationId: string) => string) {
    const view = this.view
    const conversation = thread.conversations.find((c) => c.id === view.replyTo)
    const { name, email, body } = this._draft
    const invalid = (f: Field) => (this._fieldErrors[f] ? 'true' : nothing)
    const describedBy = (f: Field, note = '') => `${note} ${this._fieldErrors[f] ? f + '-error' : ''}`.trim() || nothing
    return html`<form part="form" aria-label="Write a comment" @submit=${(e: SubmitEvent) => this._handleSubmit(e)} @input=${(e: Event) => this._handleInput(e)}>
      ${conversation &&
      html`<p class="note">Replying to <bdi>${opener(conversation.id)}</bdi>. ${quiet('Cancel reply', async () => {
        view.set({ replyTo: '' })
        this.freshKey()
        await view.host.updateComplete
        view.focus('#body')
      })}</p>`}
      <div class="row">
        ${this._field('name', 'Name', html`<input id="name" name="name" autocomplete="name" required maxlength="80"
          .value=${name} aria-invalid=${invalid('name')} aria-describedby=${describedBy('name')} />`)}
        ${this._field('email', 'Email', html`<input id="email" name="email" type="email" autocomplete="email" required
          maxlength="254" .value=${email} aria-invalid=${invalid('email')} aria-describedby=${describedBy('email', 'email-note')} />`,
          html`<small id="email-note">Never shown publicly; used to tell you when someone replies.</small>`)}
      </div>
      ${this._field('body', 'Comment', html`<textarea id="body" name="body" required maxlength="10000" .value=${body}
        aria-invalid=${invalid('body')} aria-describedby=${describedBy('body', 'body-note')}></textarea>`,
        html`<small id="body-note">*Italic*, **bold** and links work.</small>`)}
      <input name="website" hidden aria-hidden="true" tabindex="-1" autocomplete="off" />
      <slot name="turnstile"></slot>
      <div><button part="button" aria-disabled=${!!view.busy}>${conversation ? 'Post reply' : 'Post comment'}</button></div>
    </form>`
  }
}
