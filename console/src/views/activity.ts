import { css, html, LitElement, nothing } from 'lit'
import { ConsoleActivity as ActivityPage, type ConsoleActivityEntry } from '../../../schema'
import { api, query, isSessionLost } from '../api'
import type { ConsoleContext } from '../context'
import { base } from '../styles'

/**
 * What each kind of change is called in the log (the kinds of worker/src/events/kinds.ts an admin, or a member of
 * staff on their own page, can cause). A kind not listed here, from a newer worker, is shown as it is.
 */
const actions: Record<string, string> = {
  'config.applied': 'Applied the configuration',
  'console.sign_in_requested': 'Asked for a sign-in link',
  'console.signed_in': 'Signed in',
  'console.signed_out': 'Signed out',
  'admin_token.issued': 'Issued an admin token',
  'staff.profile_updated': 'Updated a staff profile',
  'staff.self_link_requested': "Sent a staff member the link to their own page",
  'comment.moderated': 'Moderated a comment',
  'comment.deleted': 'Deleted a comment',
  'comment.edited': 'Edited a comment',
  'comment.posted': 'Posted a comment',
  'reply.published': 'Replied as staff',
  'conversation.handed_over': 'Handed over a conversation',
  'conversation.escalated': 'Escalated a conversation',
  'conversation.closed': 'Closed a conversation',
  'answer_link.requested': 'Asked for an answer link',
  'visitor.banned': 'Banned a visitor',
  'visitor.erased': "Erased a visitor's data",
  'privacy.exported': "Exported a visitor's data",
}

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

const PAGE = 50

/** The activity log (#activity): every admin action with who and when, newest first, a page at a time. */
export class ConsoleActivity extends LitElement {
  static override styles = [
    base,
    css`
      caption {
        text-align: start;
      }
    `,
  ]
  static override properties = { context: { attribute: false }, entries: { state: true }, next: { state: true }, loading: { state: true }, error: { state: true } }
  context!: ConsoleContext
  entries: ConsoleActivityEntry[] | undefined
  next: number | null = null
  loading = false
  error = ''

  override connectedCallback(): void {
    super.connectedCallback()
    void this.load(null)
  }

  private async load(before: number | null) {
    this.loading = true
    this.error = ''
    try {
      const page = await api(`/v1/console/activity${query({ before, limit: PAGE })}`, { schema: ActivityPage })
      const first = this.entries?.length ?? 0
      this.entries = before === null ? page.entries : [...(this.entries ?? []), ...page.entries]
      this.next = page.next
      // "Show older" leaves the reader at the first of the older entries, not back at the top.
      if (before !== null && page.entries.length)
        void this.updateComplete.then(() => this.renderRoot.querySelectorAll<HTMLElement>('tbody th')[first]?.focus())
    } catch (e) {
      if (isSessionLost(e)) throw e
      this.error = e instanceof Error ? e.message : String(e)
    } finally {
      this.loading = false
    }
  }

  /** What an entry was done to: the organisation or one of its sites by name, anything else by its id. */
  private target(id: string | null) {
    if (id === null) return html`<span class="muted">—</span>`
    if (id === this.context.me.org.id) return 'The organisation'
    const site = this.context.draft.saved?.sites.find((s) => s.id === id)
    if (site) return html`Site <bdi>${site.name}</bdi> (<code>${id}</code>)`
    return html`<code><bdi>${id}</bdi></code>`
  }

  private row(e: ConsoleActivityEntry) {
    const words = actions[e.action]
    return html`<tr>
      <th scope="row" tabindex="-1"><time datetime=${e.at}>${when.format(new Date(e.at))}</time></th>
      <td><bdi>${e.actor.email}</bdi></td>
      <td>${words ?? html`<code>${e.action}</code>`}</td>
      <td>${this.target(e.target)}</td>
    </tr>`
  }

  override render() {
    const entries = this.entries
    return html`<h1 tabindex="-1">Activity</h1>
      <p class="muted">Every change the organisation's admins make, in the console or with one of its API tokens, and every change staff make on their own page: who, what and when, newest first.</p>
      ${this.error ? html`<p class="alert" role="alert">The log could not be loaded: ${this.error}</p>` : nothing}
      ${entries === undefined
        ? html`<p role="status">${this.loading ? 'Loading the log…' : ''}</p>`
        : !entries.length
          ? html`<p>Nothing has been recorded yet.</p>`
          : html`<div class="scroll">
                <table>
                  <caption class="muted">The organisation's activity log, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Who</th>
                      <th scope="col">What</th>
                      <th scope="col">Done to</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${entries.map((e) => this.row(e))}
                  </tbody>
                </table>
              </div>
              <p role="status">${this.loading ? 'Loading older entries…' : this.next === null ? 'That is the whole log.' : ''}</p>
              ${this.next !== null ? html`<p><button class="quiet" ?disabled=${this.loading} @click=${() => void this.load(this.next)}>Show older</button></p>` : nothing}`}`
  }
}
customElements.define('console-activity', ConsoleActivity)
