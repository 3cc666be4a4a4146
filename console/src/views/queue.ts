import { css, html, LitElement, nothing } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import { ConsoleQueue as QueuePage, type QueueItem, type QueueState } from '../../../schema'
import { api, query, isSessionLost } from '../api'
import type { ConsoleContext } from '../context'
import { DraftController } from '../draft'
import { base } from '../styles'
import { keyOf, type QueueActed, type QueuePerson } from './queue-item'
import './queue-item'

/*
 * The conversations queue (#queue): one list across the organisation's sites, in four states, filtered by site and
 * by person, newest first, 50 at a time with "Show older". The sites and people come from what the worker has in
 * force (the draft's saved document), not from edits not applied yet. Each item acts on its own (queue-item.ts);
 * here an action's outcome updates the list, is said in one status line, and focus moves to the next item.
 */

const states: readonly (readonly [QueueState, string, string])[] = [
  ['awaiting', 'Awaiting a reply', 'Nothing is waiting for a reply.'],
  ['overdue', 'Overdue', 'Nothing is past its reply-time target.'],
  ['held', 'Held for moderation', 'No comment is held.'],
  ['flagged', 'Flagged', 'Nothing has been escalated and is still waiting.'],
]


/**
 * @summary The moderation queue: awaiting, overdue, held and flagged conversations with approve, hide, delete, ban,
 * hand over and reply.
 */
export class ConsoleQueue extends LitElement {
  static override styles = [
    base,
    css`
      fieldset {
        border: 0;
        margin: 0;
        padding: 0;
      }
      legend {
        font-weight: 600;
        padding: 0;
        margin: 0.8rem 0 0.25rem;
      }
      .states label {
        min-height: 44px;
        margin: 0;
        padding: 0 0.8rem;
        border: 1px solid var(--line);
        border-radius: var(--r);
      }
      .states label:has(:checked) {
        border-color: var(--accent);
        background: var(--soft);
      }
      .items {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.8rem;
      }
      h2:focus {
        outline: none;
      }
      .said {
        min-height: 1.5em;
      }
    `,
  ]
  static override properties = {
    context: { attribute: false },
    state: { state: true },
    site: { state: true },
    staff: { state: true },
    items: { state: true },
    next: { state: true },
    loading: { state: true },
    loadError: { state: true },
    said: { state: true },
  }

  /** What the console gives every view. */
  context!: ConsoleContext
  state: QueueState = 'awaiting'
  site = ''
  staff = ''
  items: QueueItem[] = []
  next: string | null = null
  loading = false
  loadError = ''
  /** What the last action did, said once in the status line. */
  said = ''

  private draftController: DraftController | undefined
  /** Answers to an older request than the newest are dropped: filters can change faster than the worker answers. */
  private asked = 0

  override connectedCallback(): void {
    super.connectedCallback()
    this.draftController ??= new DraftController(this, this.context.draft)
    void this.load()
  }

  private get people(): QueuePerson[] {
    const doc = this.context.draft.saved
    return (doc?.staff ?? []).map((s) => ({ handle: s.handle, name: s.name }))
  }

  private get sites() {
    return this.context.draft.saved?.sites ?? []
  }

  /** The first page for the chosen state and filters, or (`older`) the next page after what is shown. */
  private async load(older = false) {
    const asked = ++this.asked
    this.loading = true
    this.loadError = ''
    if (!older) this.said = ''
    try {
      const page = await api(`/v1/console/queue${query({ state: this.state, site: this.site, staff: this.staff, before: older ? this.next : undefined })}`, {
        schema: QueuePage,
      })
      if (asked !== this.asked) return
      const firstNew = this.items.length
      this.items = older ? [...this.items, ...page.items] : page.items
      this.next = page.next
      // "Show older" goes away under the focus: the first of the older items takes it.
      if (older) void this.focusItem(firstNew)
    } catch (e) {
      if (isSessionLost(e)) throw e
      if (asked === this.asked) this.loadError = e instanceof Error ? e.message : String(e)
    } finally {
      if (asked === this.asked) this.loading = false
    }
  }

  private choose(change: Partial<Pick<ConsoleQueue, 'state' | 'site' | 'staff'>>) {
    Object.assign(this, change)
    this.items = []
    this.next = null
    void this.load()
  }

  private async focusItem(index: number) {
    await this.updateComplete
    const rows = this.renderRoot.querySelectorAll('console-queue-item')
    const row = rows[Math.min(index, rows.length - 1)]
    if (row) {
      await row.updateComplete
      row.focusHeading()
    } else this.renderRoot.querySelector<HTMLElement>('#list-heading')?.focus()
  }

  private readonly onActed = (e: CustomEvent<QueueActed>) => {
    const acted = e.detail
    const index = this.items.findIndex((i) => keyOf(i) === acted.key)
    if (index < 0) return
    this.said = acted.message
    let item: QueueItem | undefined = acted.outcome === 'updated' ? acted.item : undefined
    // Handed to someone else, it is no longer in a list of one person's conversations.
    if (item && this.staff && item.assignee.handle !== this.staff) item = undefined
    this.items = item ? this.items.map((i, n) => (n === index ? item : i)) : this.items.filter((_, n) => n !== index)
    this.context.refresh()
    // Focus goes to the next item, the one now in this place (or the last, or the list's heading when none is left).
    void this.focusItem(index)
  }

  private filters() {
    const sites = this.sites
    const people = this.people
    return html`<div class="grid">
      ${sites.length > 1
        ? html`<div>
            <label for="site">Site</label>
            <select id="site" @change=${(e: Event) => this.choose({ site: (e.target as HTMLSelectElement).value })}>
              <option value="" ?selected=${this.site === ''}>All sites</option>
              ${sites.map((s) => html`<option value=${s.id} ?selected=${s.id === this.site}>${s.name}</option>`)}
            </select>
          </div>`
        : nothing}
      ${people.length
        ? html`<div>
            <label for="staff">Assigned to</label>
            <select id="staff" @change=${(e: Event) => this.choose({ staff: (e.target as HTMLSelectElement).value })}>
              <option value="" ?selected=${this.staff === ''}>Anyone</option>
              ${people.map((s) => html`<option value=${s.handle} ?selected=${s.handle === this.staff}>${s.name}</option>`)}
            </select>
          </div>`
        : nothing}
    </div>`
  }

  override render() {
    const [, label, empty] = states.find(([s]) => s === this.state)!
    return html`<h1 tabindex="-1">Conversations</h1>
      <fieldset>
        <legend>Show</legend>
        <div class="row states">
          ${states.map(
            ([state, name]) =>
              html`<label class="check"
                ><input type="radio" name="state" value=${state} .checked=${this.state === state} @change=${() => this.choose({ state })} />${name}</label
              >`,
          )}
        </div>
      </fieldset>
      ${this.filters()}
      <p class="said" role="status">${this.said || (this.loading ? 'Loading…' : '')}</p>
      <h2 id="list-heading" tabindex="-1">${label}</h2>
      ${this.loadError ? html`<p class="alert" role="alert">${this.loadError}</p>` : nothing}
      ${!this.loading && !this.loadError && this.items.length === 0 ? html`<p class="muted">${empty}</p>` : nothing}
      <ul class="items" aria-labelledby="list-heading" @queue-acted=${this.onActed}>
        ${repeat(
          this.items,
          keyOf,
          (item) => html`<li><console-queue-item .item=${item} .staff=${this.people}></console-queue-item></li>`,
        )}
      </ul>
      ${this.next ? html`<p><button class="quiet" aria-disabled=${this.loading ? 'true' : 'false'} @click=${() => !this.loading && this.load(true)}>Show older</button></p>` : nothing}`
  }
}
customElements.define('console-queue', ConsoleQueue)

declare global {
  interface HTMLElementTagNameMap {
    'console-queue': ConsoleQueue
  }
}
