import { css, html, LitElement, nothing } from 'lit'
import { RoutingInputs, RoutingRule } from '../../../schema'
import { isAway, route, type RouteDecision, type StaffState } from '../../../worker/src/routing/route'
import { api, isSessionLost } from '../api'
import type { ConsoleContext } from '../context'
import { DraftController } from '../draft'
import { base } from '../styles'
import { testerPage } from './rules-page'
import { reasonInWords, type NameOf, type Presence } from './rules-words'

/** `YYYY-MM-DDTHH:MM` of an instant in the browser's own zone, as a datetime-local field takes it. */
function localMinute(t: number): string {
  const d = new Date(t)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`
}

type Answer =
  | { ok: true; decision: RouteDecision; rule: RoutingRule | undefined; page: { key: string; path: string; url: string; onSite: boolean }; skipped: number[]; presence: Presence }
  | { ok: false; problem: string }

/**
 * "Who answers?": a page, topic, named responder and moment in, the responder and the reason out, computed in the
 * browser by the worker's own pure `route()`. The rules, the default responder and everyone's away periods, delegates
 * and time zones come from the working copy of the config, so an unapplied change already shows here; open counts
 * and round-robin turns are the worker's live state (GET /v1/console/routing-inputs).
 */
export class ConsoleRulesTester extends LitElement {
  static override styles = [
    base,
    css`
      h2 {
        margin-top: 0;
      }
      .field > p.muted {
        margin: 0 0 0.3rem;
      }
      .answer {
        margin-top: 1rem;
      }
      .who {
        font-size: 1.15rem;
        font-weight: 700;
        margin: 0 0 0.3rem;
      }
      .answer p {
        margin: 0.3rem 0;
      }
    `,
  ]
  static override properties = {
    context: { attribute: false },
    site: { type: Number },
    address: { state: true },
    pageId: { state: true },
    topic: { state: true },
    responder: { state: true },
    moment: { state: true },
    inputs: { state: true },
    inputsError: { state: true },
  }

  context!: ConsoleContext
  /** Which of the working copy's sites to ask about (its index). */
  site = 0
  address = ''
  pageId = ''
  topic = ''
  responder = ''
  moment = localMinute(Date.now())
  inputs: RoutingInputs | undefined
  inputsError = ''
  private controller: DraftController | undefined

  override connectedCallback(): void {
    super.connectedCallback()
    void this.loadInputs()
  }

  override willUpdate(): void {
    // Recomputes on every change to the working copy, whichever view made it.
    this.controller ??= new DraftController(this, this.context.draft)
  }

  private async loadInputs() {
    try {
      this.inputs = await api('/v1/console/routing-inputs', { schema: RoutingInputs })
      this.inputsError = ''
    } catch (e) {
      // A lost session is the console's to handle (it shows the sign-in form).
      if (isSessionLost(e)) throw e
      this.inputsError = e instanceof Error ? e.message : String(e)
    }
  }

  private answer(): Answer {
    const doc = this.context.draft.doc
    const site = doc?.sites[this.site]
    if (!doc || !site) return { ok: false, problem: 'There is no site to ask about.' }
    const page = testerPage(this.address, { origins: site.origins ?? [], pageQuery: site.settings?.pageQuery ?? 'drop' }, {
      pageId: this.pageId,
      topic: this.topic,
      responder: this.responder,
    })
    if (!page.ok) return page
    if (!site.settings?.defaultResponder) return { ok: false, problem: 'Choose the site\'s default responder on the Sites view first: routing needs someone to fall back on.' }
    const now = this.moment ? new Date(this.moment).getTime() : Date.now()
    if (!Number.isFinite(now)) return { ok: false, problem: 'Give the moment as a date and a time.' }

    const live = new Map((this.inputs?.staff ?? []).map((s) => [s.handle, s]))
    const listed = new Set(doc.staff.map((s) => s.handle))
    const staff: StaffState[] = [
      ...doc.staff.map((s) => ({
        handle: s.handle,
        active: true,
        timeZone: s.timeZone ?? 'UTC',
        away: s.away ?? [],
        delegate: s.delegate ?? null,
        openCount: live.get(s.handle)?.openCount ?? 0,
      })),
      // Whoever the working copy leaves out is deactivated when it is applied.
      ...[...live.values()].filter((s) => !listed.has(s.handle)).map((s) => ({ ...s, active: false })),
    ]
    // A rule the schema refuses cannot be applied, so it is left out here rather than guessed at; numbers stay the list's.
    const numbered = (site.rules ?? []).map((rule, index) => ({ rule, index, ok: RoutingRule.safeParse(rule).success }))
    const usable = numbered.filter((r) => r.ok)
    try {
      const decision = route({
        rules: usable.map((r) => r.rule),
        fallback: site.settings.defaultResponder,
        staff,
        page: page.facts,
        now,
        turns: this.inputs?.sites.find((s) => s.id === site.id)?.turns ?? {},
      })
      const index = decision.rule === null ? null : usable[decision.rule]!.index
      const byHandle = new Map(staff.map((s) => [s.handle, s]))
      const presence: Presence = {
        status: (h) => {
          const s = byHandle.get(h)
          return !s?.active ? 'gone' : isAway(s, now) ? 'away' : 'here'
        },
        delegateOf: (h) => byHandle.get(h)?.delegate ?? undefined,
        openCount: (h) => byHandle.get(h)?.openCount ?? 0,
      }
      return {
        ok: true,
        decision: { ...decision, rule: index },
        rule: index === null ? undefined : site.rules[index],
        page: { key: page.facts.key, path: page.facts.path, url: page.url, onSite: page.onSite },
        skipped: numbered.filter((r) => !r.ok).map((r) => r.index),
        presence,
      }
    } catch {
      // Only a time zone or away period the schema also refuses gets here.
      return { ok: false, problem: 'Routing cannot run on the working copy as it is: fix the errors it shows on the Staff view (a time zone or an away period).' }
    }
  }

  private nameOf: NameOf = (h) => this.context.draft.doc?.staff.find((s) => s.handle === h)?.name ?? this.inputs?.staff.find((s) => s.handle === h)?.name

  private input(name: 'address' | 'pageId' | 'topic' | 'responder' | 'moment') {
    return (e: Event) => (this[name] = (e.target as HTMLInputElement).value)
  }

  private result() {
    const a = this.answer()
    if (!a.ok) return html`<p class="muted">${a.problem}</p>`
    const d = a.decision
    const zoneOf = this.context.draft.doc?.staff.find((s) => s.handle === d.handle)?.timeZone
    return html`<p class="who"><bdi>${this.nameOf(d.handle) ?? d.handle}</bdi> answers${d.rule === null ? nothing : html` (rule ${d.rule + 1})`}</p>
      <p>${reasonInWords(d, this.nameOf, a.rule, a.presence)}</p>
      ${d.intended && d.intended !== d.handle ? html`<p>Intended: <bdi>${this.nameOf(d.intended) ?? d.intended}</bdi>.</p>` : nothing}
      ${d.lead ? html`<p>Escalations from this pool go to its lead, <bdi>${this.nameOf(d.lead) ?? d.lead}</bdi>.</p>` : nothing}
      <p class="muted">Routing sees the page <bdi>${a.page.key}</bdi>${a.page.key === a.page.path ? '' : html` (path <bdi>${a.page.path}</bdi>)`}${zoneOf ? html`; the responder's time zone is ${zoneOf}` : ''}.</p>
      ${a.page.onSite ? nothing : html`<p class="error">This address is not on one of the site's origins: comments from it would be refused.</p>`}
      ${a.skipped.length
        ? html`<p class="error">Left out until their errors are fixed: ${a.skipped.map((i, k) => `${k ? ', ' : ''}rule ${i + 1}`)}.</p>`
        : nothing}`
  }

  override render() {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
    return html`<h2 id="tester-title">Who answers?</h2>
      <p class="muted">
        Try a page against the rules as you have them here, changes not applied yet included. Open conversations and
        whose turn it is come from the live service.
      </p>
      <div class="field">
        <label for="t-address">Page address</label>
        <p class="muted" id="t-address-hint">A full URL, or a path on the site such as /planning/roads.</p>
        <input id="t-address" type="text" inputmode="url" autocomplete="off" aria-describedby="t-address-hint" .value=${this.address} @input=${this.input('address')} />
      </div>
      <div class="grid">
        <div class="field">
          <label for="t-topic">Topic (optional)</label>
          <input id="t-topic" autocomplete="off" .value=${this.topic} @input=${this.input('topic')} />
        </div>
        <div class="field">
          <label for="t-page">Page id (optional)</label>
          <p class="muted" id="t-page-hint">The embed's page attribute, if it has one.</p>
          <input id="t-page" autocomplete="off" aria-describedby="t-page-hint" .value=${this.pageId} @input=${this.input('pageId')} />
        </div>
        <div class="field">
          <label for="t-responder">Responder the embed names (optional)</label>
          <p class="muted" id="t-responder-hint">A staff handle, as in responder="rita".</p>
          <input id="t-responder" autocomplete="off" aria-describedby="t-responder-hint" .value=${this.responder} @input=${this.input('responder')} />
        </div>
        <div class="field">
          <label for="t-moment">Moment</label>
          <p class="muted" id="t-moment-hint">In your time zone (${zone}); away periods are read in each person's own.</p>
          <input id="t-moment" type="datetime-local" aria-describedby="t-moment-hint" .value=${this.moment} @input=${this.input('moment')} />
        </div>
      </div>
      <div class="answer card" role="status" aria-labelledby="tester-title">${this.result()}</div>
      ${this.inputsError ? html`<p class="error">Live state unavailable (${this.inputsError}): open counts and turns count as none.</p>` : nothing}`
  }
}
customElements.define('console-rules-tester', ConsoleRulesTester)
