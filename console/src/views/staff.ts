import { css, html, LitElement, nothing } from 'lit'
import { live } from 'lit/directives/live.js'
import { RoutingInputs, StaffConfig } from '../../../schema'
import { api, isSessionLost } from '../api'
import type { ConsoleContext } from '../context'
import { DraftController, type OrgDoc } from '../draft'
import { issuesOf } from '../fields'
import { base } from '../styles'
import { namedWithout } from './staff-editor'
import './staff-photo'

type Former = RoutingInputs['staff'][number]
type NewMember = { handle: string; name: string; role: string; email: string }
type NewMemberField = keyof NewMember
const emptyMember = (): NewMember => ({ handle: '', name: '', role: '', email: '' })

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })
const whenTimed = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
/** A local date or date-time of an away period, as the admin reads dates (it is in the member's own zone). */
const shown = (local: string) => (local.includes('T') ? whenTimed : when).format(new Date(local.includes('T') ? local : `${local}T00:00`))

/** The member's current or next away period and who stands in, for their row in the list. */
function awayLine(member: StaffConfig, doc: OrgDoc) {
  const d = new Date()
  const now = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
  const next = member.away
    .filter((p) => /^\d{4}-\d{2}-\d{2}/.test(p.to) && p.to.slice(0, 10) >= now && !Number.isNaN(Date.parse(p.from)))
    .sort((a, b) => (a.from < b.from ? -1 : 1))[0]
  if (!next) return nothing
  const delegate = doc.staff.find((s) => s.handle === member.delegate)?.name
  return html`<span class="muted">Away ${shown(next.from)} to ${shown(next.to)}${delegate ? html`, <bdi>${delegate}</bdi> stands in` : ''}</span>`
}


/**
 * @summary The organisation's staff: the active members of the working copy, each editable, a form to add one, and
 * the deactivated members with a way back. Everything here edits the working copy; nothing is written until the
 * changes are reviewed and applied in #config.
 */
export class ConsoleStaff extends LitElement {
  static override styles = [
    base,
    css`
      ul.people {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      ul.people li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: center;
        padding: 0.5rem 0;
        border-bottom: 1px solid var(--line);
      }
      .who {
        flex: 1;
        min-width: 10rem;
      }
      .who strong,
      .who span {
        display: block;
      }
      .reactivate {
        flex-basis: 100%;
      }
    `,
  ]
  static override properties = {
    context: { attribute: false },
    open: { state: true },
    former: { state: true },
    formerError: { state: true },
    reactivating: { state: true },
    reactivateErrors: { state: true },
    newMember: { state: true },
    newMemberErrors: { state: true },
    said: { state: true },
    stillNamed: { state: true },
  }

  context!: ConsoleContext
  /** The handle of the member whose editor is open. */
  open: string | undefined
  /** Everyone routing knows, active or not (GET /v1/console/routing-inputs), as last read. */
  former: Former[] | undefined
  formerError = ''
  /** The deactivated member whose role and address are being asked for. */
  reactivating: string | undefined
  reactivateErrors: { role?: string; email?: string } = {}
  newMember: NewMember = emptyMember()
  newMemberErrors: Partial<Record<NewMemberField, string>> = {}
  said = ''
  /** After a deactivation: where the others still name that person. */
  stillNamed: ReturnType<typeof namedWithout> = []
  private drafts: DraftController | undefined
  /** The saved document the deactivated list was read for: an apply reads it again. */
  private readFor: OrgDoc | undefined

  override connectedCallback(): void {
    this.drafts ??= new DraftController(this, this.context.draft)
    super.connectedCallback()
  }

  private get draft() {
    return this.context.draft
  }

  protected override willUpdate(): void {
    if (this.draft.saved && this.draft.saved !== this.readFor) {
      this.readFor = this.draft.saved
      void this.readFormer()
    }
  }

  private async readFormer() {
    try {
      this.former = (await api('/v1/console/routing-inputs', { schema: RoutingInputs })).staff
      this.formerError = ''
    } catch (e) {
      if (isSessionLost(e)) throw e
      this.formerError = `The deactivated staff could not be read: ${e instanceof Error ? e.message : String(e)}`
    }
  }

  private async focusOn(selector: string) {
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus()
  }

  private async openMember(handle: string) {
    this.open = handle
    await this.updateComplete
    await this.renderRoot.querySelector('console-staff-editor')?.focusHeading()
  }

  private deactivated(e: CustomEvent<{ handle: string }>) {
    const handle = e.detail.handle
    const name = this.draft.saved?.staff.find((s) => s.handle === handle)?.name ?? this.nameOf(handle)
    this.open = undefined
    this.stillNamed = this.draft.doc ? namedWithout(this.draft.doc, handle) : []
    this.said = `${name} is deactivated in your changes. Past replies keep their byline.`
    void this.focusOn('#said')
  }

  private nameOf(handle: string) {
    return this.former?.find((f) => f.handle === handle)?.name ?? handle
  }

  /** Those deactivated in the working copy (still active on the server) and those the server has as inactive. */
  private get deactivatedMembers(): { handle: string; name: string; saved: StaffConfig | undefined; former: Former | undefined }[] {
    const doc = this.draft.doc
    if (!doc) return []
    const inDoc = new Set(doc.staff.map((s) => s.handle))
    const pending = (this.draft.saved?.staff ?? []).filter((s) => !inDoc.has(s.handle)).map((s) => ({ handle: s.handle, name: s.name, saved: s, former: undefined }))
    const known = new Set([...inDoc, ...pending.map((p) => p.handle)])
    const inactive = (this.former ?? []).filter((f) => !f.active && !known.has(f.handle)).map((f) => ({ handle: f.handle, name: f.name, saved: undefined, former: f }))
    return [...pending, ...inactive]
  }

  private restore(member: StaffConfig) {
    this.draft.update((doc) => doc.staff.push(structuredClone(member)))
    this.said = `${member.name} is back on the staff in your changes.`
    this.stillNamed = []
    void this.focusOn('#said')
  }

  private reactivate(e: SubmitEvent, former: Former) {
    e.preventDefault()
    const form = new FormData(e.target as HTMLFormElement)
    const doc = this.draft.doc!
    const handles = new Set(doc.staff.map((s) => s.handle))
    const candidate = {
      handle: former.handle,
      name: former.name,
      role: String(form.get('role') ?? ''),
      email: String(form.get('email') ?? '').trim(),
      timeZone: former.timeZone,
      away: former.away,
      // Their old delegate, if still on the staff.
      ...(former.delegate && handles.has(former.delegate) ? { delegate: former.delegate } : {}),
    }
    const parsed = StaffConfig.safeParse(candidate)
    if (!parsed.success) {
      const errors: { role?: string; email?: string } = {}
      for (const issue of parsed.error.issues) if (issue.path[0] === 'role' || issue.path[0] === 'email') errors[issue.path[0]] ??= issue.message
      this.reactivateErrors = errors
      void this.focusOn(errors.role ? '#reactivate-role' : '#reactivate-email')
      return
    }
    this.draft.update((d) => d.staff.push(parsed.data))
    this.reactivating = undefined
    this.reactivateErrors = {}
    this.said = `${former.name} is back on the staff in your changes. Add their photo, bio and digest preference in their editor.`
    void this.focusOn('#said')
  }

  private addMember(e: SubmitEvent) {
    e.preventDefault()
    const n = this.newMember
    const candidate = { handle: n.handle.trim(), name: n.name, role: n.role, email: n.email.trim() }
    const parsed = StaffConfig.safeParse(candidate)
    const errors: Partial<Record<NewMemberField, string>> = {}
    for (const issue of parsed.success ? [] : parsed.error.issues) errors[issue.path[0] as NewMemberField] ??= issue.message
    if (this.draft.doc?.staff.some((s) => s.handle === candidate.handle)) errors.handle = `someone on the staff already has the handle "${candidate.handle}"`
    else if (this.former?.some((f) => f.handle === candidate.handle))
      errors.handle = `a former member (${this.nameOf(candidate.handle)}) had the handle "${candidate.handle}": reactivate them below, or choose another`
    this.newMemberErrors = errors
    const first = (['handle', 'name', 'role', 'email'] as const).find((k) => errors[k])
    if (first || !parsed.success) return void this.focusOn(`#new-member-${first ?? 'handle'}`)
    this.draft.update((doc) => doc.staff.push(parsed.data))
    this.newMember = emptyMember()
    this.said = `${parsed.data.name} is added to your changes.`
    void this.openMember(parsed.data.handle)
  }

  private newMemberField(key: NewMemberField, label: string, hint?: string) {
    const id = `new-member-${key}`
    const error = this.newMemberErrors[key]
    const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${hint ? html`<p class="muted" id="${id}-hint">${hint}</p>` : nothing}
      <input
        id=${id}
        type=${key === 'email' ? 'email' : 'text'}
        autocomplete="off"
        dir=${key === 'name' || key === 'role' ? 'auto' : nothing}
        required
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${described}
        .value=${live(this.newMember[key])}
        @input=${(e: Event) => (this.newMember = { ...this.newMember, [key]: (e.target as HTMLInputElement).value })}
      />
      ${error ? html`<p class="error" id="${id}-error">${error}</p>` : nothing}
    </div>`
  }

  private reactivateForm(former: Former) {
    const error = (key: 'role' | 'email') => this.reactivateErrors[key]
    const input = (key: 'role' | 'email', label: string) => html`<div class="field">
      <label for="reactivate-${key}">${label}</label>
      <input
        id="reactivate-${key}"
        name=${key}
        type=${key === 'email' ? 'email' : 'text'}
        autocomplete="off"
        required
        aria-invalid=${error(key) ? 'true' : 'false'}
        aria-describedby=${error(key) ? `reactivate-${key}-error` : nothing}
      />
      ${error(key) ? html`<p class="error" id="reactivate-${key}-error">${error(key)}</p>` : nothing}
    </div>`
    return html`<form class="reactivate card" aria-label="Reactivate ${former.name}" @submit=${(e: SubmitEvent) => this.reactivate(e, former)} novalidate>
      <p class="muted">
        The server keeps a former member's name, time zone and away dates for routing, not their role, address, photo or bio: give
        their role and address here, and the rest in their editor after.
      </p>
      <div class="grid">${input('role', 'Role')} ${input('email', 'Email')}</div>
      <p class="row">
        <button>Reactivate <bdi>${former.name}</bdi></button>
        <button class="quiet" type="button" @click=${() => ((this.reactivating = undefined), (this.reactivateErrors = {}))}>Cancel</button>
      </p>
    </form>`
  }

  override render() {
    const doc = this.draft.doc
    if (!doc)
      return html`<h1 tabindex="-1">Staff</h1>
        <p role="alert">${this.draft.loadError ?? 'The configuration is loading.'}</p>`
    const deactivated = this.deactivatedMembers
    return html`<h1 tabindex="-1">Staff</h1>
      <p class="notice">
        Changes here go into your working copy only. Nothing changes for visitors or staff until you
        <a href="#config">review and apply them</a>.
      </p>
      <div id="said" tabindex="-1" role="status">
        ${this.said ? html`<p>${this.said}</p>` : nothing}
        ${this.stillNamed.length
          ? html`<p>Before your changes can be applied, these must name someone else:</p>
              <ul>
                ${this.stillNamed.map((n) => html`<li><a href=${n.href}><bdi>${n.place}</bdi></a>: ${n.message}</li>`)}
              </ul>`
          : nothing}
      </div>
      ${issuesOf(this.draft, ['staff'])}

      <h2 id="active-heading">Active staff</h2>
      <ul class="people" aria-labelledby="active-heading">
        ${doc.staff.map(
          (s, i) => html`<li>
            <console-staff-photo .name=${s.name} .src=${s.photoUrl}></console-staff-photo>
            <span class="who">
              <strong><bdi>${s.name}</bdi></strong>
              <span class="muted"><bdi>${s.role}</bdi> · <code>${s.handle}</code></span>
              ${awayLine(s, doc)}
              ${this.draft.issuesAt(['staff', i], true).length ? html`<span class="error">Needs another look</span>` : nothing}
            </span>
            <button class=${this.open === s.handle ? '' : 'quiet'} type="button" aria-label="Edit ${s.name}" @click=${() => this.openMember(s.handle)}>
              Edit
            </button>
          </li>`,
        )}
      </ul>
      ${this.open && doc.staff.some((s) => s.handle === this.open)
        ? html`<section class="card" aria-label="Edit ${doc.staff.find((s) => s.handle === this.open)!.name}">
            <console-staff-editor .context=${this.context} .handle=${this.open} @staff-deactivated=${this.deactivated}></console-staff-editor>
          </section>`
        : nothing}

      <h2>Add a member</h2>
      <form @submit=${this.addMember} novalidate>
        <div class="grid">
          ${this.newMemberField('handle', 'Handle', 'Lower-case letters, digits and dashes; rules and embeds name them by it.')}
          ${this.newMemberField('name', 'Name')} ${this.newMemberField('role', 'Role', 'Shown beside their name, as “Housing officer”.')}
          ${this.newMemberField('email', 'Email', 'Digests and reply links go here.')}
        </div>
        <p><button>Add the member</button></p>
      </form>

      <h2 id="deactivated-heading">Deactivated</h2>
      ${this.formerError ? html`<p class="alert">${this.formerError}</p>` : nothing}
      ${deactivated.length
        ? html`<ul class="people" aria-labelledby="deactivated-heading">
            ${deactivated.map(
              (d) => html`<li>
                <console-staff-photo .name=${d.name} .src=${d.saved?.photoUrl}></console-staff-photo>
                <span class="who">
                  <strong><bdi>${d.name}</bdi></strong>
                  <span class="muted">${d.saved ? 'Deactivated in your changes, not applied yet' : 'Deactivated'} · <code>${d.handle}</code></span>
                </span>
                ${d.saved
                  ? html`<button class="quiet" type="button" aria-label="Reactivate ${d.name}" @click=${() => this.restore(d.saved!)}>Reactivate</button>`
                  : html`<button
                      class="quiet"
                      type="button"
                      aria-label="Reactivate ${d.name}"
                      aria-expanded=${this.reactivating === d.handle ? 'true' : 'false'}
                      @click=${() => ((this.reactivating = d.handle), (this.reactivateErrors = {}), void this.focusOn('#reactivate-role'))}
                    >
                      Reactivate…
                    </button>`}
                ${this.reactivating === d.handle && d.former ? this.reactivateForm(d.former) : nothing}
              </li>`,
            )}
          </ul>`
        : html`<p class="muted">${this.former ? 'Nobody is deactivated.' : 'Reading who is deactivated…'}</p>`}`
  }
}
customElements.define('console-staff', ConsoleStaff)

declare global {
  interface HTMLElementTagNameMap {
    'console-staff': ConsoleStaff
  }
}
