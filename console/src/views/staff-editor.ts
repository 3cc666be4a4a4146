import { css, html, LitElement, nothing } from 'lit'
import { live } from 'lit/directives/live.js'
import { OrgConfig, type AwayPeriod, type DigestPreference, type StaffConfig } from '../../../schema'
import type { ConsoleContext } from '../context'
import { DraftController, type ConfigDraft, type OrgDoc, type Path } from '../draft'
import { field, idOf, issuesOf, setAt } from '../fields'
import { base } from '../styles'
import './staff-photo'

const BIO_MAX = 280

const FREQUENCIES = [
  ['immediate', 'At once: one email per new conversation'],
  ['hourly', 'Hourly: one digest an hour'],
  ['daily', 'Daily: one digest at the hour below'],
] as const

const HOURS = Array.from({ length: 24 }, (_, h) => [String(h), `${String(h).padStart(2, '0')}:00`] as const)

let zones: string[] | undefined
/** Every IANA zone the browser knows, with UTC (which some browsers leave out of the list). */
function timeZones(current: string): string[] {
  zones ??= [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])]
  return zones.includes(current) ? zones : [current, ...zones]
}

/** Today in the browser's own zone, as a date field writes it. */
const today = () => {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** A whole-days period keeps dates; one with times keeps both ends as date and time. */
const wholeDays = (p: AwayPeriod) => !p.from.includes('T') && !p.to.includes('T')

/** Where an issue is, in words an admin can act on. */
export function placeOf(doc: OrgDoc, path: Path): string {
  const [kind, i, sub, j] = path
  if (kind === 'sites' && typeof i === 'number') {
    const site = doc.sites[i]?.name ?? `site ${i + 1}`
    if (sub === 'rules' && typeof j === 'number') return `${site}: routing rule ${j + 1}`
    if (sub === 'settings') return `${site}: default responder`
    return site
  }
  if (kind === 'staff' && typeof i === 'number') return `${doc.staff[i]?.name ?? `member ${i + 1}`}: ${sub === 'delegate' ? 'delegate' : String(sub ?? 'details')}`
  return path.join(' › ')
}

/** The issues the document would have without `handle` on its staff: where the others still name them. */
export function namedWithout(doc: OrgDoc, handle: string): { place: string; href: string; message: string }[] {
  const next = structuredClone(doc)
  next.staff = next.staff.filter((s) => s.handle !== handle)
  const parsed = OrgConfig.safeParse(next)
  if (parsed.success) return []
  return parsed.error.issues
    .filter((i) => i.message.includes(`"${handle}"`) || i.message.includes(` ${handle} `))
    .map((i) => ({
      place: placeOf(next, i.path as Path),
      href: i.path[0] === 'sites' && i.path[2] === 'rules' ? '#rules' : i.path[0] === 'sites' ? '#sites' : '#staff',
      message: i.message,
    }))
}

/**
 * @summary One member of staff in the working copy: profile (with a live preview of the photo), time zone, digest,
 * away periods, delegate, and deactivation after a confirm step.
 * @fires staff-deactivated - after the member is taken out of the working copy; `detail.handle`.
 */
export class ConsoleStaffEditor extends LitElement {
  static override styles = [
    base,
    css`
      .preview {
        display: flex;
        gap: 1rem;
        align-items: center;
      }
      .choice {
        font-weight: 400;
        display: flex;
        gap: 0.5rem;
        align-items: center;
        min-height: 44px;
        margin: 0;
      }
      dialog {
        color: var(--fg);
        background: var(--bg);
        border: 1px solid var(--line);
        border-radius: var(--r);
        max-width: min(34rem, calc(100vw - 2rem));
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.5);
      }
    `,
  ]
  static override properties = {
    context: { attribute: false },
    handle: {},
    photo: { state: true },
    photoLoaded: { state: true },
    bio: { state: true },
  }

  context!: ConsoleContext
  /** Whose editor: the member's handle (their place in the list changes as others come and go). */
  handle = ''
  /** The photo address as typed, before it is written to the working copy. */
  photo: string | undefined
  photoLoaded: boolean | undefined
  /** The bio as typed, before it is written to the working copy. */
  bio: string | undefined
  private drafts: DraftController | undefined

  override connectedCallback(): void {
    this.drafts ??= new DraftController(this, this.context.draft)
    super.connectedCallback()
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('handle')) {
      this.photo = undefined
      this.bio = undefined
    }
  }

  private get draft(): ConfigDraft {
    return this.context.draft
  }

  private get index(): number {
    return this.draft.doc?.staff.findIndex((s) => s.handle === this.handle) ?? -1
  }

  /** Moves focus to the editor's heading. */
  async focusHeading(): Promise<void> {
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus()
  }

  private edit(change: (member: StaffConfig) => void) {
    const i = this.index
    this.draft.update((doc) => change(doc.staff[i]!))
  }

  private setDigest(frequency: DigestPreference['frequency'], hour?: number) {
    this.edit((m) => {
      const was = m.digest.frequency === 'daily' ? m.digest.hour : 9
      m.digest = frequency === 'daily' ? { frequency, hour: hour ?? was } : { frequency }
    })
  }

  private setAway(j: number, end: 'from' | 'to', value: string) {
    this.edit((m) => (m.away[j]![end] = value))
  }

  private setWholeDays(j: number, on: boolean) {
    this.edit((m) => {
      const p = m.away[j]!
      m.away[j] = on ? { from: p.from.slice(0, 10), to: p.to.slice(0, 10) } : { from: `${p.from.slice(0, 10)}T09:00`, to: `${p.to.slice(0, 10)}T17:00` }
    })
  }

  private async addAway() {
    const start = today()
    this.edit((m) => m.away.push({ from: start, to: start }))
    await this.updateComplete
    const fields = this.renderRoot.querySelectorAll<HTMLElement>('.away input[type="date"], .away input[type="datetime-local"]')
    fields[fields.length - 2]?.focus()
  }

  private async removeAway(j: number) {
    this.edit((m) => m.away.splice(j, 1))
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>('#add-away')?.focus()
  }

  private askDeactivate() {
    this.renderRoot.querySelector('dialog')?.showModal()
  }

  private deactivate() {
    const handle = this.handle
    this.renderRoot.querySelector('dialog')?.close()
    this.draft.update((doc) => (doc.staff = doc.staff.filter((s) => s.handle !== handle)))
    this.dispatchEvent(new CustomEvent('staff-deactivated', { detail: { handle }, bubbles: true, composed: true }))
  }

  private photoField(i: number, member: StaffConfig) {
    const path = ['staff', i, 'photoUrl']
    const id = idOf(path)
    const shown = this.photo ?? member.photoUrl ?? ''
    const invalid = this.draft.issuesAt(path).length > 0
    const caption = !shown.trim()
      ? 'No photo: visitors see the initials.'
      : this.photoLoaded === false
        ? 'The photo did not load from this address: visitors would see the initials.'
        : 'Visitors see this photo beside the name.'
    return html`<div class="field">
      <label for=${id}>Photo URL</label>
      <p class="muted" id="${id}-hint">An https address (or a path on this server) of a square picture; empty shows the initials.</p>
      <input
        id=${id}
        type="url"
        inputmode="url"
        autocomplete="off"
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby="${id}-hint ${id}-preview${invalid ? ` ${id}-error` : ''}"
        .value=${live(shown)}
        @input=${(e: Event) => ((this.photo = (e.target as HTMLInputElement).value), (this.photoLoaded = undefined))}
        @change=${(e: Event) => {
          const value = (e.target as HTMLInputElement).value.trim()
          this.photo = undefined
          this.draft.update((doc) => setAt(doc, path, value || undefined))
        }}
      />
      ${invalid
        ? // zod says only "Invalid input" when neither a URL nor a path fits: the two ways it may be written, instead.
          html`<p class="error" id="${id}-error">Write an http(s) address (https://…) or a path on this server (/photos/…).</p>`
        : nothing}
      <div class="preview">
        <console-staff-photo
          large
          .name=${member.name}
          .src=${shown.trim() || undefined}
          @photo-state=${(e: CustomEvent<{ loaded: boolean }>) => (this.photoLoaded = e.detail.loaded)}
        ></console-staff-photo>
        <p class="muted" id="${id}-preview" aria-live="polite">Preview. ${caption}</p>
      </div>
    </div>`
  }

  private bioField(i: number, member: StaffConfig) {
    const path = ['staff', i, 'bio']
    const id = idOf(path)
    const invalid = this.draft.issuesAt(path).length > 0
    const text = this.bio ?? member.bio
    return html`<div class="field">
      <label for=${id}>Short bio</label>
      <textarea
        id=${id}
        dir="auto"
        maxlength=${BIO_MAX}
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby="${id}-count${invalid ? ` ${id}-error` : ''}"
        .value=${live(text)}
        @input=${(e: Event) => (this.bio = (e.target as HTMLTextAreaElement).value)}
        @change=${(e: Event) => {
          const value = (e.target as HTMLTextAreaElement).value
          this.bio = undefined
          this.draft.update((doc) => setAt(doc, path, value))
        }}
      ></textarea>
      <p class="muted" id="${id}-count">${text.length} of ${BIO_MAX} characters. Shown beside every answer.</p>
      ${issuesOf(this.draft, path)}
    </div>`
  }

  private digestFields(i: number, member: StaffConfig) {
    const d = member.digest
    const hourId = idOf(['staff', i, 'digest', 'hour'])
    return html`<fieldset>
      <legend>Digest: how often they are emailed about people waiting</legend>
      ${FREQUENCIES.map(
        ([value, label]) => html`<label class="choice"
          ><input
            type="radio"
            name="frequency-${this.handle}"
            value=${value}
            .checked=${live(d.frequency === value)}
            @change=${() => this.setDigest(value)}
          />${label}</label
        >`,
      )}
      ${d.frequency === 'daily'
        ? html`<label for=${hourId}>Hour of the daily digest, in their time zone</label>
            <select id=${hourId} @change=${(e: Event) => this.setDigest('daily', Number((e.target as HTMLSelectElement).value))}>
              ${HOURS.map(([value, label]) => html`<option value=${value} ?selected=${Number(value) === d.hour}>${label}</option>`)}
            </select>`
        : nothing}
      ${issuesOf(this.draft, ['staff', i, 'digest'], true)}
    </fieldset>`
  }

  private awayFields(i: number, member: StaffConfig) {
    return html`<fieldset class="away">
      <legend>Away periods</legend>
      <p class="muted">While away, new conversations skip them for their delegate. Dates are in their own time zone.</p>
      ${member.away.map((p, j) => {
        const whole = wholeDays(p)
        const at = ['staff', i, 'away', j]
        const end = (key: 'from' | 'to', label: string) => {
          const id = idOf([...at, key])
          const invalid = this.draft.issuesAt([...at, key]).length > 0
          return html`<div class="field">
            <label for=${id}>${label}</label>
            <input
              id=${id}
              type=${p[key].includes('T') ? 'datetime-local' : 'date'}
              aria-invalid=${invalid ? 'true' : 'false'}
              aria-describedby=${invalid ? `${id}-error` : nothing}
              .value=${live(p[key])}
              @change=${(e: Event) => this.setAway(j, key, (e.target as HTMLInputElement).value)}
            />
            ${issuesOf(this.draft, [...at, key])}
          </div>`
        }
        return html`<fieldset>
          <legend>Away period ${j + 1}</legend>
          <div class="grid">${end('from', whole ? 'From (first day away)' : 'From')} ${end('to', whole ? 'To (last day away)' : 'To')}</div>
          <label class="check" for="${idOf(at)}-whole"
            ><input
              id="${idOf(at)}-whole"
              type="checkbox"
              .checked=${live(whole)}
              @change=${(e: Event) => this.setWholeDays(j, (e.target as HTMLInputElement).checked)}
            />Whole days</label
          >
          ${issuesOf(this.draft, at)}
          <p><button class="quiet" type="button" aria-label="Remove away period ${j + 1}" @click=${() => this.removeAway(j)}>Remove</button></p>
        </fieldset>`
      })}
      ${issuesOf(this.draft, ['staff', i, 'away'])}
      <p><button class="quiet" type="button" id="add-away" @click=${this.addAway}>Add an away period</button></p>
    </fieldset>`
  }

  private confirmDialog(member: StaffConfig) {
    const doc = this.draft.doc!
    const named = namedWithout(doc, member.handle)
    return html`<dialog aria-label="Deactivate ${member.name}?" aria-describedby="deactivate-what">
      <h2 id="deactivate-title">Deactivate <bdi>${member.name}</bdi>?</h2>
      <p id="deactivate-what">
        They leave the staff: no new conversations go to them and their staff links stop working. They are never deleted: past
        replies keep their byline, and you can reactivate them.
      </p>
      ${named.length
        ? html`<p>Rules and settings that name them must change before your changes can be applied:</p>
            <ul>
              ${named.map((n) => html`<li><a href=${n.href}><bdi>${n.place}</bdi></a></li>`)}
            </ul>`
        : html`<p>No rule or setting names them.</p>`}
      <p class="row">
        <button class="danger" type="button" @click=${this.deactivate}>Deactivate</button>
        <button class="quiet" type="button" autofocus @click=${() => this.renderRoot.querySelector('dialog')?.close()}>Keep them</button>
      </p>
    </dialog>`
  }

  override render() {
    const i = this.index
    const member = this.draft.doc?.staff[i]
    if (!member) return nothing
    const at = ['staff', i]
    const colleagues: [string, string][] = [
      ['', "Nobody: the site's rules decide"],
      ...this.draft.doc!.staff.filter((s) => s.handle !== member.handle).map((s): [string, string] => [s.handle, `${s.name} (${s.role})`]),
    ]
    if (member.delegate && !colleagues.some(([h]) => h === member.delegate)) colleagues.push([member.delegate, `${member.delegate} (not on the staff)`])
    return html`<h2 tabindex="-1">Edit <bdi>${member.name}</bdi></h2>
      <p class="muted">Handle <code>${member.handle}</code>: rules and embeds name them by it, and it cannot change.</p>
      <div class="grid">
        ${field(this.draft, [...at, 'name'], 'Name', { autocomplete: 'off' })} ${field(this.draft, [...at, 'role'], 'Role')}
        ${field(this.draft, [...at, 'email'], 'Email', { type: 'email', hint: 'Digests and reply links go here; never shown to visitors.' })}
      </div>
      ${this.photoField(i, member)} ${this.bioField(i, member)}
      ${field(this.draft, [...at, 'disclaimer'], 'Disclaimer', { optional: true, hint: 'For example “Views my own”. Leave empty for none.' })}
      ${field(this.draft, [...at, 'timeZone'], 'Time zone', {
        choices: timeZones(member.timeZone).map((z) => [z, z.replaceAll('_', ' ')] as const),
        hint: 'Their digest hour and away dates are in this zone.',
      })}
      ${this.digestFields(i, member)} ${this.awayFields(i, member)}
      ${field(this.draft, [...at, 'delegate'], 'Delegate', {
        choices: colleagues,
        optional: true,
        hint: 'Takes their new and overdue conversations while they are away.',
      })}
      <h3>Deactivate</h3>
      <p class="muted">Takes them off the staff without deleting anything: past replies keep their byline.</p>
      <p><button class="danger" type="button" aria-label="Deactivate ${member.name}…" @click=${this.askDeactivate}>Deactivate <bdi>${member.name}</bdi>…</button></p>
      ${this.confirmDialog(member)}`
  }
}
customElements.define('console-staff-editor', ConsoleStaffEditor)

declare global {
  interface HTMLElementTagNameMap {
    'console-staff-editor': ConsoleStaffEditor
  }
}
