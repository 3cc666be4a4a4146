import { css, html, LitElement, nothing } from 'lit'
import { live } from 'lit/directives/live.js'
import { OrgAdminConfig, SiteConfig, SiteSettings } from '../../../schema'
import type { ConsoleContext } from '../context'
import { DraftController } from '../draft'
import { field, issuesOf } from '../fields'
import { base } from '../styles'
import './site-editor'

type NewSite = { id: string; name: string; origin: string; defaultResponder: string }
type NewSiteField = keyof NewSite
type NewAdmin = { email: string; name: string }

const emptySite = (): NewSite => ({ id: '', name: '', origin: '', defaultResponder: '' })

/**
 * @summary The organisation (its name and who may sign in to the console) and its sites: each site's name, origins,
 * settings, embed code and page check, and a form to add a site. Everything here edits the working copy; nothing is
 * written until the changes are reviewed and applied in #config.
 */
export class ConsoleSites extends LitElement {
  static override styles = [
    base,
    css`
      ul.items {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      ul.items li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 0.75rem;
        align-items: center;
        justify-content: space-between;
        padding: 0.5rem 0;
        border-bottom: 1px solid var(--line);
      }
      .who {
        min-width: 0;
      }
      .who > * {
        display: block;
      }
      .new {
        display: grid;
        gap: 0 1rem;
        grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
        align-items: end;
      }
    `,
  ]
  static override properties = {
    context: { attribute: false },
    open: { state: true },
    newSite: { state: true },
    newSiteErrors: { state: true },
    newAdmin: { state: true },
    newAdminError: { state: true },
    said: { state: true },
  }

  context!: ConsoleContext
  /** The id of the site whose editor is open. */
  open: string | undefined
  newSite: NewSite = emptySite()
  newSiteErrors: Partial<Record<NewSiteField, string>> = {}
  newAdmin: NewAdmin = { email: '', name: '' }
  newAdminError = ''
  /** What the last action did, for the status line. */
  said = ''
  private drafts: DraftController | undefined

  override connectedCallback(): void {
    this.drafts ??= new DraftController(this, this.context.draft)
    super.connectedCallback()
  }

  private get draft() {
    return this.context.draft
  }

  private async openSite(id: string) {
    this.open = id
    await this.updateComplete
    await this.renderRoot.querySelector('console-site-editor')?.focusHeading()
  }

  private addAdmin(e: SubmitEvent) {
    e.preventDefault()
    const candidate = { email: this.newAdmin.email.trim(), ...(this.newAdmin.name.trim() ? { name: this.newAdmin.name.trim() } : {}) }
    const parsed = OrgAdminConfig.safeParse(candidate)
    if (!parsed.success) {
      this.newAdminError = parsed.error.issues.some((i) => i.path[0] === 'email')
        ? 'Enter the email address their sign-in link goes to.'
        : `The name ${parsed.error.issues[0]?.message ?? 'is not right'}.`
      return
    }
    const admins = this.draft.doc?.admins ?? []
    if (admins.some((a) => a.email.toLowerCase() === parsed.data.email.toLowerCase())) {
      this.newAdminError = `${parsed.data.email} is already an admin.`
      return
    }
    this.draft.update((doc) => (doc.admins = [...(doc.admins ?? []), parsed.data]))
    this.newAdmin = { email: '', name: '' }
    this.newAdminError = ''
    this.said = `${parsed.data.email} will be able to sign in once you apply your changes.`
  }

  private removeAdmin(email: string) {
    this.draft.update((doc) => (doc.admins = (doc.admins ?? []).filter((a) => a.email !== email)))
    this.said = `${email} will no longer be able to sign in once you apply your changes.`
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#admin-email')?.focus())
  }

  private async addSite(e: SubmitEvent) {
    e.preventDefault()
    const n = this.newSite
    const candidate = {
      id: n.id.trim(),
      name: n.name.trim(),
      origins: [n.origin.trim()],
      settings: { defaultResponder: n.defaultResponder || this.draft.doc?.staff[0]?.handle || '' },
      rules: [],
    }
    const parsed = SiteConfig.safeParse(candidate)
    const errors: Partial<Record<NewSiteField, string>> = {}
    for (const issue of parsed.success ? [] : parsed.error.issues) {
      const key: NewSiteField = issue.path[0] === 'origins' ? 'origin' : issue.path[0] === 'settings' ? 'defaultResponder' : (issue.path[0] as NewSiteField)
      errors[key] ??= issue.message
    }
    if (this.draft.doc?.sites.some((s) => s.id === candidate.id)) errors.id = `a site with the id "${candidate.id}" is already listed`
    this.newSiteErrors = errors
    const first = Object.keys(errors)[0]
    if (first || !parsed.success) {
      this.renderRoot.querySelector<HTMLElement>(`#new-site-${first}`)?.focus()
      return
    }
    // With the settings' defaults written out, so the editor shows what the site will have.
    const site = { ...parsed.data, settings: SiteSettings.parse(parsed.data.settings) }
    this.draft.update((doc) => doc.sites.push(site))
    this.newSite = emptySite()
    this.said = `Site ${site.name} added to your changes.`
    await this.openSite(site.id)
  }

  private newSiteField(key: NewSiteField, label: string, hint?: string) {
    const id = `new-site-${key}`
    const error = this.newSiteErrors[key]
    const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing
    const set = (e: Event) => (this.newSite = { ...this.newSite, [key]: (e.target as HTMLInputElement).value })
    const staff = this.draft.doc?.staff ?? []
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${hint ? html`<p class="muted" id="${id}-hint">${hint}</p>` : nothing}
      ${key === 'defaultResponder'
        ? html`<select id=${id} aria-describedby=${described} @change=${set}>
            ${staff.map((s) => html`<option value=${s.handle} ?selected=${s.handle === this.newSite.defaultResponder}>${s.name} (${s.role})</option>`)}
          </select>`
        : html`<input
            id=${id}
            type=${key === 'origin' ? 'url' : 'text'}
            autocomplete="off"
            aria-invalid=${error ? 'true' : 'false'}
            aria-describedby=${described}
            .value=${live(this.newSite[key])}
            @input=${set}
          />`}
      ${error ? html`<p class="error" id="${id}-error">${error}</p>` : nothing}
    </div>`
  }

  override render() {
    const doc = this.draft.doc
    if (!doc)
      return html`<h1 tabindex="-1">Sites</h1>
        <p role="alert">${this.draft.loadError ?? 'The configuration is loading.'}</p>`
    const me = this.context.me.admin.email.toLowerCase()
    const openIndex = doc.sites.findIndex((s) => s.id === this.open)
    return html`<h1 tabindex="-1">Sites and organisation</h1>
      <p class="notice">
        Changes here go into your working copy only. Nothing changes for visitors or staff until you
        <a href="#config">review and apply them</a>.
      </p>
      <p role="status">${this.said}</p>

      <h2>Organisation</h2>
      ${field(this.draft, ['org', 'name'], 'Organisation name')}
      <h3 id="admins-heading">Admins</h3>
      <p class="muted">Who may sign in to this console, by a link emailed to their address.</p>
      <ul class="items" aria-labelledby="admins-heading">
        ${(doc.admins ?? []).map(
          (a, i) => html`<li>
            <span class="who">
              <strong><bdi>${a.email}</bdi></strong>
              ${a.name ? html`<span class="muted"><bdi>${a.name}</bdi></span>` : nothing} ${issuesOf(this.draft, ['admins', i], true)}
            </span>
            ${a.email.toLowerCase() === me
              ? html`<span class="muted">You (another admin can remove you)</span>`
              : html`<button class="quiet" type="button" aria-label="Remove ${a.email}" @click=${() => this.removeAdmin(a.email)}>Remove</button>`}
          </li>`,
        )}
      </ul>
      ${issuesOf(this.draft, ['admins'])}
      <form class="new" @submit=${this.addAdmin} novalidate>
        <div class="field">
          <label for="admin-email">New admin's email</label>
          <input
            id="admin-email"
            type="email"
            autocomplete="off"
            aria-invalid=${this.newAdminError ? 'true' : 'false'}
            aria-describedby=${this.newAdminError ? 'admin-error' : nothing}
            .value=${live(this.newAdmin.email)}
            @input=${(e: Event) => (this.newAdmin = { ...this.newAdmin, email: (e.target as HTMLInputElement).value })}
          />
        </div>
        <div class="field">
          <label for="admin-name">Their name (optional)</label>
          <input
            id="admin-name"
            autocomplete="off"
            dir="auto"
            .value=${live(this.newAdmin.name)}
            @input=${(e: Event) => (this.newAdmin = { ...this.newAdmin, name: (e.target as HTMLInputElement).value })}
          />
        </div>
        <p><button>Add admin</button></p>
      </form>
      ${this.newAdminError ? html`<p class="error" id="admin-error">${this.newAdminError}</p>` : nothing}

      <h2 id="sites-heading">Sites</h2>
      ${issuesOf(this.draft, ['sites'])}
      <ul class="items" aria-labelledby="sites-heading">
        ${doc.sites.map(
          (site, i) => html`<li>
            <span class="who">
              <strong><bdi>${site.name}</bdi></strong>
              <span class="muted"><code>${site.id}</code> · ${site.origins.map((o, j) => html`${j ? ', ' : ''}<bdi>${o}</bdi>`)}</span>
              ${this.draft.issuesAt(['sites', i], true).length ? html`<span class="error">Needs another look</span>` : nothing}
            </span>
            <button class=${this.open === site.id ? '' : 'quiet'} type="button" aria-label="Edit ${site.name}" @click=${() => this.openSite(site.id)}>
              Edit
            </button>
          </li>`,
        )}
      </ul>
      ${openIndex >= 0
        ? html`<section class="card" aria-label="Site ${doc.sites[openIndex]!.name}">
            <console-site-editor .context=${this.context} .index=${openIndex}></console-site-editor>
          </section>`
        : nothing}

      <h2>Add a site</h2>
      <form @submit=${this.addSite} novalidate>
        <div class="grid">
          ${this.newSiteField('id', 'Site id', 'Lower-case letters, digits and dashes; the embed names it, and it cannot change.')}
          ${this.newSiteField('name', 'Site name')}
          ${this.newSiteField('origin', 'Origin', 'Where its pages are: https://www.example.org. You can add more after.')}
          ${this.newSiteField('defaultResponder', 'Default responder', 'Answers whatever no routing rule claims.')}
        </div>
        <p><button>Add the site</button></p>
      </form>`
  }
}
customElements.define('console-sites', ConsoleSites)

declare global {
  interface HTMLElementTagNameMap {
    'console-sites': ConsoleSites
  }
}
