import type { Comment, Thread, ThreadComment } from '../../../schema/api/thread'
import { changeComment, requestLink } from '../api-writes'
import { adoptFieldStyles, find, quiet, replaced, withComment } from '../changes'
import type { View } from '../comments/view'
import { apiError, html, nothing, pageUrl, render, renderDoc } from '../shared'
import { loadMine, saveMine, type Mine, type Pending } from './mine'

/** The line under a pending comment, which only its author sees. */
export const waiting = (p: Pending | undefined) =>
  p?.reason === 'unverified'
    ? `Confirm your email to publish it: we sent a link to ${p.email}.`
    : 'Awaiting approval — only you can see it.'

export const DELETED = 'Comment deleted.'

/**
 * The visitor's own comments, which only this browser knows as theirs (own/mine.ts): their pending ones shown to
 * them alone, and Edit, Delete and "Send the link again" on them. Loaded when this browser has any on the site, or
 * once the visitor posts.
 */
export class Own {
  /** Owner tokens, sources and pending comments; each change comes with a change to the thread, which renders it. */
  readonly mine: Record<string, Mine>
  /** An own comment's edit form (`edit ID`) or its "Delete for good?" (`delete ID`), open. */
  private _open = ''

  constructor(private readonly view: View) {
    this.mine = loadMine(view.site)
    adoptFieldStyles(view.host)
  }

  readonly waiting = waiting

  /**
   * The worker shows pending comments to nobody: this browser shows its own, on the page they were posted on, until
   * the thread has them; then it forgets they were pending.
   */
  withPending(thread: Thread): Thread {
    for (const [id, { pending }] of Object.entries(this.mine)) {
      const there = find(thread, id)
      if (pending?.page !== this.view.pageKey) continue
      if (!there) thread = withComment(thread, pending.comment)
      else if (there.state !== 'pending') delete this.mine[id]!.pending
    }
    this._save()
    return thread
  }

  /** A comment the visitor just posted, with the token that proves it is theirs and the text they typed. */
  remember(comment: Comment, token: string | undefined, source: string, pending?: Pending) {
    this.mine[comment.id] = { token, source, pending }
    this._save()
  }

  private _save() {
    saveMine(this.view.site, this.mine)
  }

  /** Puts an edited comment in place of the old one (and of its pending copy), or takes a deleted one out. */
  private _replace(id: string, next?: Comment) {
    this.view.set({ thread: replaced(this.view.thread!, id, next) })
    const pending = this.mine[id]?.pending
    if (!next) delete this.mine[id]
    else if (pending) pending.comment = next
    this._save()
  }

  /** Edit, delete, resend: one at a time, and what came of it in words in the status region. */
  private async _act(work: () => Promise<string>) {
    const view = this.view
    if (view.busy) return
    view.set({ busy: true })
    try {
      view.set({ status: await work() })
    } catch (e) {
      view.set({ status: apiError(e).message })
    } finally {
      view.set({ busy: false })
    }
  }

  /** Opens an own comment's edit form or its "Delete for good?" (without `what`, closes them); focus goes along. */
  private async _openFor(id: string, what?: 'edit' | 'delete') {
    this._open = what ? `${what} ${id}` : ''
    this.view.host.requestUpdate()
    await this.view.host.updateComplete
    this.view.focus(`#comment-${id} :is(textarea,footer button)`)
  }

  private _saveEdit(e: SubmitEvent, id: string) {
    e.preventDefault()
    const body = (e.target as HTMLFormElement).querySelector('textarea')!.value
    return this._act(async () => {
      const mine = this.mine[id]!
      const { comment } = await changeComment(this.view.base, id, mine.token!, body)
      mine.source = body
      this._replace(id, comment)
      await this._openFor(id)
      return 'Saved.'
    })
  }

  private _delete(id: string) {
    return this._act(async () => {
      await changeComment(this.view.base, id, this.mine[id]!.token!)
      this._replace(id)
      await this.view.host.updateComplete
      // The focused button went with the comment: its placeholder takes focus, else the thread.
      const root = this.view.host.renderRoot
      ;(root.querySelector<HTMLElement>(`#comment-${id}`) ?? root.querySelector<HTMLElement>('section'))?.focus()
      return DELETED
    })
  }

  private _resend(p: Pending) {
    return this._act(async () => (await requestLink(this.view.base, this.view.site, { email: p.email, url: pageUrl() })).message)
  }

  /**
   * Everything after the header of one of the visitor's own comments, which Lit keeps up to date at each render:
   * its body or edit form, the pending line, Edit while the window is open and the source known, Delete always.
   */
  render(comment: ThreadComment, article: HTMLElement) {
    const { id, state, createdAt } = comment
    const mine = this.mine[id]!
    const pending = mine.pending
    const own = mine.token ? mine : undefined
    const editing = own && this._open === `edit ${id}`
    const deleting = this._open === `delete ${id}`
    const editable =
      own?.source != null && Date.now() - Date.parse(createdAt) < this.view.thread!.site.editWindowMinutes * 60_000
    render(
      html`${editing
          ? html`<form @submit=${(e: SubmitEvent) => this._saveEdit(e, id)}>
              <label for="edit">Edit your comment</label>
              <textarea id="edit" required .value=${own.source ?? ''}></textarea>
              <div><button part="button">Save</button> ${quiet('Cancel', () => this._openFor(id))}</div>
            </form>`
          : renderDoc(comment.body)}
        ${state === 'pending'
          ? html`<p class="note muted">
              ${waiting(pending)} ${pending?.reason === 'unverified' ? quiet('Send the link again', () => this._resend(pending)) : nothing}
            </p>`
          : nothing}
        ${own && !editing
          ? html`<footer>${deleting
                ? quiet('Delete for good?', () => this._delete(id))
                : editable
                  ? quiet('Edit', () => this._openFor(id, 'edit'))
                  : nothing} ${deleting ? quiet('Cancel', () => this._openFor(id)) : quiet('Delete', () => this._openFor(id, 'delete'))}</footer>`
          : nothing}`,
      article,
    )
    return article
  }
}
