import { LitElement, html, nothing, type PropertyValues } from 'lit'
import type { HandoverReason, Thread, ThreadComment, ThreadConversation, ThreadHandover } from '../../../schema/api/thread'
import { apiBase, apiError, getThread, pageUrl } from '../api'
import { bylineCard, responderCard } from '../byline-card/byline-card'
import { h, kids, once, type Child } from '../document/render'
import { emit } from '../events'
import type { Form } from '../form/form'
import type { Own } from '../own/own'
import { mineKey, read } from '../storage'
import { styles } from './comments.styles'
import { View } from './view'

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

/** Optional query fields: an empty attribute means "not given". */
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


/** What every comment's article starts as, cloned: one call for what took three elements and their attributes. */
const skeleton = h('article', { part: 'comment', tabindex: -1 }, h('header', {}, h('time', {})))

/** Each comment's article, built once: the thread renders again at every keystroke. */
const built = new WeakMap<ThreadComment, HTMLElement>()

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
    // The attributes; only the theme is reflected, for CSS. The rest of what renders is in the View.
    ...Object.fromEntries(ATTRIBUTES.map((k) => [k, { reflect: k == 'theme' }])),
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

  /** What this element shares with the parts it loads on first use. */
  private _view: View = new View(
    this,
    () => ({
      url: pageUrl(),
      page: given(this.page),
      topic: given(this.topic),
      title: given(document.title.trim().slice(0, 300)),
      responder: given(this.responder),
    }),
    () => (this._formLoaded ??= this._part(import('../form/form'), (m) => (this._form = new m.Form(this._view)))),
    () => (this._ownLoaded ??= this._part(import('../own/own'), (m) => (this._own = new m.Own(this._view)))),
    (comment) => emit(this, 'byline-comment-posted', { comment }),
  )
  private _form?: Form
  private _formLoaded?: Promise<Form | undefined>
  private _own?: Own
  private _ownLoaded?: Promise<Own | undefined>
  /** The latest load: an older one's answer is dropped. */
  private _loading?: object

  /**
   * A part of the widget, loaded once. One that cannot load (offline, or a page open since before a new version of
   * Byline, whose widget.js names chunks the worker no longer has) says so where the form goes, and loses nothing:
   * the draft is kept in storage until the page is reloaded.
   */
  private async _part<M, P>(module: Promise<M>, make: (m: M) => P): Promise<P | undefined> {
    try {
      const part = make(await module)
      this.requestUpdate()
      return part
    } catch {
      this._view.set({ status: 'This part of the comments could not be loaded. Reload the page to try again.' })
    }
  }

  override willUpdate(changed: PropertyValues) {
    // Every attribute but the theme names the thread.
    if (ATTRIBUTES.some((k) => k !== 'theme' && changed.has(k))) void this._load()
  }

  private async _load() {
    const site = this.site
    if (!site) return
    const view = this._view
    const seq = (this._loading = {})
    Object.assign(view, {
      site,
      base: apiBase(this.api),
      pageKey: this.page || new URL(pageUrl()).pathname,
      thread: undefined,
      status: '',
      replyTo: '',
    })
    this._form?.reload()
    // A browser with comments of its own on the site (or a confirmation link just followed) shows them as its own.
    const own = Object.keys(read(mineKey(site))).length || location.hash.includes('byline-confirmed=') ? view.own() : undefined
    try {
      let thread = await getThread(view.base, site, view.where())
      thread = (await own)?.withPending(thread) ?? thread
      if (seq !== this._loading) return
      view.set({ thread })
      await this.updateComplete
      this._showLinkedComment()
      emit(this, 'byline-thread-loaded', { thread })
      // The form follows the thread, which is shown without waiting for it.
      void view.form()
    } catch (e) {
      if (seq !== this._loading) return
      const err = apiError(e)
      if (err.code === 'site_not_found')
        warnOnce('byline/unknown-site', `no site "${site}" at ${view.base}; check data-site.`)
      if (err.status === 403) warnOnce('byline/origin-not-allowed', `${location.origin} may not embed site "${site}".`)
      view.set({ status: `Comments could not be loaded. ${err.message}` })
    }
  }

  /** A reply to this conversation, or ('') a comment of its own again: another post, so another key. */
  private async _handleReply(conversationId: string) {
    this._view.set({ replyTo: conversationId })
    ;(await this._view.form())?.freshKey()
    await this.updateComplete
    this._view.focus('#body')
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
   * have buttons and an edit form, the Own part keeps everything after the header up to date at each render.
   */
  private _renderComment(comment: ThreadComment) {
    const { author, id, state, createdAt } = comment
    const gone = state === 'deleted'
    const placeholder = state === 'hidden' ? 'Hidden by moderators.' : gone ? 'Comment deleted.' : ''
    // A placeholder has no buttons, even on this browser's own comment.
    const own = !placeholder && this._own?.mine[id] && this._own
    let article = built.get(comment)
    if (!article) {
      built.set(comment, (article = skeleton.cloneNode(true) as HTMLElement))
      article.id = `comment-${id}`
      const header = article.firstChild as Element
      const time = header.firstChild as Element
      time.setAttribute('datetime', createdAt)
      time.append(dates.format(Date.parse(createdAt)))
      if (!gone) header.prepend(author.kind === 'staff' ? bylineCard(people[author.handle]!, this._view.base) : h('strong', { dir: 'auto' }, author.name))
      if (comment.editedAt) header.append(h('small', {}, '(edited)'))
      if (!own) placeholder ? article.append(h('p', { class: 'muted' }, placeholder)) : kids(article, comment.body.children)
    }
    return own ? own.render(comment, article) : article
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

  /**
   * Who will answer, the form (once loaded; until then its place), the live region and the link under them. They
   * do not wait for the thread: drawn hidden while it loads, so when it comes only what it changes is left to do.
   */
  private _renderForm(thread?: Thread) {
    const view = this._view
    const conversation = thread?.conversations.find((c) => c.id === view.replyTo)
    const byId = (id: string) => opener(thread!.conversations.find((c) => c.id === id)!)
    return html`<section part="responder" class="card" aria-label="Who will answer" ?hidden=${!thread}>
        ${thread &&
        responderCard(
          people[conversation?.assignee ?? thread.responder.handle]!,
          !conversation && thread.responder.stats,
          view.base,
          conversation ? 'Your reply' : 'Your comment',
        )}
      </section>
      ${thread && this._form ? this._form.render(thread, byId) : html`<div class="form-place" ?hidden=${!thread}></div>`}
      <p part="status" role="status" aria-live="polite" ?hidden=${!thread}>${thread && view.status}</p>
      <footer class="muted" ?hidden=${!thread}>
        <a href="${view.base}/privacy/${encodeURIComponent(this.site!)}" target="_blank" rel="noopener">Your data</a>
      </footer>`
  }

  override render() {
    const view = this._view
    const thread = view.thread
    // Without a site there is nothing to load.
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
      list = html`<p part="status" aria-live="polite">${view.status || 'Loading comments…'}</p>
        ${view.status && html`<button part="button" @click=${this._load}>Try again</button>`}`
    return html`${list}${this._renderForm(thread)}`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'byline-comments': BylineComments
  }
}
