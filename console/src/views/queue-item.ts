import { css, html, LitElement, nothing, type PropertyValues } from 'lit'
import { live } from 'lit/directives/live.js'
import { z } from 'zod'
import { ModerationAction, PostedComment, PublicStaff, type BanRequest, type QueueItem } from '../../../schema'
import { api, ApiRefusal, isSessionLost } from '../api'
import { base } from '../styles'
import { duration } from '../format'

/*
 * One item of the moderation queue: what it is (who wrote what on which page, who has it, how long it has waited)
 * and what an admin can do with it. Every action calls the admin API with the console session; its outcome goes up
 * to the queue as a `queue-acted` event, which says what happened and moves focus on. A refusal stays here, beside
 * the item, with whatever was typed.
 */


/** Someone the queue can hand a conversation to, or reply as: the organisation's active staff. */
export type QueuePerson = { handle: string; name: string }

/** What an action did to the item: it left the list, or it is still there as `item`. */
export type QueueActed = { key: string; message: string } & ({ outcome: 'removed' } | { outcome: 'updated'; item: QueueItem })

declare global {
  interface HTMLElementEventMap {
    'queue-acted': CustomEvent<QueueActed>
  }
}

/** The item's key in the list: a held comment (a conversation may have several), else the conversation. */
export const keyOf = (item: QueueItem) => item.held?.commentId ?? item.conversationId

type Panel = 'reply' | 'handover' | 'ban' | 'delete' | null

const Moderated = z.object({ commentId: z.string(), action: ModerationAction.shape.action })
const Handed = z.object({ conversationId: z.string(), assignee: PublicStaff })
const Banned = z.object({ banned: z.object({ kind: z.enum(['email', 'ip']), value: z.string() }) })

const holdReason = { moderation: 'Held for a moderator', unverified: 'Held until its author confirms their address' } as const


/** A page's URL is a link only when it is a web address (it always is; the check keeps any other scheme out of href). */
const webUrl = (url: string) => /^https?:\/\//i.test(url)

/**
 * @summary One conversation, or held comment, of the queue with its actions.
 * @fires queue-acted - An action succeeded; the queue updates the list, says what happened and moves focus.
 */
export class ConsoleQueueItem extends LitElement {
  static override styles = [
    base,
    css`
      article {
        border: 1px solid var(--line);
        border-radius: var(--r);
        padding: 0.6rem 1rem 0.8rem;
      }
      h3 {
        margin-top: 0.2rem;
      }
      .meta {
        margin: 0.2rem 0;
      }
      .badge {
        display: inline-block;
        border: 1px solid currentColor;
        border-radius: 999px;
        padding: 0 0.55rem;
        font-size: 0.875rem;
        font-weight: 600;
      }
      .overdue,
      .banned {
        color: var(--err);
      }
      .escalated,
      .held {
        color: var(--warn);
      }
      blockquote {
        margin: 0.6rem 0;
        padding: 0.4rem 0.8rem;
        border-inline-start: 3px solid var(--line);
        background: var(--soft);
      }
      blockquote p {
        margin: 0.2rem 0;
      }
      .author {
        font-weight: 600;
      }
      .actions {
        margin-top: 0.6rem;
      }
      .panel {
        margin-top: 0.8rem;
        padding-top: 0.4rem;
        border-top: 1px solid var(--line);
      }
      .panel:focus {
        outline: none;
      }
      fieldset {
        border: 0;
        margin: 0;
        padding: 0;
      }
      legend {
        font-weight: 600;
        padding: 0;
        margin: 0.6rem 0 0.25rem;
      }
      .check {
        min-height: 44px;
      }
      .question {
        font-weight: 600;
      }
      .question:focus {
        outline: none;
      }
    `,
  ]
  static override properties = {
    item: { attribute: false },
    staff: { attribute: false },
    panel: { state: true },
    busy: { state: true },
    error: { state: true },
    banned: { state: true },
    replyBody: { state: true },
    replyAs: { state: true },
    handTo: { state: true },
    handNote: { state: true },
    banKind: { state: true },
    banReason: { state: true },
    banToo: { state: true },
  }

  /** The queue's item. */
  item!: QueueItem
  /** Whom it may be handed to or answered as. */
  staff: QueuePerson[] = []

  panel: Panel = null
  busy = false
  error = ''
  /** What this session banned of its author, shown on the item. */
  banned: string[] = []
  replyBody = ''
  replyAs = ''
  handTo = ''
  handNote = ''
  banKind: 'email' | 'ip' = 'email'
  banReason = ''
  banToo = false

  /** The button that opened the panel, given focus back when it closes. */
  private opener: HTMLElement | null = null

  /** Gives its heading focus: after an action, the queue moves here. */
  focusHeading(): void {
    this.renderRoot.querySelector<HTMLElement>('h3')?.focus()
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('item') || changed.has('staff')) {
      if (!this.replyAs || !this.staff.some((s) => s.handle === this.replyAs)) this.replyAs = this.staff.some((s) => s.handle === this.item.assignee.handle) ? this.item.assignee.handle : (this.staff[0]?.handle ?? '')
      const others = this.staff.filter((s) => s.handle !== this.item.assignee.handle)
      if (!others.some((s) => s.handle === this.handTo)) this.handTo = others[0]?.handle ?? ''
      if (!this.item.preview?.visitorEmail) this.banKind = 'ip'
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    // A panel just opened takes focus to what it asks first.
    if (changed.has('panel') && this.panel) this.renderRoot.querySelector<HTMLElement>('[data-first]')?.focus()
  }

  private open(panel: Panel, e: Event) {
    if (this.busy) return
    this.error = ''
    if (this.panel === panel) return this.close()
    this.opener = e.currentTarget as HTMLElement
    this.panel = panel
  }

  private close() {
    this.panel = null
    this.error = ''
    const opener = this.opener
    void this.updateComplete.then(() => opener?.focus())
  }

  private get who() {
    return this.item.preview?.author || 'the visitor'
  }

  private get pageName() {
    return this.item.page.title || this.item.page.url
  }

  /** Runs one call; success goes up as `queue-acted`, a refusal stays beside the item. */
  private async act(call: () => Promise<QueueActed | null>) {
    if (this.busy) return
    this.busy = true
    this.error = ''
    try {
      const acted = await call()
      if (acted) {
        this.panel = null
        this.dispatchEvent(new CustomEvent('queue-acted', { detail: acted, bubbles: true, composed: true }))
      }
    } catch (e) {
      // A lost session is the console's to handle: it brings back the sign-in form.
      if (isSessionLost(e)) throw e
      this.error = e instanceof ApiRefusal ? e.message : String(e)
    } finally {
      this.busy = false
    }
  }

  private moderate(action: 'approve' | 'hide' | 'delete') {
    const comment = this.item.held?.commentId ?? this.item.preview?.commentId
    if (!comment) return
    const done = { approve: 'Approved', hide: 'Hid', delete: 'Deleted' }[action]
    const after = { approve: 'It is published.', hide: 'The thread shows it as hidden by moderators.', delete: 'Its words are gone.' }[action]
    void this.act(async () => {
      let banned = ''
      // The ban first: if the delete is then refused, the comment is still there to try again.
      if (action === 'delete' && this.banToo) {
        banned = ` ${await this.ban('email', '')}`
        this.banToo = false
      }
      await api(`/v1/admin/comments/${encodeURIComponent(comment)}/moderation`, { method: 'POST', body: { action }, schema: Moderated })
      return { key: keyOf(this.item), outcome: 'removed', message: `${done} ${this.who}'s comment on ${this.pageName}. ${after}${banned}` }
    })
  }

  /** Bans the author's address or connection from the item's site; answers the sentence that says so. */
  private async ban(kind: 'email' | 'ip', reason: string): Promise<string> {
    const preview = this.item.preview
    const body: BanRequest = kind === 'email' ? { email: preview?.visitorEmail ?? '' } : { ipHash: preview?.ipHash ?? '' }
    if (reason) body.reason = reason
    await api(`/v1/admin/sites/${encodeURIComponent(this.item.site.id)}/bans`, { method: 'POST', body, schema: Banned })
    this.banned = [...new Set([...this.banned, kind === 'email' ? 'address' : 'connection'])]
    return `Banned ${kind === 'email' ? (preview?.visitorEmail ?? '') : 'their connection'} from ${this.item.site.name}.`
  }

  private banOnly(e: SubmitEvent) {
    e.preventDefault()
    void this.act(async () => {
      const message = await this.ban(this.banKind, this.banReason.trim())
      this.banReason = ''
      return { key: keyOf(this.item), outcome: 'updated', item: this.item, message }
    })
  }

  private reply(e: SubmitEvent) {
    e.preventDefault()
    const staff = this.staff.find((s) => s.handle === this.replyAs)
    if (!this.replyBody.trim()) {
      this.error = 'Write the reply first.'
      return
    }
    if (!staff) {
      this.error = 'Choose who the reply is from.'
      return
    }
    void this.act(async () => {
      await api(`/v1/admin/conversations/${encodeURIComponent(this.item.conversationId)}/replies`, {
        method: 'POST',
        body: { staff: staff.handle, body: this.replyBody },
        schema: PostedComment,
      })
      this.replyBody = ''
      return { key: keyOf(this.item), outcome: 'removed', message: `Published ${staff.name}'s reply to ${this.who} on ${this.pageName}.` }
    })
  }

  private handOver(e: SubmitEvent) {
    e.preventDefault()
    if (!this.handTo) {
      this.error = 'Choose who takes the conversation.'
      return
    }
    const note = this.handNote.trim()
    void this.act(async () => {
      const moved = await api(`/v1/admin/conversations/${encodeURIComponent(this.item.conversationId)}/handover`, {
        method: 'POST',
        body: note ? { to: this.handTo, note } : { to: this.handTo },
        schema: Handed,
      })
      this.handNote = ''
      const item = { ...this.item, assignee: { handle: moved.assignee.handle, name: moved.assignee.name } }
      return { key: keyOf(this.item), outcome: 'updated', item, message: `Handed ${this.who}'s conversation on ${this.pageName} to ${moved.assignee.name}.` }
    })
  }

  private actionButtons() {
    const held = this.item.held !== null
    const canBan = !!(this.item.preview?.visitorEmail || this.item.preview?.ipHash)
    const toggle = (panel: Exclude<Panel, null>, label: string, cls = 'quiet') =>
      html`<button type="button" class=${cls} aria-expanded=${this.panel === panel ? 'true' : 'false'} aria-disabled=${this.busy ? 'true' : 'false'} @click=${(e: Event) => this.open(panel, e)}>
        ${label}
      </button>`
    const now = (action: 'approve' | 'hide', label: string, cls = 'quiet') =>
      html`<button type="button" class=${cls} aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => this.moderate(action)}>${label}</button>`
    return html`<div class="row actions">
      ${held ? now('approve', 'Approve', '') : html`${toggle('reply', 'Reply…', '')} ${toggle('handover', 'Hand over…')}`} ${this.item.preview ? now('hide', 'Hide') : nothing}
      ${this.item.preview ? toggle('delete', 'Delete…') : nothing} ${canBan ? toggle('ban', 'Ban…') : nothing}
    </div>`
  }

  private panelView() {
    const busy = this.busy ? 'true' : 'false'
    const cancel = html`<button type="button" class="quiet" @click=${() => this.close()}>Cancel</button>`
    const preview = this.item.preview
    switch (this.panel) {
      case 'reply':
        return html`<form class="panel" @submit=${this.reply} novalidate>
          <label for="reply-body">Reply to <bdi>${this.who}</bdi></label>
          <textarea
            id="reply-body"
            data-first
            dir="auto"
            .value=${live(this.replyBody)}
            @input=${(e: InputEvent) => (this.replyBody = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
          <label for="reply-as">Reply as</label>
          <select id="reply-as" @change=${(e: Event) => (this.replyAs = (e.target as HTMLSelectElement).value)}>
            ${this.staff.map((s) => html`<option value=${s.handle} ?selected=${s.handle === this.replyAs}>${s.name}</option>`)}
          </select>
          <p class="row"><button aria-disabled=${busy}>Publish reply</button> ${cancel}</p>
        </form>`
      case 'handover': {
        const others = this.staff.filter((s) => s.handle !== this.item.assignee.handle)
        return html`<form class="panel" @submit=${this.handOver} novalidate>
          <label for="hand-to">Hand over to</label>
          <select id="hand-to" data-first @change=${(e: Event) => (this.handTo = (e.target as HTMLSelectElement).value)}>
            ${others.map((s) => html`<option value=${s.handle} ?selected=${s.handle === this.handTo}>${s.name}</option>`)}
          </select>
          <label for="hand-note">Note for the thread (optional)</label>
          <input id="hand-note" dir="auto" .value=${live(this.handNote)} @input=${(e: InputEvent) => (this.handNote = (e.target as HTMLInputElement).value)} />
          <p class="row"><button aria-disabled=${busy}>Hand over</button> ${cancel}</p>
        </form>`
      }
      case 'ban':
        return html`<form class="panel" @submit=${this.banOnly} novalidate>
          <fieldset>
            <legend>Ban <bdi>${this.who}</bdi> from <bdi>${this.item.site.name}</bdi> by</legend>
            ${preview?.visitorEmail
              ? html`<label class="check"
                  ><input type="radio" name="ban-kind" value="email" ?data-first=${this.banKind === 'email'} .checked=${this.banKind === 'email'} @change=${() => (this.banKind = 'email')} />
                  their address, <bdi>${preview.visitorEmail}</bdi></label
                >`
              : nothing}
            ${preview?.ipHash
              ? html`<label class="check"
                  ><input type="radio" name="ban-kind" value="ip" ?data-first=${this.banKind === 'ip'} .checked=${this.banKind === 'ip'} @change=${() => (this.banKind = 'ip')} />
                  their connection (whatever address they use from it, for up to 30 days)</label
                >`
              : nothing}
          </fieldset>
          <label for="ban-reason">Reason (optional, kept in the moderation log)</label>
          <input id="ban-reason" .value=${live(this.banReason)} @input=${(e: InputEvent) => (this.banReason = (e.target as HTMLInputElement).value)} />
          <p class="row"><button class="danger" aria-disabled=${busy}>Ban</button> ${cancel}</p>
        </form>`
      case 'delete':
        return html`<div class="panel" role="group" aria-labelledby="delete-question">
          <p class="question" id="delete-question" tabindex="-1" data-first>Delete <bdi>${this.who}</bdi>'s comment for good?</p>
          <p>Its words are removed and cannot be brought back. Replies under it stay.</p>
          ${preview?.visitorEmail
            ? html`<label class="check"
                ><input type="checkbox" .checked=${this.banToo} @change=${(e: Event) => (this.banToo = (e.target as HTMLInputElement).checked)} /> Also ban
                <bdi>${preview.visitorEmail}</bdi> from <bdi>${this.item.site.name}</bdi></label
              >`
            : nothing}
          <p class="row">
            <button type="button" class="danger" aria-disabled=${busy} @click=${() => this.moderate('delete')}>Delete for good</button>
            <button type="button" class="quiet" @click=${() => this.close()}>Keep it</button>
          </p>
        </div>`
      default:
        return nothing
    }
  }

  override render() {
    const it = this.item
    const preview = it.preview
    const heading = `h-${keyOf(it)}`
    return html`<article aria-labelledby=${heading}>
      <h3 id=${heading} tabindex="-1">
        ${preview ? html`<bdi>${preview.author || 'A visitor'}</bdi> on ` : 'A conversation on '}<bdi>${this.pageName}</bdi>
      </h3>
      <p class="meta muted">
        <bdi>${it.site.name}</bdi> · ${webUrl(it.page.url) ? html`<a href=${it.page.url}>open the page</a> · ` : nothing} assigned to <bdi>${it.assignee.name}</bdi> ·
        ${it.held ? 'held for' : 'waiting'} <time datetime=${it.since}>${duration(it.waitingSeconds)}</time>
      </p>
      ${it.overdue || it.escalated || it.held || this.banned.length
        ? html`<p class="row meta">
            ${it.held ? html`<span class="badge held">${it.held.reason ? holdReason[it.held.reason] : 'Held'}</span>` : nothing}
            ${it.overdue ? html`<span class="badge overdue">Overdue</span>` : nothing} ${it.escalated ? html`<span class="badge escalated">Escalated</span>` : nothing}
            ${this.banned.map((b) => html`<span class="badge banned">Author's ${b} banned</span>`)}
          </p>`
        : nothing}
      ${preview
        ? html`<blockquote>
            <p><bdi class="author">${preview.author || 'A visitor'}</bdi>${preview.visitorEmail ? html` <span class="muted">(<bdi>${preview.visitorEmail}</bdi>)</span>` : nothing}</p>
            <p dir="auto">${preview.text}</p>
          </blockquote>`
        : nothing}
      ${this.actionButtons()} ${this.panelView()} ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
    </article>`
  }
}
customElements.define('console-queue-item', ConsoleQueueItem)

declare global {
  interface HTMLElementTagNameMap {
    'console-queue-item': ConsoleQueueItem
  }
}
