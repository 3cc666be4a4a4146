import { css, html, LitElement, nothing } from 'lit'
import { live } from 'lit/directives/live.js'
import { origin as originSchema, type SiteConfig } from '../../../schema'
import type { ConsoleContext } from '../context'
import { DraftController, type ConfigDraft } from '../draft'
import { checkbox, field, idOf, issuesOf } from '../fields'
import { base } from '../styles'
import { checkPage, originOf } from './site-origins'

const MODERATION = [
  ['none', 'None: publish comments at once'],
  ['first_time', "First-time visitors: hold a visitor's comments until one is approved"],
  ['all', 'All: hold every comment for approval'],
] as const

const PAGE_QUERY = [
  ['drop', 'Ignore it: /news?id=1 is the page /news'],
  ['keep', 'Keep it: each query is a page of its own'],
] as const

const allowsResponder = (site: SiteConfig) => site.rules.some((r) => 'responderAttribute' in r.when)

/**
 * One site of the working copy: its name, origins and settings, the embed code to paste into its pages, and a check
 * of whether a page address is on its origins. Edits go to the working copy only, like every view's.
 */
export class ConsoleSiteEditor extends LitElement {
  static override styles = [
    base,
    css`
      .origin {
        display: flex;
        gap: 0.5rem;
        align-items: flex-end;
      }
      .origin .field {
        flex: 1;
        min-width: 0;
      }
      .origin button {
        margin-bottom: 0.1rem;
      }
      .answer {
        min-height: 1.5em;
      }
    `,
  ]
  static override properties = {
    context: { attribute: false },
    index: { type: Number },
    newOrigin: { state: true },
    newOriginError: { state: true },
    copyStatus: { state: true },
    checked: { state: true },
  }

  context!: ConsoleContext
  /** The site's place in the document's `sites`. */
  index = 0
  newOrigin = ''
  newOriginError = ''
  copyStatus = ''
  /** The page address last checked. */
  checked: string | undefined
  private drafts: DraftController | undefined

  private get draft(): ConfigDraft {
    return this.context.draft
  }

  private get site(): SiteConfig | undefined {
    return this.draft.doc?.sites[this.index]
  }

  override connectedCallback(): void {
    // The draft is known only once the shell has given the context.
    this.drafts ??= new DraftController(this, this.context.draft)
    super.connectedCallback()
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // Another site: what was typed, copied or checked for the last one does not carry over.
    if (changed.has('index') && changed.get('index') !== undefined) {
      this.newOrigin = ''
      this.newOriginError = ''
      this.copyStatus = ''
      this.checked = undefined
      const page = this.renderRoot.querySelector<HTMLInputElement>('#check-page')
      if (page) page.value = ''
    }
  }

  /** Moves focus to the editor's heading (after it is opened or the site is added). */
  async focusHeading(): Promise<void> {
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus()
  }

  private get snippet(): string {
    return `<script src="${location.origin}/widget.js" data-site="${this.site?.id ?? ''}" async></script>`
  }

  private addOrigin(e: SubmitEvent) {
    e.preventDefault()
    const text = this.newOrigin.trim()
    const parsed = originSchema.safeParse(text)
    if (!parsed.success) {
      const meant = originOf(text)
      this.newOriginError =
        meant && meant !== text
          ? `Only the origin goes here: ${meant}, without a path or a slash at the end.`
          : 'That is not an origin. Write it as https://www.example.org: the scheme, the host and a port if any, nothing else.'
      return
    }
    if (this.site?.origins.includes(text)) {
      this.newOriginError = `${text} is already one of this site's origins.`
      return
    }
    this.draft.update((doc) => doc.sites[this.index]!.origins.push(text))
    this.newOrigin = ''
    this.newOriginError = ''
  }

  private removeOrigin(j: number) {
    this.draft.update((doc) => doc.sites[this.index]!.origins.splice(j, 1))
    // The button is gone: the list's first control, or the field to add one, takes focus.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#origins input')?.focus())
  }

  private setResponderAttribute(on: boolean) {
    this.draft.update((doc) => {
      const site = doc.sites[this.index]!
      site.rules = site.rules.filter((r) => !('responderAttribute' in r.when))
      // At the top: an embed that names its responder wins over every other rule.
      if (on) site.rules.unshift({ when: { responderAttribute: true } })
    })
  }

  private setBannedWords(text: string) {
    const words = text
      .split('\n')
      .map((w) => w.trim())
      .filter(Boolean)
    this.draft.update((doc) => (doc.sites[this.index]!.settings.bannedWords = words))
  }

  private async copy() {
    this.copyStatus = ''
    try {
      await navigator.clipboard.writeText(this.snippet)
      this.copyStatus = 'Copied.'
    } catch {
      // No clipboard (permission refused, an older browser): the code is selected, ready for the keyboard's copy.
      const pre = this.renderRoot.querySelector('pre')
      const selection = getSelection()
      if (pre && selection) selection.selectAllChildren(pre)
      this.copyStatus = 'Your browser did not let the console copy it: the code is selected, press Ctrl+C (⌘C on a Mac) to copy it.'
    }
  }

  private check(e: SubmitEvent) {
    e.preventDefault()
    this.checked = String(new FormData(e.target as HTMLFormElement).get('page') ?? '')
  }

  private answer() {
    const site = this.site
    if (this.checked === undefined || !site) return nothing
    const result = checkPage(this.checked, site.origins)
    switch (result.kind) {
      case 'not_a_url':
        return html`<p class="error">That is not a web address: type the whole address, starting with https:// (for example https://www.example.org/news/).</p>`
      case 'not_http':
        return html`<p class="error">The embed works only on http and https pages, and this address is ${result.scheme}:.</p>`
      case 'on_site': {
        const saved = this.draft.saved?.sites.find((s) => s.id === site.id)
        const later = !saved?.origins.includes(result.origin)
        return html`<p>
          Yes: this page is on <strong>${result.origin}</strong>, one of this site's origins, so the embed
          ${later ? 'will work there once you apply your changes.' : 'works there.'}
        </p>`
      }
      case 'off_site':
        return html`<p class="error">
          No: the embed would be refused on this page. Its origin, <strong>${result.origin}</strong>, is not one of this site's origins.
          ${result.near.length
            ? html`Origins must match exactly (scheme, host and port), and this one is close to ${result.near.join(' and ')}.`
            : nothing}
          Add it above if the site's pages are served there.
        </p>`
    }
  }

  override render() {
    const site = this.site
    if (!site) return nothing
    const at = ['sites', this.index]
    const staff = this.draft.doc?.staff ?? []
    const responders: [string, string][] = staff.map((s) => [s.handle, `${s.name} (${s.role})`])
    if (!staff.some((s) => s.handle === site.settings.defaultResponder))
      responders.unshift([site.settings.defaultResponder, `${site.settings.defaultResponder} (not on the staff)`])
    const newId = idOf([...at, 'new-origin'])
    const allows = allowsResponder(site)
    return html`<h2 tabindex="-1">Site: <bdi>${site.name}</bdi></h2>
      <p class="muted">Id <code>${site.id}</code>, the embed's <code>data-site</code>.</p>
      ${field(this.draft, [...at, 'name'], 'Name')}

      <fieldset id="origins">
        <legend>Allowed origins</legend>
        <p class="muted">Only pages on these origins may show and post comments: scheme, host and port, as https://www.example.org.</p>
        ${site.origins.map(
          (o, j) => html`<div class="origin">
            ${field(this.draft, [...at, 'origins', j], `Origin ${j + 1}`, { type: 'url' })}
            <button class="quiet" type="button" aria-label="Remove ${o}" @click=${() => this.removeOrigin(j)}>Remove</button>
          </div>`,
        )}
        ${issuesOf(this.draft, [...at, 'origins'])}
        <form class="origin" @submit=${this.addOrigin} novalidate>
          <div class="field">
            <label for=${newId}>Add an origin</label>
            <input
              id=${newId}
              type="url"
              inputmode="url"
              autocomplete="off"
              placeholder="https://www.example.org"
              aria-invalid=${this.newOriginError ? 'true' : 'false'}
              aria-describedby=${this.newOriginError ? `${newId}-error` : nothing}
              .value=${live(this.newOrigin)}
              @input=${(e: Event) => (this.newOrigin = (e.target as HTMLInputElement).value)}
            />
          </div>
          <button>Add origin</button>
        </form>
        ${this.newOriginError ? html`<p class="error" id="${newId}-error">${this.newOriginError}</p>` : nothing}
      </fieldset>

      <fieldset>
        <legend>Settings</legend>
        <div class="grid">
          ${field(this.draft, [...at, 'settings', 'defaultResponder'], 'Default responder', {
            choices: responders,
            hint: 'Answers whatever no routing rule claims.',
          })}
          ${field(this.draft, [...at, 'settings', 'moderation'], 'Pre-moderation', { choices: MODERATION })}
          ${field(this.draft, [...at, 'settings', 'replyTargetHours'], 'Reply-time target (hours)', {
            type: 'number',
            hint: 'A conversation unanswered this long is overdue and escalates.',
          })}
          ${field(this.draft, [...at, 'settings', 'editWindowMinutes'], 'Edit window (minutes)', {
            type: 'number',
            hint: 'How long visitors may edit their comment.',
          })}
          ${field(this.draft, [...at, 'settings', 'maxLinks'], 'Most links in a comment', { type: 'number' })}
          ${field(this.draft, [...at, 'settings', 'pageQuery'], 'Does a query make a page of its own?', { choices: PAGE_QUERY })}
          ${field(this.draft, [...at, 'settings', 'turnstileSiteKey'], 'Turnstile site key', {
            optional: true,
            hint: 'Cloudflare Turnstile checks posters are people. Leave empty to not use it.',
          })}
        </div>
        ${checkbox(this.draft, [...at, 'settings', 'requireVerifiedEmail'], 'Hold comments until the visitor confirms their email address')}
        <div class="field">
          <label class="check" for=${idOf([...at, 'responder-attribute'])}
            ><input
              id=${idOf([...at, 'responder-attribute'])}
              type="checkbox"
              aria-describedby="${idOf([...at, 'responder-attribute'])}-hint"
              .checked=${live(allows)}
              @change=${(e: Event) => this.setResponderAttribute((e.target as HTMLInputElement).checked)}
            />Embeds may name their responder</label
          >
          <p class="muted" id="${idOf([...at, 'responder-attribute'])}-hint">
            An embed with <code>responder="handle"</code> then goes to that person, before any other rule (a rule at the top of this
            site's routing).
          </p>
        </div>
        <div class="field">
          <label for=${idOf([...at, 'settings', 'bannedWords'])}>Banned words</label>
          <p class="muted" id="${idOf([...at, 'settings', 'bannedWords'])}-hint">One a line. Comments containing them are refused.</p>
          <textarea
            id=${idOf([...at, 'settings', 'bannedWords'])}
            dir="auto"
            aria-describedby="${idOf([...at, 'settings', 'bannedWords'])}-hint"
            .value=${live(site.settings.bannedWords.join('\n'))}
            @change=${(e: Event) => this.setBannedWords((e.target as HTMLTextAreaElement).value)}
          ></textarea>
          ${issuesOf(this.draft, [...at, 'settings', 'bannedWords'], true)}
        </div>
      </fieldset>

      <h3>Embed code</h3>
      <p class="muted" id="embed-hint">Paste it where comments should appear on the site's pages.</p>
      <pre aria-describedby="embed-hint"><code>${this.snippet}</code></pre>
      <p class="row"><button type="button" @click=${this.copy}>Copy the embed code</button></p>
      <p role="status">${this.copyStatus}</p>

      <h3>Check a page</h3>
      <form @submit=${this.check} novalidate>
        <label for="check-page">Page address</label>
        <input id="check-page" name="page" type="url" inputmode="url" autocomplete="off" placeholder="https://www.example.org/news/" />
        <p><button>Check this page</button></p>
      </form>
      <div role="status" class="answer">${this.answer()}</div>`
  }
}
customElements.define('console-site-editor', ConsoleSiteEditor)

declare global {
  interface HTMLElementTagNameMap {
    'console-site-editor': ConsoleSiteEditor
  }
}
