import { css, html, LitElement, nothing, type TemplateResult } from 'lit'
import { ConsoleStats as StatsAnswer, type ResponderStats } from '../../../schema'
import { api, isSessionLost } from '../api'
import type { ConsoleContext } from '../context'
import { base } from '../styles'
import { chartStyles, weeklyChart } from './chart'
import { duration, NOT_ENOUGH, share } from '../format'

type Stats = StatsAnswer

const asOf = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/**
 * Response times (#stats): per responder and per site, what waits now and the 90-day record as the public record
 * counts and shows it (a figure stays "not enough history yet" until five conversations back it); what is overdue;
 * and each one's weekly median first reply over 12 weeks, as a chart with its table beside it.
 */
export class ConsoleStatsView extends LitElement {
  static override styles = [
    base,
    chartStyles,
    css`
      td.figure,
      th.figure {
        text-align: end;
        font-variant-numeric: tabular-nums;
      }
      caption {
        text-align: start;
      }
      /* Words stay whole; at 360 px a wide table scrolls in its own region instead. */
      .figures th,
      .figures td {
        overflow-wrap: normal;
      }
      .figures td.figure {
        white-space: nowrap;
      }
      .figures td.url {
        overflow-wrap: anywhere;
        min-width: 10rem;
      }
      .none {
        white-space: normal;
        color: var(--muted);
        font-style: italic;
      }
      .scroll:focus-visible {
        outline-offset: 0;
      }
    `,
  ]
  static override properties = { context: { attribute: false }, stats: { state: true }, error: { state: true }, loading: { state: true } }
  context!: ConsoleContext
  stats: Stats | undefined
  error = ''
  loading = false

  override connectedCallback(): void {
    super.connectedCallback()
    void this.load()
  }

  private async load() {
    this.loading = true
    try {
      this.stats = await api('/v1/console/stats', { schema: StatsAnswer })
      this.error = ''
    } catch (e) {
      // A lost session is the console's to handle: left unhandled, it brings back the sign-in form.
      if (isSessionLost(e)) throw e
      this.error = e instanceof Error ? e.message : String(e)
    } finally {
      this.loading = false
    }
  }

  private figure(value: number | null | undefined, show: (v: number) => string): TemplateResult {
    return value === null || value === undefined ? html`<span class="none">${NOT_ENOUGH}</span>` : html`${show(value)}`
  }

  /** The record's columns, the same for a person and a site. */
  private recordCells(open: number, r: ResponderStats) {
    return html`<td class="figure">${open}</td>
      <td class="figure">${r.conversations}</td>
      <td class="figure">${this.figure(r.answeredRate, share)}</td>
      <td class="figure">${this.figure(r.medianFirstReplySeconds, duration)}</td>
      <td class="figure">${this.figure(r.p90FirstReplySeconds, duration)}</td>`
  }

  private recordHead(first: string, extra?: string) {
    return html`<thead>
      <tr>
        <th scope="col">${first}</th>
        ${extra ? html`<th scope="col" class="figure">${extra}</th>` : nothing}
        <th scope="col" class="figure">Open now</th>
        <th scope="col" class="figure">Conversations</th>
        <th scope="col" class="figure">Answered</th>
        <th scope="col" class="figure">Median first reply</th>
        <th scope="col" class="figure">90% answered within</th>
      </tr>
    </thead>`
  }

  private responders(s: Stats) {
    if (!s.responders.length) return html`<p>No one on the staff has had a conversation yet.</p>`
    return html`<div class="scroll" tabindex="0" role="region" aria-label="Responders' figures">
      <table class="figures">
        <caption class="muted">Each responder: what waits for them now, and their last ${s.responders[0]!.record.windowDays} days</caption>
        ${this.recordHead('Responder')}
        <tbody>
          ${s.responders.map(
            (r) =>
              html`<tr>
                <th scope="row"><bdi>${r.name}</bdi>${r.active ? nothing : html` <span class="muted">(deactivated)</span>`}</th>
                ${this.recordCells(r.openConversations, r.record)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`
  }

  private sites(s: Stats) {
    if (!s.sites.length) return html`<p>The organisation has no active site.</p>`
    return html`<div class="scroll" tabindex="0" role="region" aria-label="Sites' figures">
      <table class="figures">
        <caption class="muted">Each site: what waits there now, and its last ${s.sites[0]!.record.windowDays} days</caption>
        ${this.recordHead('Site', 'Reply target')}
        <tbody>
          ${s.sites.map(
            (site) =>
              html`<tr>
                <th scope="row"><bdi>${site.name}</bdi></th>
                <td class="figure">${duration(site.replyTargetHours * 3600)}</td>
                ${this.recordCells(site.openConversations, site.record)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`
  }

  private overdue(s: Stats) {
    if (!s.overdue.length) return html`<p>Nothing is overdue: every conversation waiting is within its site's reply-time target.</p>`
    return html`<div class="scroll">
      <table class="figures">
        <caption class="muted">Waiting past their site's reply-time target, longest first</caption>
        <thead>
          <tr>
            <th scope="col">Page</th>
            <th scope="col">Site</th>
            <th scope="col">Assigned to</th>
            <th scope="col" class="figure">Waiting</th>
          </tr>
        </thead>
        <tbody>
          ${s.overdue.map(
            (item) =>
              html`<tr>
                <td class="url"><a href=${item.page.url} dir="auto">${item.page.title ?? item.page.url}</a></td>
                <td><bdi>${item.site.name}</bdi></td>
                <td><bdi>${item.assignee.name}</bdi></td>
                <td class="figure">${duration(item.waitingSeconds)}${item.escalated ? html`<br /><span class="muted">escalated</span>` : nothing}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`
  }

  private charts(s: Stats) {
    return html`${s.responders.map((r) => html`<h3><bdi>${r.name}</bdi></h3>${weeklyChart(r.name, s.weeks, r.weekly)}`)}
    ${s.sites.map((site) => html`<h3>Site: <bdi>${site.name}</bdi></h3>${weeklyChart(site.name, s.weeks, site.weekly)}`)}`
  }

  override render() {
    const s = this.stats
    return html`<h1 tabindex="-1">Response times</h1>
      <p class="muted">
        Counted as each person's public record counts them, over the last 90 days: a rate or a time shows once five conversations back it.
      </p>
      <div class="row">
        <button class="quiet" @click=${() => void this.load()} ?disabled=${this.loading}>Refresh the figures</button>
        <span role="status"
          >${this.loading ? 'Loading the figures…' : s ? html`Figures as of <time datetime=${s.generatedAt}>${asOf.format(new Date(s.generatedAt))}</time>.` : ''}</span
        >
      </div>
      ${this.error ? html`<p class="alert" role="alert">The figures could not be loaded: ${this.error}</p>` : nothing}
      ${s
        ? html`<h2>Overdue</h2>
            ${this.overdue(s)}
            <h2>By responder</h2>
            ${this.responders(s)}
            <h2>By site</h2>
            ${this.sites(s)}
            <h2>Weekly median first reply</h2>
            <p class="muted">
              Each of the last 12 weeks, by when the conversation started: the median wait for the first reply. A week with no answered
              conversation is a gap. Shown whatever the number of conversations, since only the organisation's admins see it.
            </p>
            ${this.charts(s)}`
        : nothing}`
  }
}
customElements.define('console-stats', ConsoleStatsView)
