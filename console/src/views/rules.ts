import { css, html, LitElement, nothing, type TemplateResult } from 'lit'
import { live } from 'lit/directives/live.js'
import { OrgConfig, type ErrorIssue, type RoutingRule, type StaffConfig } from '../../../schema'
import type { ConsoleContext } from '../context'
import { DraftController, type Path } from '../draft'
import { base } from '../styles'
import './rules-tester'
import { kindOf, matchKinds, ruleInWords, strategies, type MatchKind, type NameOf } from './rules-words'

/*
 * Routing: each site's ordered rules (the first that matches decides who answers), edited in the working copy of
 * the config like every other part of it, and the "who answers?" tester beside them. Nothing here writes to the
 * worker: the changes are reviewed and applied on the Review and import view.
 */

type AssignKind = 'named' | 'staff' | 'pool'

const assignKindOf = (rule: RoutingRule): AssignKind => (!rule.assign ? 'named' : 'staff' in rule.assign ? 'staff' : 'pool')

/** A fresh `when` for a kind of match: the value is the admin's to type. */
function whenOf(kind: MatchKind): RoutingRule['when'] {
  switch (kind) {
    case 'path':
      return { path: '' }
    case 'page':
      return { page: '' }
    case 'topic':
      return { topic: '' }
    case 'responderAttribute':
      return { responderAttribute: true }
    case 'always':
      return { always: true }
  }
}

const valueLabels: Partial<Record<MatchKind, [label: string, hint: string]>> = {
  path: ['Path pattern', 'Starts with /. * stands for one part of the path, ** for any number: /planning/** is every page under /planning.'],
  page: ['Page id', "The embed's page attribute, as in page=\"press/2026-budget\"."],
  topic: ['Topic', 'As in the embed\'s topic="budget": lower-case letters, digits and dashes.'],
}

type Editor = {
  /** Prefix of the controls' ids. */
  id: string
  rule: RoutingRule
  /** The issues at a place under the rule (['when', 'path']), exactly there. */
  issues(at: Path): ErrorIssue[]
  /** Changes the rule as it is now (not as this render saw it: two changes may land before the next render). */
  change(edit: (rule: RoutingRule) => void): void
  staff: StaffConfig[]
}

/** The places under a rule that have a control of their own; an issue anywhere else is shown for the whole rule. */
const ownPlaces = (rule: RoutingRule): Path[] => [
  ['when', kindOf(rule.when)],
  ['assign', 'staff'],
  ['assign', 'pool'],
  ['assign', 'strategy'],
  ['assign', 'lead'],
  ...((rule.assign && 'pool' in rule.assign ? rule.assign.pool : []) ?? []).map((_, k) => ['assign', 'pool', k]),
]

/**
 * @summary The Routing view: per site, the ordered rules in words, add/edit/reorder/delete in the working copy,
 * inline validation errors, and the "who answers?" tester.
 */
export class ConsoleRules extends LitElement {
  static override styles = [
    base,
    css`
      .layout {
        display: grid;
        gap: 0 2rem;
      }
      @media (min-width: 64rem) {
        .layout {
          grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
          align-items: start;
        }
        .tester {
          position: sticky;
          top: 3rem;
        }
      }
      .field > p.muted {
        margin: 0 0 0.3rem;
      }
      ol.rules {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      .rule h3 {
        margin: 0 0 0.3rem;
      }
      .rule .words {
        margin: 0 0 0.5rem;
      }
      .actions {
        margin-top: 0.5rem;
      }
      button[aria-disabled='true'] {
        opacity: 0.6;
        cursor: not-allowed;
      }
      fieldset {
        border: 1px solid var(--line);
        border-radius: var(--r);
        margin: 0.8rem 0 0;
        padding: 0.3rem 0.8rem 0.6rem;
      }
      legend {
        font-weight: 600;
        padding: 0 0.3rem;
      }
      fieldset .check {
        margin: 0.5rem 0;
        min-height: 44px;
      }
      .editor {
        border-top: 1px solid var(--line);
        margin-top: 0.6rem;
        padding-top: 0.2rem;
      }
      .confirm {
        margin-top: 0.6rem;
      }
      .site-select {
        max-width: 30rem;
      }
      ul.issues {
        margin: 0.3rem 0;
        padding-inline-start: 1.2rem;
      }
    `,
  ]
  static override properties = {
    context: { attribute: false },
    siteIndex: { state: true },
    editing: { state: true },
    confirming: { state: true },
    adding: { state: true },
    addAt: { state: true },
    addIssues: { state: true },
    said: { state: true },
  }

  context!: ConsoleContext
  siteIndex = 0
  /** The rule open for editing, by index. */
  editing: number | null = null
  /** The rule whose deletion is being confirmed. */
  confirming: number | null = null
  /** The rule being written in the add form (not in the working copy until added). */
  adding: RoutingRule | null = null
  /** Where the added rule goes: before this index (the list's length: at the end). */
  addAt = 0
  /** The schema's issues with the rule being added, after an attempt to add it. */
  addIssues: ErrorIssue[] = []
  /** What the last action did, for everyone (a status line) and for screen readers. */
  said = ''
  private controller: DraftController | undefined

  override willUpdate(): void {
    this.controller ??= new DraftController(this, this.context.draft)
    const sites = this.context.draft.doc?.sites ?? []
    if (this.siteIndex >= sites.length) this.siteIndex = 0
  }

  private get draft() {
    return this.context.draft
  }

  private rulesPath = (j?: number): Path => (j === undefined ? ['sites', this.siteIndex, 'rules'] : ['sites', this.siteIndex, 'rules', j])

  private nameOf: NameOf = (h) => this.draft.doc?.staff.find((s) => s.handle === h)?.name

  /** After the next render, focuses the element with this id (a moved rule's button, a new rule's heading). */
  private async focusSoon(id: string) {
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>(`#${id}`)?.focus()
  }

  private editRules(edit: (rules: RoutingRule[]) => void) {
    this.draft.update((doc) => {
      const site = doc.sites[this.siteIndex]!
      site.rules ??= []
      edit(site.rules)
    })
  }

  private move(j: number, by: -1 | 1, button: 'up' | 'down') {
    const rules = this.draft.doc!.sites[this.siteIndex]!.rules ?? []
    const to = j + by
    if (to < 0 || to >= rules.length) return
    this.editRules((r) => r.splice(to, 0, ...r.splice(j, 1)))
    // Open editors and confirmations follow their rule.
    const follow = (k: number | null) => (k === j ? to : k === to ? j : k)
    this.editing = follow(this.editing)
    this.confirming = follow(this.confirming)
    this.said = `Rule ${j + 1} is now rule ${to + 1}.`
    void this.focusSoon(`rule-${to}-${button}`)
  }

  private deleteRule(j: number) {
    this.editRules((r) => r.splice(j, 1))
    const after = (k: number | null) => (k === null || k === j ? null : k > j ? k - 1 : k)
    this.editing = after(this.editing)
    this.confirming = null
    this.said = `Rule ${j + 1} is deleted from your changes.`
    void this.focusSoon('rules-title')
  }

  private startAdding() {
    const rules = this.draft.doc!.sites[this.siteIndex]!.rules ?? []
    const staff = this.draft.doc!.staff
    this.adding = { when: { path: '' }, assign: { staff: staff[0]?.handle ?? '' } }
    // A new rule placed after a catch-all could never match: it goes before the first one.
    const catchAll = rules.findIndex((r) => 'always' in r.when)
    this.addAt = catchAll < 0 ? rules.length : catchAll
    this.addIssues = []
    void this.focusSoon('new-rule-kind')
  }

  private add() {
    const rule = this.adding!
    // A site just made on the Sites view may have no list of rules yet.
    const at = Math.min(this.addAt, this.draft.doc!.sites[this.siteIndex]!.rules?.length ?? 0)
    // Checked as the schema checks the whole document, so its messages are the ones an apply would give.
    const candidate = structuredClone(this.draft.doc!)
    const site = candidate.sites[this.siteIndex]!
    site.rules ??= []
    site.rules.splice(at, 0, rule)
    const parsed = OrgConfig.safeParse(candidate)
    const place = this.rulesPath(at)
    const issues = parsed.success
      ? []
      : parsed.error.issues
          .filter((i) => place.every((p, k) => i.path[k] === p))
          .map((i) => ({ path: i.path.slice(place.length) as Path, message: i.message }))
    if (issues.length) {
      this.addIssues = issues
      void this.focusSoon(issues.some((i) => i.path[0] === 'when') ? 'new-rule-value' : 'new-rule-kind')
      return
    }
    this.editRules((r) => r.splice(at, 0, rule))
    if (this.editing !== null && this.editing >= at) this.editing++
    this.adding = null
    this.said = `Rule ${at + 1} is added to your changes.`
    void this.focusSoon(`rule-${at}-title`)
  }

  private editor(e: Editor): TemplateResult {
    const { rule, id } = e
    const kind = kindOf(rule.when)
    const assignKind = assignKindOf(rule)
    const issueText = (at: Path, controlId: string) => {
      const found = e.issues(at)
      return found.length ? html`<p class="error" id="${controlId}-error">${found.map((i) => i.message).join('; ')}</p>` : nothing
    }
    const described = (controlId: string, at: Path, hint = false) =>
      [hint ? `${controlId}-hint` : '', e.issues(at).length ? `${controlId}-error` : ''].filter(Boolean).join(' ') || nothing
    const invalid = (at: Path) => (e.issues(at).length ? 'true' : 'false')
    const set = e.change
    const staffChoices = (current: string | undefined, none?: string) => {
      const known = e.staff.some((s) => s.handle === current)
      return html`${none !== undefined ? html`<option value="" ?selected=${!current}>${none}</option>` : nothing}
        ${current && !known ? html`<option value=${current} selected>${current} (no such staff member)</option>` : nothing}
        ${e.staff.map((s) => html`<option value=${s.handle} ?selected=${s.handle === current}>${s.name} (${s.handle})</option>`)}`
    }

    const value = valueLabels[kind]
    const valueAt: Path = ['when', kind]
    const pool = rule.assign && 'pool' in rule.assign ? rule.assign : undefined
    const poolMembers = pool?.pool ?? []
    // Issues of the rule as a whole, of `when` or of a missing `assign`: no control of their own.
    const extra = [...e.issues([]), ...e.issues(['when']), ...e.issues(['assign'])]

    return html`<div class="field">
        <label for="${id}-kind">Matches</label>
        <select
          id="${id}-kind"
          aria-invalid=${invalid(['when'])}
          @change=${(ev: Event) =>
            set((r) => {
              const next = (ev.target as HTMLSelectElement).value as MatchKind
              r.when = whenOf(next)
              // Only a rule about a named responder may leave out whom it assigns.
              if (next !== 'responderAttribute' && !r.assign) r.assign = { staff: e.staff[0]?.handle ?? '' }
            })}
        >
          ${matchKinds.map(([k, label]) => html`<option value=${k} ?selected=${k === kind}>${label}</option>`)}
        </select>
      </div>
      ${value
        ? html`<div class="field">
            <label for="${id}-value">${value[0]}</label>
            <p class="muted" id="${id}-value-hint">${value[1]}</p>
            <input
              id="${id}-value"
              autocomplete="off"
              aria-invalid=${invalid(valueAt)}
              aria-describedby=${described(`${id}-value`, valueAt, true)}
              .value=${live(String((rule.when as Record<string, unknown>)[kind] ?? ''))}
              @change=${(ev: Event) => set((r) => ((r.when as Record<string, unknown>)[kindOf(r.when)] = (ev.target as HTMLInputElement).value))}
            />
            ${issueText(valueAt, `${id}-value`)}
          </div>`
        : nothing}
      <div class="field">
        <label for="${id}-assign">Answered by</label>
        <select
          id="${id}-assign"
          @change=${(ev: Event) =>
            set((r) => {
              const next = (ev.target as HTMLSelectElement).value as AssignKind
              const first = e.staff[0]?.handle ?? ''
              if (next === 'named') delete r.assign
              else if (next === 'staff') r.assign = { staff: (r.assign && 'pool' in r.assign ? r.assign.pool[0] : undefined) ?? first }
              else r.assign = { pool: r.assign && 'staff' in r.assign ? [r.assign.staff] : [first], strategy: 'round_robin' }
            })}
        >
          ${kind === 'responderAttribute' ? html`<option value="named" ?selected=${assignKind === 'named'}>The person the embed names</option>` : nothing}
          <option value="staff" ?selected=${assignKind === 'staff'}>One person</option>
          <option value="pool" ?selected=${assignKind === 'pool'}>A pool of people</option>
        </select>
      </div>
      ${rule.assign && 'staff' in rule.assign
        ? html`<div class="field">
            <label for="${id}-staff">Person</label>
            <select
              id="${id}-staff"
              aria-invalid=${invalid(['assign', 'staff'])}
              aria-describedby=${described(`${id}-staff`, ['assign', 'staff'])}
              @change=${(ev: Event) => set((r) => (r.assign = { staff: (ev.target as HTMLSelectElement).value }))}
            >
              ${staffChoices(rule.assign.staff)}
            </select>
            ${issueText(['assign', 'staff'], `${id}-staff`)}
          </div>`
        : nothing}
      ${pool
        ? html`<fieldset aria-describedby=${described(`${id}-pool`, ['assign', 'pool'])}>
              <legend>Pool members</legend>
              ${[...e.staff.map((s) => s.handle), ...poolMembers.filter((h) => !e.staff.some((s) => s.handle === h))].map((h) => {
                const k = poolMembers.indexOf(h)
                const memberId = `${id}-pool-${h}`
                return html`<label class="check" for=${memberId}
                    ><input
                      id=${memberId}
                      type="checkbox"
                      .checked=${live(k >= 0)}
                      aria-invalid=${k >= 0 ? invalid(['assign', 'pool', k]) : 'false'}
                      aria-describedby=${k >= 0 && e.issues(['assign', 'pool', k]).length ? `${memberId}-error` : nothing}
                      @change=${(ev: Event) =>
                        set((r) => {
                          const a = r.assign as { pool: string[] }
                          const on = (ev.target as HTMLInputElement).checked
                          // Members keep the staff list's order: the pool's key (its turns) depends on it.
                          const order = e.staff.map((s) => s.handle)
                          a.pool = on ? [...a.pool, h].sort((x, y) => order.indexOf(x) - order.indexOf(y)) : a.pool.filter((m) => m !== h)
                        })}
                    />${this.nameOf(h) ?? `${h} (no such staff member)`}</label
                  >
                  ${k >= 0 ? issueText(['assign', 'pool', k], memberId) : nothing}`
              })}
              ${issueText(['assign', 'pool'], `${id}-pool`)}
            </fieldset>
            <div class="grid">
              <div class="field">
                <label for="${id}-strategy">Who in the pool</label>
                <select
                  id="${id}-strategy"
                  aria-invalid=${invalid(['assign', 'strategy'])}
                  @change=${(ev: Event) => set((r) => ((r.assign as { strategy: string }).strategy = (ev.target as HTMLSelectElement).value))}
                >
                  ${strategies.map(([s, label]) => html`<option value=${s} ?selected=${s === pool.strategy}>${label}</option>`)}
                </select>
              </div>
              <div class="field">
                <label for="${id}-lead">Lead (receives the pool's escalations)</label>
                <select
                  id="${id}-lead"
                  aria-invalid=${invalid(['assign', 'lead'])}
                  aria-describedby=${described(`${id}-lead`, ['assign', 'lead'])}
                  @change=${(ev: Event) =>
                    set((r) => {
                      const a = r.assign as { lead?: string }
                      const lead = (ev.target as HTMLSelectElement).value
                      if (lead) a.lead = lead
                      else delete a.lead
                    })}
                >
                  ${staffChoices(pool.lead, 'No lead')}
                </select>
                ${issueText(['assign', 'lead'], `${id}-lead`)}
              </div>
            </div>`
        : nothing}
      ${extra.length ? html`<p class="error">${extra.map((i) => i.message).join('; ')}</p>` : nothing}`
  }

  /** Issues under rule j that no control of its shows: those of `when` and `assign` as a whole. */
  private ruleIssues(j: number, rule: RoutingRule, withControls: boolean): ErrorIssue[] {
    const at = this.rulesPath(j)
    const all = this.draft.issuesAt(at, true)
    if (!withControls) return all
    const own = ownPlaces(rule).map((p) => JSON.stringify([...at, ...p]))
    return all.filter((i) => !own.includes(JSON.stringify(i.path)))
  }

  private ruleItem(rule: RoutingRule, j: number, rules: RoutingRule[]): TemplateResult {
    const last = rules.length - 1
    const editing = this.editing === j
    const issues = this.ruleIssues(j, rule, editing)
    const catchAll = rules.slice(0, j).findIndex((r) => 'always' in (r.when ?? {}) && this.claims(r))
    const about = `rule-${j}-title rule-${j}-words`
    const sub = (p: Path) => [...this.rulesPath(j), ...p]
    return html`<li class="card rule">
      <h3 id="rule-${j}-title" tabindex="-1">Rule ${j + 1}</h3>
      <p class="words" id="rule-${j}-words">${ruleInWords(rule, this.nameOf)}</p>
      ${catchAll >= 0 ? html`<p class="notice">Never reached: rule ${catchAll + 1} before it matches every page.</p>` : nothing}
      ${issues.length
        ? html`<ul class="issues error" aria-label="Problems with rule ${j + 1}">
            ${issues.map((i) => html`<li>${i.message}</li>`)}
          </ul>`
        : nothing}
      ${editing
        ? html`<div class="editor">
            ${this.editor({
              id: `rule-${j}`,
              rule,
              // Issues of `when` and `assign` as a whole are in the list above, once.
              issues: (p) => (p.length <= 1 ? [] : this.draft.issuesAt(sub(p))),
              change: (edit) => this.editRules((r) => edit(r[j]!)),
              staff: this.draft.doc!.staff,
            })}
          </div>`
        : nothing}
      ${this.confirming === j
        ? html`<div class="confirm alert" role="group" aria-labelledby="rule-${j}-confirm-q">
            <p id="rule-${j}-confirm-q">Delete rule ${j + 1} from your changes? Comments it would route go to the next rule that matches.</p>
            <div class="row">
              <button id="rule-${j}-confirm" class="danger" @click=${() => this.deleteRule(j)}>Delete rule ${j + 1}</button>
              <button
                class="quiet"
                @click=${() => {
                  this.confirming = null
                  void this.focusSoon(`rule-${j}-delete`)
                }}
              >
                Keep it
              </button>
            </div>
          </div>`
        : nothing}
      <div class="row actions">
        <button
          id="rule-${j}-edit"
          class="quiet"
          aria-expanded=${editing ? 'true' : 'false'}
          aria-describedby=${about}
          @click=${() => {
            this.editing = editing ? null : j
            void this.focusSoon(editing ? `rule-${j}-edit` : `rule-${j}-kind`)
          }}
        >
          ${editing ? 'Done' : 'Edit'}
        </button>
        <button id="rule-${j}-up" class="quiet" aria-disabled=${j === 0 ? 'true' : 'false'} aria-describedby=${about} @click=${() => this.move(j, -1, 'up')}>
          Move up
        </button>
        <button
          id="rule-${j}-down"
          class="quiet"
          aria-disabled=${j === last ? 'true' : 'false'}
          aria-describedby=${about}
          @click=${() => this.move(j, 1, 'down')}
        >
          Move down
        </button>
        <button
          id="rule-${j}-delete"
          class="quiet"
          aria-describedby=${about}
          @click=${() => {
            this.confirming = j
            void this.focusSoon(`rule-${j}-confirm`)
          }}
        >
          Delete
        </button>
      </div>
    </li>`
  }

  /** Does a catch-all rule take every page, so that the rules after it are never tried? */
  private claims(rule: RoutingRule): boolean {
    const here = (h: string) => this.draft.doc!.staff.some((s) => s.handle === h)
    if (!rule.assign) return false
    return 'staff' in rule.assign ? here(rule.assign.staff) : (rule.assign.pool ?? []).some(here)
  }

  private addForm(rules: RoutingRule[]): TemplateResult {
    if (!this.adding)
      return html`<p><button id="add-rule" @click=${this.startAdding}>Add a rule</button></p>`
    const issues = (p: Path) => this.addIssues.filter((i) => JSON.stringify(i.path) === JSON.stringify(p))
    return html`<section class="card" aria-labelledby="new-rule-title">
      <h3 id="new-rule-title">New rule</h3>
      ${this.editor({
        id: 'new-rule',
        rule: this.adding,
        issues,
        change: (edit) => {
          const next = structuredClone(this.adding!)
          edit(next)
          this.adding = next
          this.addIssues = []
        },
        staff: this.draft.doc!.staff,
      })}
      ${this.addIssues
        .filter((i) => !ownPlaces(this.adding!).some((p) => JSON.stringify(p) === JSON.stringify(i.path)))
        .filter((i) => i.path.length > 1)
        .map((i) => html`<p class="error">${i.message}</p>`)}
      <div class="field">
        <label for="new-rule-at">Place</label>
        <select id="new-rule-at" @change=${(ev: Event) => (this.addAt = Number((ev.target as HTMLSelectElement).value))}>
          ${rules.map((_, k) => html`<option value=${k} ?selected=${this.addAt === k}>Before rule ${k + 1}</option>`)}
          <option value=${rules.length} ?selected=${this.addAt >= rules.length}>At the end</option>
        </select>
      </div>
      <div class="row actions">
        <button @click=${this.add}>Add rule</button>
        <button
          class="quiet"
          @click=${() => {
            this.adding = null
            void this.focusSoon('add-rule')
          }}
        >
          Cancel
        </button>
      </div>
    </section>`
  }

  override render() {
    const draft = this.draft
    const doc = draft.doc
    if (!doc) return html`<h1 tabindex="-1">Routing</h1><p class="alert" role="alert">${draft.loadError ?? 'The configuration is not loaded.'}</p>`
    const site = doc.sites[this.siteIndex]
    const rules = site?.rules ?? []
    const fallback = site?.settings?.defaultResponder
    return html`<h1 tabindex="-1">Routing</h1>
      <p>
        Each site's rules are tried in order; the first that matches a new conversation decides who answers it, and
        what no rule claims goes to the site's default responder. Someone away is skipped for their delegate.
        Your changes are kept until you review and apply them.
      </p>
      <div class="field site-select">
        <label for="site">Site</label>
        <select
          id="site"
          @change=${(ev: Event) => {
            this.siteIndex = Number((ev.target as HTMLSelectElement).value)
            this.editing = this.confirming = null
            this.adding = null
            this.said = ''
          }}
        >
          ${doc.sites.map((s, i) => html`<option value=${i} ?selected=${i === this.siteIndex}>${s.name} (${s.id})</option>`)}
        </select>
      </div>
      <div class="layout">
        <section aria-labelledby="rules-title">
          <h2 id="rules-title" tabindex="-1">Rules of <bdi>${site?.name ?? ''}</bdi></h2>
          <p role="status" class="muted">${this.said}</p>
          ${draft.issuesAt(this.rulesPath()).map((i) => html`<p class="error">${i.message}</p>`)}
          ${rules.length
            ? html`<ol class="rules">
                ${rules.map((rule, j) => this.ruleItem(rule, j, rules))}
              </ol>`
            : html`<p>No rules yet.</p>`}
          <p>
            Then, when no rule matches:
            ${fallback ? html`<bdi>${this.nameOf(fallback) ?? fallback}</bdi>` : 'nobody'}, the site's default responder
            (set on <a href="#sites">Sites</a>).
          </p>
          ${this.addForm(rules)}
        </section>
        <div class="tester card">
          <console-rules-tester .context=${this.context} .site=${this.siteIndex}></console-rules-tester>
        </div>
      </div>`
  }
}
customElements.define('console-rules', ConsoleRules)
